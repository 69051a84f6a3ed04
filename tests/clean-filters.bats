#!/usr/bin/env bats
# sentio-clean: reposts, duplicates, languages and short texts, each
# counted as filtered.

load helpers
load clean-nolang
bats_require_minimum_version 1.5.0

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# The last line of stderr, where --stats goes.
stats_line() {
	printf '%s\n' "$stderr" | tail -n 1
}

@test "--drop-reposts filters repost: true and text starting RT @user:" {
	printf '%s\n' '{"n":1,"text":"a","repost":true}' '{"n":2,"text":"b","repost":false}' \
		'{"n":3,"text":"RT @bob: c"}' '{"n":4,"text":"<p>RT @bob_2: d</p>"}' \
		'{"n":5,"text":"RT this @bob: e"}' '{"n":6,"text":"ART @bob: f"}' '{"n":7,"text":"RT @: g"}' >in.ndjson
	run --separate-stderr sentio-clean --drop-reposts --stats in.ndjson
	assert_success
	assert_output "$(printf '%s\n' '{"n":2,"text":"b","repost":false}' \
		'{"n":5,"text":"RT this: e","mentions":["bob"]}' \
		'{"n":6,"text":"ART: f","mentions":["bob"]}' '{"n":7,"text":"RT @: g"}')"
	[[ "$(stats_line)" == *'"in":7,"out":4,"rejected":0,"filtered":3'* ]]
	[[ "$(stats_line)" == *'"filtered_reposts":3'* ]]
}

@test "without --drop-reposts, reposts pass" {
	run sh -c "echo '{\"text\":\"RT @bob: c\",\"repost\":true}' | sentio-clean --mentions keep"
	assert_output '{"text":"RT @bob: c","repost":true,"mentions":["bob"]}'
}

@test "--dedupe filters texts already seen, compared after cleaning" {
	printf '%s\n' '{"n":1,"text":"Buy now!"}' '{"n":2,"text":"  Buy   now! "}' \
		'{"n":3,"text":"<p>Buy now!</p> https://spam.example"}' '{"n":4,"text":"buy now!"}' >in.ndjson
	run --separate-stderr sentio-clean --dedupe 10 --stats in.ndjson
	assert_output "$(printf '%s\n' '{"n":1,"text":"Buy now!"}' '{"n":4,"text":"buy now!"}')"
	[[ "$(stats_line)" == *'"in":4,"out":2,"rejected":0,"filtered":2'* ]]
	[[ "$(stats_line)" == *'"filtered_duplicates":2'* ]]
}

@test "--dedupe N remembers the last N distinct texts only" {
	for t in a b a c a b d b; do echo "{\"text\":\"$t\"}"; done >in.ndjson
	run sh -c 'sentio-clean --dedupe 2 in.ndjson | tr -d "\n"'
	# a b (a seen) c [a forgotten] a [b forgotten] b d (b seen)
	assert_output '{"text":"a"}{"text":"b"}{"text":"c"}{"text":"a"}{"text":"b"}{"text":"d"}'
}

@test "--dedupe over many distinct texts: exactly the last N are remembered" {
	run sh -c 'seq 1 200000 | sed "s/.*/{\"text\":\"t&\"}/" | sentio-clean --dedupe 1000 | wc -l'
	assert_output 200000
	run sh -c '{ seq 1 5000; seq 4001 5000; } | sed "s/.*/{\"text\":\"t&\"}/" | sentio-clean --dedupe 1000 | wc -l'
	assert_output 5000
}

@test "--lang keeps matching records and those without lang" {
	printf '%s\n' '{"n":1,"text":"a","lang":"en"}' '{"n":2,"text":"b","lang":"EN-gb"}' \
		'{"n":3,"text":"c","lang":"fr"}' '{"n":4,"text":"d"}' '{"n":5,"text":"e","lang":null}' \
		'{"n":6,"text":"f","lang":"de"}' '{"n":7,"text":"g","lang":"eng"}' >in.ndjson
	run --separate-stderr sentio-clean --lang en,de --stats in.ndjson
	assert_output "$(printf '%s\n' '{"n":1,"text":"a","lang":"en"}' '{"n":2,"text":"b","lang":"EN-gb"}' \
		'{"n":4,"text":"d"}' '{"n":5,"text":"e","lang":null}' '{"n":6,"text":"f","lang":"de"}')"
	[[ "$(stats_line)" == *'"filtered":2'* ]]
	[[ "$(stats_line)" == *'"filtered_lang":2'* ]]
}

@test "--lang-strict filters records without lang too" {
	printf '%s\n' '{"n":1,"text":"a","lang":"en"}' '{"n":4,"text":"d"}' '{"n":5,"text":"e","lang":""}' >in.ndjson
	run --separate-stderr sentio-clean --lang en --lang-strict --stats in.ndjson
	assert_output '{"n":1,"text":"a","lang":"en"}'
	[[ "$(stats_line)" == *'"in":3,"out":1,"rejected":0,"filtered":2'* ]]
}

@test "--min-chars counts characters of the clean text as a reader sees them" {
	local fam=$'\U1F468\u200D\U1F469\u200D\U1F467'
	printf '%s\n' '{"n":1,"text":"abc"}' '{"n":2,"text":"ab"}' '{"n":3,"text":"  a   b  "}' \
		'{"n":4,"text":"<p>ab</p> https://x.example/long"}' "{\"n\":5,\"text\":\"$fam$fam\"}" \
		"{\"n\":6,\"text\":\"$fam$fam$fam\"}" '{"n":7,"text":"e\u0301e\u0301e\u0301"}' '{"n":8}' >in.ndjson
	run --separate-stderr sentio-clean --min-chars 3 --stats in.ndjson
	assert_output "$(printf '%s\n' '{"n":1,"text":"abc"}' '{"n":3,"text":"a b"}' \
		"{\"n\":6,\"text\":\"$fam$fam$fam\"}" '{"n":7,"text":"ééé"}')"
	[[ "$(stats_line)" == *'"in":8,"out":4,"rejected":0,"filtered":4'* ]]
	[[ "$(stats_line)" == *'"filtered_short":4'* ]]
}
