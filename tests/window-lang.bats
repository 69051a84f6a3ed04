#!/usr/bin/env bats
# sentio-window and sentio-plot: records sentio-score did not score
# (another language: "sentiment":{"model":"vader","unscored":"de"}) are
# counted per window as "unscored", in no figure, and never rejected; plot
# ignores them.

load helpers
bats_require_minimum_version 1.5.0

setup() {
	cd "$BATS_TEST_TMPDIR"
	{
		echo '{"ts":"2026-01-01T00:00:01Z","source":"a","sentiment":{"model":"vader","compound":0.5}}'
		echo '{"ts":"2026-01-01T00:00:02Z","source":"a","sentiment":{"model":"vader","unscored":"de"}}'
		echo '{"ts":"2026-01-01T00:00:03Z","source":"b","sentiment":{"model":"textblob","unscored":"fr"}}'
		echo '{"ts":"2026-01-01T00:00:04Z","source":"a","sentiment":{"model":"vader","compound":-0.5}}'
		echo '{"ts":"2026-01-01T00:01:05Z","source":"a","sentiment":{"model":"vader","unscored":"ja"}}'
		echo '{"ts":"2026-01-01T00:02:05Z","source":"a","sentiment":{"model":"vader","compound":0.25}}'
	} >scored.ndjson
}

@test "window: unscored records are counted per window and left out of every figure" {
	run --separate-stderr sentio-window --size 1m --stats scored.ndjson
	assert_success
	assert_output "$(printf '%s\n' \
		'{"start":"2026-01-01T00:00:00.000Z","end":"2026-01-01T00:01:00.000Z","key":null,"count":2,"unscored":2,"sum":0,"mean":0,"stddev":0.7071067811865476,"min":-0.5,"max":0.5,"pos":1,"neu":0,"neg":1,"p10":-0.498,"p50":-0.49,"p90":0.5}' \
		'{"start":"2026-01-01T00:01:00.000Z","end":"2026-01-01T00:02:00.000Z","key":null,"count":0,"unscored":1,"sum":null,"mean":null,"stddev":null,"min":null,"max":null,"pos":0,"neu":0,"neg":0,"p10":null,"p50":null,"p90":null}' \
		'{"start":"2026-01-01T00:02:00.000Z","end":"2026-01-01T00:03:00.000Z","key":null,"count":1,"sum":0.25,"mean":0.25,"stddev":0,"min":0.25,"max":0.25,"pos":1,"neu":0,"neg":0,"p10":0.25,"p50":0.25,"p90":0.25}')"
	[[ "$stderr" == *'"in":6,"out":6,"rejected":0,"filtered":0,'*'"unscored":3}' ]]
}

@test "window: per key, and through --partial and --merge, unscored adds up exactly" {
	sentio-window --size 1m --by source scored.ndjson >single.ndjson
	run jq -c 'select(.key == "b") | [.count, .unscored, .mean]' single.ndjson
	assert_output '[0,1,null]'
	head -n 3 scored.ndjson | sentio-window --size 1m --by source --partial >p1.ndjson
	tail -n +4 scored.ndjson | sentio-window --size 1m --by source --partial >p2.ndjson
	[ "$(grep -c '"unscored":1' p1.ndjson)" -eq 2 ]
	run sentio-window --merge p1.ndjson p2.ndjson
	assert_success
	assert_output "$(cat single.ndjson)"
	# a partial state whose unscored is not a count is rejected
	sed 's/"unscored":1/"unscored":-1/' p1.ndjson >bad.ndjson
	run sentio-window --merge bad.ndjson
	assert_output --partial '"unscored" is not a count'
}

@test "window: a window of unscored records only moves no alert baseline" {
	{
		for s in 1 2 3; do echo "{\"ts\":\"2026-01-01T00:00:0${s}Z\",\"sentiment\":{\"compound\":0.$s}}"; done
		echo '{"ts":"2026-01-01T00:01:01Z","sentiment":{"unscored":"de"}}'
		for s in 1 2 3; do echo "{\"ts\":\"2026-01-01T00:02:0${s}Z\",\"sentiment\":{\"compound\":-0.$s}}"; done
	} >alert.ndjson
	run sentio-window --size 1m --alert 2 alert.ndjson
	assert_success
	run jq -c '[.count, .mean, .alert.baseline]' <<<"$output"
	assert_output "$(printf '%s\n' '[3,0.2,null]' '[0,null,null]' '[3,-0.2,0.2]')"
}

@test "window: a value that is there wins; null or missing without unscored is still rejected" {
	printf '%s\n' '{"ts":1767225601,"sentiment":{"compound":0.5,"unscored":"de"}}' \
		'{"ts":1767225602,"sentiment":{"compound":null}}' \
		'{"ts":1767225603,"sentiment":{"unscored":7}}' \
		'{"ts":1767225604,"s":{"v":null,"unscored":"fr"}}' >odd.ndjson
	run --separate-stderr sentio-window --size 1m --stats odd.ndjson
	assert_output --partial '"count":1,"sum":0.5,'
	[[ "$stderr" == *'"in":4,"out":1,"rejected":3,'*'"unscored":0}' ]]
	# --value's sibling "unscored" is the one looked at
	run --separate-stderr sentio-window --size 1m --value s.v --stats odd.ndjson
	assert_output --partial '"count":0,"unscored":1,'
	[[ "$stderr" == *'"in":4,"out":1,"rejected":3,'*'"unscored":1}' ]]
}

@test "plot: unscored records and windows of only unscored ones are no points" {
	run --separate-stderr sentio-plot --static --x ts --y sentiment.compound --stats scored.ndjson
	assert_success
	[[ "$stderr" == *'"in":6,"out":3,"rejected":0,"filtered":3,'* ]]
	sentio-window --size 1m scored.ndjson >windows.ndjson
	run --separate-stderr sentio-plot --static --stats windows.ndjson
	assert_success
	[[ "$stderr" == *'"in":3,"out":2,"rejected":0,"filtered":1,'* ]]
	# a null y with nothing unscored beside it is still an error
	echo '{"ts":1,"sentiment":{"compound":null}}' >null.ndjson
	run --separate-stderr sentio-plot --static --x ts --y sentiment.compound --stats null.ndjson
	[[ "$stderr" == *'"rejected":1,'* ]]
}
