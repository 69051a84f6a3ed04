#!/usr/bin/env bats
# sentio-clean over the ../shared/oracle corpora: it changes what a
# scorer reads only where HTML or character references were decoded.

load helpers
load clean-nolang
bats_require_minimum_version 1.5.0

setup() {
	[ -d "$ORACLE" ] || skip "no oracle at $ORACLE"
	command -v jq >/dev/null || skip "no jq"
	cd "$BATS_TEST_TMPDIR"
	# Every oracle text as a record of its own.
	cat "$ORACLE"/*.ndjson | jq -c '{id: "\(.corpus):\(.n)", text}' >texts.ndjson
}

# Options that keep URLs, mentions and hashtags in the text, so that only
# the cleaning itself is compared (their removal is what the defaults are for).
KEEP="--urls keep --mentions keep --hashtags keep"

@test "oracle texts stay byte-identical except for white space and decoded references" {
	# shellcheck disable=SC2086
	sentio-clean --keep-raw $KEEP texts.ndjson >clean.ndjson
	[ "$(wc -l <clean.ndjson)" -eq "$(wc -l <texts.ndjson)" ]
	# Any other change is listed here, and fails the test.
	jq -c 'select(.text != .text_raw)
		| select((.text_raw | gsub("[ \t\n\r]+"; " ") | ltrimstr(" ") | rtrimstr(" ")) != .text)
		| select(.text_raw | test("&") | not) | [.id, .text_raw, .text]' clean.ndjson >other.ndjson
	run cat other.ndjson
	assert_output ""
	# And some did change (white space, references), so the test can fail.
	run jq -s 'map(select(.text != .text_raw)) | length' clean.ndjson
	[ "$output" -gt 100 ]
}

@test "VADER scores are unchanged except where references were decoded" {
	command -v sentio-score >/dev/null || skip "no sentio-score yet"
	sentio-score texts.ndjson | jq -c '[.id, .sentiment]' >direct.json
	# shellcheck disable=SC2086
	sentio-clean --keep-raw $KEEP texts.ndjson | sentio-score | jq -c '[.id, .sentiment, .text_raw, .text]' >cleaned.json
	[ "$(wc -l <direct.json)" -eq "$(wc -l <texts.ndjson)" ]
	[ "$(wc -l <cleaned.json)" -eq "$(wc -l <texts.ndjson)" ]
	jq -n -c --slurpfile a direct.json --slurpfile b cleaned.json \
		'range(0; $a | length) | select($a[.][1] != $b[.][1]) | $b[.]
		 | [.[0], .[2], .[3], .[1].compound]' >differ.json
	# Each text whose score moved had a reference decoded (&lt;3 became <3, a heart).
	run jq -c 'select(.[1] | test("&") | not)' differ.json
	assert_output ""
	# They are few, and listed for the record.
	local n
	n=$(wc -l <differ.json)
	echo "# $n oracle texts score differently after cleaning:" >&3
	jq -r '"#   \(.[0]): \(.[1][0:70])"' differ.json >&3
	[ "$n" -lt 100 ]
}
