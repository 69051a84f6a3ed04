#!/usr/bin/env bats
# sentio-score's TextBlob-compatible model (score/textblob.c): parity with
# TextBlob 0.18 on the oracle corpora, each rule on its own (expected
# numbers are what TextBlob's PatternAnalyzer prints, 17 digits), and the
# model through sentio-score --model textblob.

load helpers

setup() {
	: "${SENTIO_TOOLS:=$BATS_TEST_DIRNAME/../build/opt/tests/tools}"
	TB="$SENTIO_TOOLS/textblob-parity"
	[ -x "$TB" ] || fail "missing $TB: run make check (or make $TB)"
}

# tb TEXT EXPECTED: textblob_score(TEXT) prints "polarity subjectivity".
tb() {
	run "$TB" -e "$1"
	assert_success
	assert_output "$2"
}

@test "textblob: parity with TextBlob 0.18 on every oracle corpus (>= 99.9% within 1e-6)" {
	[ -d "$ORACLE" ] || skip "no oracle at $ORACLE"
	run "$TB" -r 0.999 -t 1e-6 "$ORACLE"/*.ndjson
	assert_success
	assert_line --partial "tweets.ndjson: 4200 texts"
	assert_line --partial "movieReviewSnippets.ndjson: 10605 texts"
	assert_line --partial "amazonReviewSnippets.ndjson: 3708 texts"
	assert_line --partial "nytEditorialSnippets.ndjson: 5190 texts"
	# cases.ndjson is hand-made: every case must match.
	assert_line --partial "cases.ndjson: 63 texts, 63 within"
	refute_output --partial "mismatch"
}

@test "textblob: the parity checker fails when a reference number is off" {
	[ -d "$ORACLE" ] || skip "no oracle at $ORACLE"
	head -n 50 "$ORACLE/cases.ndjson" |
		jq -c 'if .n == 3 then .textblob.polarity += 0.01 else . end' >"$BATS_TEST_TMPDIR/c.ndjson"
	run "$TB" -r 1 "$BATS_TEST_TMPDIR/c.ndjson"
	assert_failure 1
	assert_line --partial "mismatch c.ndjson:3:"
	assert_line --partial "49 within"
}

@test "textblob: empty text and unknown words score 0 0" {
	tb "" "0 0"
	tb "the cat sat on the mat" "0 0"
}

@test "textblob: a lexicon word, whatever its case" {
	tb "good" "0.69999999999999996 0.60000000000000009"
	tb "GOOD" "0.69999999999999996 0.60000000000000009"
}

@test "textblob: an adverb multiplies the next word by its intensity" {
	tb "very good" "0.90999999999999992 0.78000000000000014"
	tb "very very good" "0.90999999999999992 0.78000000000000014"
}

@test "textblob: adverbs made from adjectives (happy -> happily)" {
	tb "happily" "0.80000000000000004 1"
	tb "terribly good" "0.69999999999999996 0.60000000000000009"
}

@test "textblob: negation flips and halves, across one-letter words only" {
	tb "not good" "-0.34999999999999998 0.60000000000000009"
	tb "not a good movie" "-0.34999999999999998 0.60000000000000009"
	tb "not the good movie" "0.69999999999999996 0.60000000000000009"
	tb "not a honest man" "-0.29999999999999999 0.90000000000000002"
	tb "not an honest man" "0.59999999999999998 0.90000000000000002"
	tb "never bad" "0.34999999999999992 0.66666666666666663"
	tb "not very good" "-0.26923076923076916 0.46153846153846156"
	tb "really not good" "-0.34999999999999998 0.60000000000000009"
}

@test "textblob: don't is cut as do n ' t, so it does not negate" {
	tb "I don't like it" "0 0"
}

@test "textblob: each ! raises the previous score by 25%, up to 1" {
	tb "good!" "0.875 0.60000000000000009"
	tb "good!!" "1 0.60000000000000009"
	tb "so good... !" "0.875 0.60000000000000009"
}

@test "textblob: emoticons, joined again when the tokenizer cut them" {
	tb ":)" "0.5 1"
	tb "I am here : )" "0.5 1"
	tb ":-D" "1 1"
	tb "<3" "1 1"
	tb "♥" "1 1"
	tb "bad :(" "-0.72499999999999987 0.83333333333333326"
	tb "good :P" "0.72499999999999998 0.80000000000000004"
	tb "good :p" "0.72499999999999998 0.80000000000000004"
}

@test "textblob: XD is all letters, so it never scores" {
	tb "XD" "0 0"
	tb "xD" "0 0"
}

@test "textblob: the sarcasm mark (!) counts as polarity 0, subjectivity 1" {
	tb "(!)" "0 1"
	tb "wow ( ! ) sure" "0.19999999999999998 0.96296296296296291"
}

@test "textblob: abbreviations keep their period; sentences split faces" {
	tb "Mr. Good" "0.69999999999999996 0.60000000000000009"
	tb "o. O" "0.050000000000000003 1"
	tb "no. O" "0 0"
	tb "no. good" "-0.34999999999999998 0.60000000000000009"
}

@test "textblob: paragraph breaks and curly quotes" {
	tb $'good\n\n:)' "0.59999999999999998 0.80000000000000004"
	tb "“good”" "0.69999999999999996 0.60000000000000009"
}

@test "textblob: long and odd input does not crash" {
	long=$(printf 'not very good :) ( ! ) Mr. ... %.0s' {1..2000})
	run "$TB" -e "$long" $'\xff\xfe good \xc3' "İİ good" "$(printf '\t\v\f\r\n\r\n')"
	assert_success
	assert_line --index 1 "0.69999999999999996 0.60000000000000009"
	assert_line --index 2 "0.69999999999999996 0.60000000000000009"
	assert_line --index 3 "0 0"
}

@test "textblob: sentio-score --model textblob adds polarity, subjectivity and label" {
	run sentio-score --model textblob <<<'{"id":7,"text":"not very good"}'
	assert_success
	assert_output '{"id":7,"text":"not very good","sentiment":{"model":"textblob","polarity":-0.26923076923076916,"subjectivity":0.46153846153846156,"label":"negative"}}'
}

@test "textblob: sentio-score --model textblob scores an empty text neutral" {
	run sentio-score --model textblob <<<'{"text":""}'
	assert_success
	assert_output '{"text":"","sentiment":{"model":"textblob","polarity":0.0,"subjectivity":0.0,"label":"neutral"}}'
}

@test "textblob: sentio-score --model textblob matches the oracle on the hand-made cases" {
	[ -d "$ORACLE" ] || skip "no oracle at $ORACLE"
	run sh -c 'sentio-score --model textblob "$1" |
		jq -r "select((.sentiment.polarity - .textblob.polarity | fabs) > 1e-6 or
		              (.sentiment.subjectivity - .textblob.subjectivity | fabs) > 1e-6) | .n"' \
		sh "$ORACLE/cases.ndjson"
	assert_success
	assert_output ""
}
