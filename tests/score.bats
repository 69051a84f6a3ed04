#!/usr/bin/env bats
# sentio-score: the record contract, options and bad input.

load helpers

D="$BATS_TEST_DIRNAME/score"

@test "score: --help prints the usage on stdout and exits 0" {
	run sentio-score --help
	assert_success
	assert_line --index 0 --partial "usage: sentio-score"
	assert_output --partial "--lexicon-add FILE"
}

@test "score: --version" {
	run sentio-score --version
	assert_success
	assert_output --regexp "^sentio-score [0-9]"
}

@test "score: an unknown option is a usage error (2)" {
	run sentio-score --bogus
	assert_failure 2
}

@test "score: adds the sentiment field, numbers as Python prints them" {
	run sentio-score <<<'{"id":1,"text":"The service was not good."}'
	assert_success
	assert_output '{"id":1,"text":"The service was not good.","sentiment":{"model":"vader","compound":-0.3412,"pos":0.0,"neu":0.624,"neg":0.376,"label":"negative"}}'
}

@test "score: fields keep their order and bytes; the result is spliced before the brace" {
	run sentio-score <<<'{ "z" : 1.50, "text" : "good",  "a":"\u00e9" }  '
	assert_success
	assert_output '{ "z" : 1.50, "text" : "good",  "a":"\u00e9" ,"sentiment":{"model":"vader","compound":0.4404,"pos":1.0,"neu":0.0,"neg":0.0,"label":"positive"}}  '
}

@test "score: an existing field is replaced in place, never duplicated" {
	run sentio-score <<<'{"text":"good","sentiment":{"old":true},"z":2}'
	assert_success
	assert_output '{"text":"good","sentiment":{"model":"vader","compound":0.4404,"pos":1.0,"neu":0.0,"neg":0.0,"label":"positive"},"z":2}'
}

@test "score: empty text scores neutral" {
	run sentio-score <<<'{"text":""}'
	assert_success
	assert_output '{"text":"","sentiment":{"model":"vader","compound":0.0,"pos":0.0,"neu":0.0,"neg":0.0,"label":"neutral"}}'
}

@test "score: --field takes a dotted path, --into names the field" {
	run sentio-score --field body.text --into mood <<<'{"body":{"text":"awful"}}'
	assert_success
	assert_output '{"body":{"text":"awful"},"mood":{"model":"vader","compound":-0.4588,"pos":0.0,"neu":0.0,"neg":1.0,"label":"negative"}}'
}

@test "score: --threshold moves the labels" {
	run sentio-score --threshold 0.5 <<<'{"text":"good"}'
	assert_success
	assert_output --partial '"label":"neutral"'
	run sentio-score --threshold 0.4 <<<'{"text":"good"}'
	assert_output --partial '"label":"positive"'
	run sentio-score --threshold 2 </dev/null
	assert_failure 2
	run sentio-score --threshold x </dev/null
	assert_failure 2
}

@test "score: bad records are rejected with the reason, and counted" {
	run sentio-score --stats --rejects "$BATS_TEST_TMPDIR/rej" "$D/records.ndjson"
	assert_success
	assert_output --partial ':3: no field "text" to score'
	assert_output --partial ':4: field "text" is a number, not a string'
	assert_output --partial ':5: no field "text" to score'
	assert_output --partial ':6: invalid JSON'
	assert_output --partial ':8: not a JSON object'
	assert_output --partial ':9: field "text" is null, not a string'
	assert_output --partial '"in":9,"out":3,"rejected":6'
	run wc -l <"$BATS_TEST_TMPDIR/rej"
	assert_output 6
}

@test "score: --strict stops at the first rejected record" {
	run sentio-score --strict "$D/records.ndjson"
	assert_failure 1
}

@test "score: files as arguments and - for standard input" {
	run bash -c 'sentio-score "$1" - 2>/dev/null' sh "$D/records.ndjson" <<<'{"text":"great"}'
	assert_success
	assert_line --index 3 --partial '"text":"great","sentiment":{"model":"vader","compound":0.6249'
}

@test "score: invalid UTF-8 is repaired, not rejected" {
	run sentio-score < <(printf '{"text":"good \xff"}\n')
	assert_success
	assert_output --partial '"compound":0.4404'
}

@test "score: control characters in tokens are escaped in explanations" {
	run sentio-score --explain <<<'{"text":"good\u001b[31m"}'
	assert_success
	assert_output --partial '"token":"good\u001b[31m"'
	refute_output --partial $'\e'
}

@test "score: a large input keeps memory flat" {
	command -v /usr/bin/time >/dev/null || skip "no /usr/bin/time"
	yes '{"text":"The service was good, but the food was VERY bad!!"}' | head -n 200000 >"$BATS_TEST_TMPDIR/big"
	head -n 20000 "$BATS_TEST_TMPDIR/big" >"$BATS_TEST_TMPDIR/small"
	/usr/bin/time -f '%M' -o "$BATS_TEST_TMPDIR/rss" sentio-score "$BATS_TEST_TMPDIR/big" >/dev/null
	/usr/bin/time -f '%M' -o "$BATS_TEST_TMPDIR/rss-small" sentio-score "$BATS_TEST_TMPDIR/small" >/dev/null
	big=$(cat "$BATS_TEST_TMPDIR/rss") small=$(cat "$BATS_TEST_TMPDIR/rss-small")
	# Flat: ten times the input, not 4 MB more.  The absolute bound is for
	# the plain build; AddressSanitizer's shadow memory alone is about 20 MB.
	[ $((big - small)) -lt 4000 ]
	[ "${SENTIO_SANITIZE:-}" = 1 ] || [ "$big" -lt 20000 ]
}

