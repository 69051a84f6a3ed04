#!/usr/bin/env bats
# The build's own promises: make deps, make install, the version, the man pages.

load helpers

setup() {
	TOP="$BATS_TEST_DIRNAME/.."
}

@test "make deps finds everything installed and says nothing" {
	run sh "$TOP/scripts/deps.sh"
	assert_success
	assert_output ""
}

@test "make deps, not as root, prints the exact apt-get command for what is missing" {
	command -v setpriv >/dev/null || skip "no setpriv"
	run setpriv --reuid=65534 --regid=65534 --clear-groups \
	    env SENTIO_DEPS_EXTRA=sentio-no-such-package sh "$TOP/scripts/deps.sh"
	assert_failure 1
	assert_output --partial "sentio needs these Debian packages: sentio-no-such-package"
	assert_output --partial "run as root: apt-get update && apt-get install -y --no-install-recommends sentio-no-such-package"
}

@test "make install puts the binaries and the man pages under DESTDIR and PREFIX" {
	[ "${SENTIO_SANITIZE:-}" = 1 ] && skip "installs the optimised build"
	run make -s -C "$TOP" install DESTDIR="$BATS_TEST_TMPDIR/root" PREFIX=/usr
	assert_success
	for s in collect clean score window plot; do
		[ -x "$BATS_TEST_TMPDIR/root/usr/bin/sentio-$s" ]
		[ -f "$BATS_TEST_TMPDIR/root/usr/share/man/man1/sentio-$s.1" ]
	done
	[ -f "$BATS_TEST_TMPDIR/root/usr/share/man/man7/sentio.7" ]
	run "$BATS_TEST_TMPDIR/root/usr/bin/sentio-score" --version
	assert_output --regexp '^sentio-score [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "every stage has --help, --version and a usage line that matches its man page" {
	for s in collect clean score window plot; do
		run "sentio-$s" --help
		assert_success
		assert_line --index 0 --partial "usage: sentio-$s"
		run "sentio-$s" --version
		assert_success
		assert_output --regexp "^sentio-$s [0-9]+\.[0-9]+\.[0-9]+$"
		run "sentio-$s" --no-such-option
		assert_failure 2
		grep -q "^\.Nm sentio-$s" "$TOP/man/sentio-$s.1"
	done
}

@test "every option in --help is in the man page, and every option of the man page in --help" {
	for s in collect clean score window plot; do
		man="$TOP/man/sentio-$s.1"
		help=$("sentio-$s" --help)
		for o in $(grep -oE -- '--[a-z][a-z0-9-]+' <<<"$help" | sort -u); do
			grep -qE "(Fl|,) -${o#--}( |$)" "$man" || { echo "sentio-$s: $o is not in $man"; false; }
		done
		for o in $(grep -oE '^\.It Fl ([a-zA-Z] , )?-[a-z][a-z0-9-]+' "$man" | grep -oE -- '-[a-z][a-z0-9-]+$'); do
			grep -qE -- "-$o\b" <<<"$help" || { echo "sentio-$s: -$o of the man page is not in --help"; false; }
		done
	done
}

@test "the man pages are clean under mandoc -Tlint" {
	run mandoc -Tlint -Wwarning "$TOP"/man/*.[17]
	assert_success
	assert_output ""
}
