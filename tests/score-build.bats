#!/usr/bin/env bats
# sentio-score's build-time data: the lexicon fetch and the table generator.
# No network: npm is a fake on PATH.

load helpers

S="$BATS_TEST_DIRNAME/../score"
SUM=e3bd4e2636c2884bd48fa2df53b8a068575669f9

fake_npm() { # fake_npm SCRIPT-BODY
	mkdir -p "$BATS_TEST_TMPDIR/fakebin"
	printf '#!/bin/sh\n%s\n' "$1" >"$BATS_TEST_TMPDIR/fakebin/npm"
	chmod +x "$BATS_TEST_TMPDIR/fakebin/npm"
}

@test "build: npm failing stops the build, naming the file and how to give it by hand" {
	fake_npm 'echo "npm error network unreachable" >&2; exit 1'
	PATH="$BATS_TEST_TMPDIR/fakebin:$PATH" run sh "$S/fetch-lexicon.sh" vader-sentiment@1.1.3 $SUM x "$BATS_TEST_TMPDIR/out/vader_lexicon.txt"
	assert_failure 1
	assert_output --partial "cannot get vader_lexicon.txt"
	assert_output --partial "network unreachable"
	assert_output --partial "make VADER_LEXICON=/path/to/vader_lexicon.txt"
	[ ! -e "$BATS_TEST_TMPDIR/out/vader_lexicon.txt" ]
}

@test "build: a tarball with another checksum is refused" {
	fake_npm 'mkdir -p package && printf "good\t1.9\n" > package/vader_lexicon.txt && tar czf vader-sentiment-1.1.3.tgz package'
	PATH="$BATS_TEST_TMPDIR/fakebin:$PATH" run sh "$S/fetch-lexicon.sh" vader-sentiment@1.1.3 $SUM x "$BATS_TEST_TMPDIR/out/vader_lexicon.txt"
	assert_failure 1
	assert_output --partial "sha1"
	[ ! -e "$BATS_TEST_TMPDIR/out/vader_lexicon.txt" ]
}

@test "build: the generator makes the tables VADER makes" {
	cd "$BATS_TEST_TMPDIR"
	printf 'good\t1.9\t0.9\t[2, 2]\nbad\t-2.5\t0.5\t[-2]\n\n:)\t2.0\nbadass\t-0.6\n' >lex.txt
	printf 'badass\t1.4\t1.26491\t[1, 3]\n' >patch.tsv
	cat >emoji-test.txt <<-'EOT'
	# group: Smileys
	1F600                                      ; fully-qualified     # 😀 E1.0 grinning face
	263A FE0F                                  ; fully-qualified     # ☺️ E0.6 smiling face
	263A                                       ; unqualified         # ☺ E0.6 smiling face
	1F621                                      ; fully-qualified     # 😡 E0.6 enraged face
	1F970                                      ; fully-qualified     # 🥰 E11.0 smiling face with hearts
	1F971                                      ; fully-qualified     # 🥱 E12.0 yawning face
	EOT
	printf '# names of 11.0\n1F621\tpouting face\n' >names.tsv
	printf '0041..005A    ; Uppercase # L&  [26] A..Z\n0061..007A    ; Lowercase # L&  [26] a..z\n' >case.txt
	for i in $(seq 200); do printf '%X    ; Lowercase # x\n%X    ; Uppercase # x\n' $((0x10000 + 2 * i)) $((0x20000 + 2 * i)); done >>case.txt
	run sh "$S/gen-vader-data.sh" lex.txt patch.tsv emoji-test.txt names.tsv case.txt
	assert_failure # fewer than 7000 words: a truncated download is refused
	assert_output --partial "only 5 lexicon entries"
	for i in $(seq 7000); do printf 'w%d\t0.5\n' $i; done >>lex.txt
	for i in $(seq 1000); do printf '%X ; fully-qualified # x E1.0 e%d\n' $((0x1FA00 + i)) $i; done >>emoji-test.txt
	run sh "$S/gen-vader-data.sh" lex.txt patch.tsv emoji-test.txt names.tsv case.txt
	assert_success
	assert_line --partial '{"good", 1.9},'
	assert_line --partial '{"\072\051", 2.0},'
	# the patch comes last, so that it wins
	run sh -c "sh '$S/gen-vader-data.sh' lex.txt patch.tsv emoji-test.txt names.tsv case.txt | grep badass"
	assert_line --index 1 --partial '{"badass", 1.4},'
	run sh "$S/gen-vader-data.sh" lex.txt patch.tsv emoji-test.txt names.tsv case.txt
	assert_line --partial '{0x1F600, "grinning face"},'
	assert_line --partial '{0x263A, "smiling face"},'
	assert_line --partial '{0x1F621, "pouting face"},'
	assert_line --partial '{0x1F970, "smiling face with hearts"},'
	refute_output --partial 'yawning'
}

@test "build: a bad lexicon line stops the generator" {
	cd "$BATS_TEST_TMPDIR"
	printf 'good\t1.9\nbad\n' >lex.txt
	touch patch.tsv names.tsv case.txt emoji-test.txt
	run sh "$S/gen-vader-data.sh" lex.txt patch.tsv emoji-test.txt names.tsv case.txt
	assert_failure
	assert_output --partial "bad lexicon line 2"
}