@test "score: --model textblob gives polarity and subjectivity" {
	sentio-score --model textblob </dev/null 2>/dev/null || skip "textblob not built in"
	run sentio-score --model textblob <<<'{"text":"The service was good."}'
	assert_success
	assert_output '{"text":"The service was good.","sentiment":{"model":"textblob","polarity":0.7,"subjectivity":0.6000000000000001,"label":"positive"}}'
}

@test "score: --model textblob refuses VADER's options" {
	sentio-score --model textblob </dev/null 2>/dev/null || skip "textblob not built in"
	run sentio-score --model textblob --explain </dev/null
	assert_failure 2
}

@test "score: an unknown model is a usage error" {
	run sentio-score --model bert </dev/null
	assert_failure 2
	assert_output --partial "not vader, textblob or auto"
}

@test "score: a compound that rounds to -0.0 is written -0.0, as Python does" {
	# vaderSentiment 3.3.2: {"neg": 0.5, "neu": 0.0, "pos": 0.5, "compound": -0.0}
	run sentio-score <<<'{"text":"deceives Stressor# Arguers\texcitements~\u00a0improving\tfreestanding(\u00a0"}'
	assert_success
	assert_output --partial '"sentiment":{"model":"vader","compound":-0.0,"pos":0.5,"neu":0.0,"neg":0.5,"label":"neutral"}'
}

@test "score: escapes in the text are decoded before scoring" {
	run sentio-score <<<'{"text":"\u0047OOD \"movie\"\n"}'
	assert_success
	# vaderSentiment 3.3.2 on 'GOOD "movie"\n': compound 0.5622, pos 0.784
	assert_output --partial '"compound":0.5622,"pos":0.784,"neu":0.216,"neg":0.0'
}

@test "score: a duplicate key is rejected, even where the fast path looks" {
	run sentio-score <<<'{"text":"good","text":"bad"}'
	assert_success
	assert_output --partial 'duplicate object key'
	run sentio-score <<<'{"a":{"k":1,"k":2},"text":"good"}'
	assert_output --partial 'duplicate object key'
}

@test "score: the fast path writes what jansson's path writes, on 400 mutated lines" {
	# tricky.expected: the output of a build that parses every line with jansson
	# (score.c with -DSCORE_NO_FAST_PATH); 273 of the lines are rejected.
	run bash -c 'sentio-score --stats "$1" 2>"$2" | cmp - "$3"' sh "$D/tricky.ndjson" \
	    "$BATS_TEST_TMPDIR/err" "$D/tricky.expected"
	assert_success
	run tail -n 1 "$BATS_TEST_TMPDIR/err"
	assert_output --partial '"in":400,"out":127,"rejected":273'
}

@test "score: fields we do not own keep their bytes when the output field is replaced" {
	# issue 12 item 7: the path that replaces an existing field used to write the
	# record again with jansson (4.0999999999999996, 100.0, 0, "/").
	local rest='"rating":4.1,"e":1e2,"z":-0,"s":"\/"'
	run sentio-score <<<"{\"text\":\"good\",$rest,\"sentiment\":1}"
	assert_success
	assert_output "{\"text\":\"good\",$rest,\"sentiment\":{\"model\":\"vader\",\"compound\":0.4404,\"pos\":1.0,\"neu\":0.0,\"neg\":0.0,\"label\":\"positive\"}}"
	# the same where the scanner gives way to jansson (an escaped key), with
	# white space around the field, and a UTF-8 repair before it
	run sentio-score < <(printf '{"text":"good \xff",%s, "sentim\\u0065nt" : [1] ,"k\\u0065y":-0.0}\n' "$rest")
	assert_success
	assert_output "{\"text\":\"good �\",$rest, \"sentim\\u0065nt\" : {\"model\":\"vader\",\"compound\":0.4404,\"pos\":0.744,\"neu\":0.256,\"neg\":0.0,\"label\":\"positive\"} ,\"k\\u0065y\":-0.0}"
	# --explain and the textblob model write through the same paths
	run sentio-score --explain <<<"{\"sentiment\":null,\"text\":\"good\",$rest,\"k\\u0065y\":1E+2}"
	assert_success
	assert_output --partial '{"sentiment":{"model":"vader","compound":0.4404,'
	assert_output --partial "\"sum\":1.9}},\"text\":\"good\",$rest,\"k\\u0065y\":1E+2}"
	sentio-score --model textblob </dev/null 2>/dev/null || skip "textblob not built in"
	run sentio-score --model textblob <<<"{\"text\":\"good\",\"sentiment\":{},$rest,\"n\":12345678901234567}"
	assert_success
	assert_output "{\"text\":\"good\",\"sentiment\":{\"model\":\"textblob\",\"polarity\":0.7,\"subjectivity\":0.6000000000000001,\"label\":\"positive\"},$rest,\"n\":12345678901234567}"
}

@test "score: a raw NUL after a number is rejected, on the fast path and the slow one" {
	# issue 12 item 14: such a line is not JSON, and was written out with its NUL.
	run sentio-score --stats < <(printf '{"text":"good","a":0\0,"b":1}\n{"text":"good","a":0\0,"sentiment":1}\n{"text":"good","k\\u0065y":1\0}\n{"text":"good"}\n')
	assert_success
	assert_output --partial ':1: invalid JSON'
	assert_output --partial ':2: invalid JSON'
	assert_output --partial ':3: invalid JSON'
	assert_output --partial '"in":4,"out":1,"rejected":3'
	# what is written is strict JSON: no NUL byte, one object a line
	run bash -c "printf '{\"text\":\"good\",\"a\":0\\0,\"b\":1}\n{\"text\":\"good\",\"a\":1.5\\0}\n' | sentio-score 2>/dev/null | od -An -c"
	assert_success
	refute_output --partial '\0'
}
