#!/usr/bin/env bats
# sentio-window and event time: --lateness all (bounded input in any order), --max-future.

load helpers
bats_require_minimum_version 1.5.0

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# rec TS VALUE [MORE-FIELDS]: one input record.
rec() {
	printf '{"ts":%s,"sentiment":{"compound":%s}%s}\n' "$1" "$2" "${3:+,$3}"
}

# 2,000 records in time order (some share a second) over many windows and
# keys, and the same records shuffled, the same way every run.
sorted_and_shuffled() {
	awk 'BEGIN {
		for (i = 0; i < 2000; i++)
			printf "{\"ts\":%d,\"lang\":\"%s\",\"tags\":[\"t%d\",\"x\"],\"sentiment\":{\"compound\":%.4f}}\n",
			    1795500000 + int(i * 3.7), substr("abcde", i % 5 + 1, 1), i % 3, (i * 37 % 200 - 100) / 100
	}' >sorted
	shuf --random-source=<(yes) sorted >shuffled
	if cmp -s sorted shuffled; then false; fi
}

@test "window-time: --lateness all on shuffled input writes the bytes of the sorted run" {
	sorted_and_shuffled
	for spec in "--size 1m" "--size 5m --slide 1m" "--session 20s"; do
		# shellcheck disable=SC2086
		sentio-window $spec --by lang --by tags --stats sorted >want 2>/dev/null
		# shellcheck disable=SC2086
		run --separate-stderr sentio-window $spec --by lang --by tags --lateness all --stats shuffled
		assert_success
		[[ "$stderr" == *'"in":2000,"out":2000,"rejected":0,"filtered":0'* ]]
		[[ "$stderr" == *'"late":0'* ]]
		assert_equal "$(wc -l <want)" "$(printf '%s\n' "$output" | wc -l)"
		printf '%s\n' "$output" | cmp - want
		# The default lateness loses records on the same shuffled input.
		# shellcheck disable=SC2086
		run --separate-stderr sentio-window $spec --by lang --by tags --stats shuffled
		[[ "$stderr" != *'"late":0'* ]]
	done
	# Alerts follow the windows in output order: the same too.
	sentio-window --by lang --alert 1 sorted >want
	sentio-window --by lang --alert 1 --lateness all shuffled | cmp - want
}

@test "window-time: shards of shuffled input, --partial --lateness all, merge to the sorted run" {
	sorted_and_shuffled
	split -n l/3 shuffled shard.
	for f in shard.*; do
		sentio-window --by lang --by tags --partial --lateness all "$f"
	done | sentio-window --merge >merged
	sentio-window --by lang --by tags sorted | cmp - merged
}

@test "window-time: with --lateness all, --idle closes nothing before the end of input" {
	mkfifo fifo
	sentio-window --size 1s --lateness all --idle 100ms <fifo >out 3>&- &
	pid=$!
	exec 8>fifo
	rec '"2020-01-01T00:00:00Z"' 0.5 >&8
	rec '"2020-01-01T00:00:05Z"' 0.25 >&8
	# Idle time many times over (with --lateness 0 the first window would be
	# out by now; see window.bats), yet nothing is written.
	sleep 1
	[ ! -s out ]
	rec '"2020-01-01T00:00:00.5Z"' 0.125 >&8
	exec 8>&-
	wait $pid
	assert_equal "$(jq -c '[.start, .count]' out | paste -sd ' ')" \
	    '["2020-01-01T00:00:00.000Z",2] ["2020-01-01T00:00:05.000Z",1]'
}

@test "window-time: --lateness all is a usage error with --max-keys; bad --lateness and --max-future" {
	run sentio-window --lateness all --max-keys 10
	assert_failure 2
	assert_output --partial "sentio-window: --lateness: all: not with --max-keys"
	run sentio-window --lateness soon
	assert_failure 2
	assert_output --partial "sentio-window: --lateness: soon: not a duration"
	run sentio-window --max-future soon
	assert_failure 2
	assert_output --partial "sentio-window: --max-future: soon: not a duration"
	run sentio-window --max-future -1s
	assert_failure 2
	run sentio-window --help
	assert_output --partial "--max-future D"
	assert_output --partial "all: bounded input in any order"
}

@test "window-time: a record from 2099 is the only reject and moves no watermark" {
	{
		rec '"2026-11-24T10:00:00Z"' 0.5
		rec '"2026-11-24T10:00:20Z"' 0.25
		rec '"2099-01-01T00:00:00Z"' 0.9 '"id":"future"'
		rec '"2026-11-24T10:00:30Z"' -0.5
		rec '"2026-11-24T10:01:10Z"' 0.1
	} >in
	grep -v future in >want-in
	sentio-window want-in >want
	run --separate-stderr sentio-window --rejects rej --stats in
	assert_success
	printf '%s\n' "$output" | cmp - want
	assert_line --index 0 --partial '"count":3,'
	[[ "$stderr" =~ in:3:\ time\ at\ \"ts\":\ in\ the\ future\ by\ 7[0-9]y[0-9]+d\ \(see\ --max-future\) ]]
	[[ "$stderr" == *'"in":5,"out":4,"rejected":1,"filtered":0'* ]]
	[[ "$stderr" == *'"late":0'* ]]
	assert_equal "$(jq -r .raw rej)" "$(sed -n 3p in)"
}

@test "window-time: --max-future off takes test data stamped ahead; a bound of its own" {
	{
		rec '"2099-01-01T00:00:00Z"' 0.9
		rec '"2099-01-01T00:00:30Z"' 0.1
	} >in
	run --separate-stderr sentio-window --max-future off --stats in
	assert_success
	assert_line --index 0 --partial '"start":"2099-01-01T00:00:00.000Z"'
	assert_line --index 0 --partial '"count":2,'
	[[ "$stderr" == *'"rejected":0'* ]]
	# A day ahead: within 100y, not within 1h.
	t=$(($(date +%s) + 86400))
	rec "$t" 0.5 >soon
	run --separate-stderr sentio-window --max-future 100d --stats soon
	[[ "$stderr" == *'"rejected":0'* ]]
	run --separate-stderr sentio-window --max-future 1h --stats soon
	[[ "$stderr" == *'"rejected":1'* ]]
	[[ "$stderr" =~ in\ the\ future\ by\ (23h59m|1d) ]]
}

# --- late: late records explained (how late, what to do) and revised (--revise).

# late_input: windows [0,60) and [60,120) are written by the record at 130
# (watermark 125); then records 1m15s, 1m10s and 4m15s behind the watermark.
late_input() {
	{
		rec 10 0.1
		rec 130 0.2
		rec 50 0.3  # 1m15s behind 125: [0, 60) was written
		rec 55 0.25 # 1m10s behind: [0, 60) again
		rec 126 0.5
		rec 300 0.1 # watermark 295
		rec 40 0.9  # 4m15s behind 295
	} >in
}

@test "window-time: a late record's reason says how late it is and what to do" {
	late_input
	run --separate-stderr sentio-window --rejects rej in
	assert_success
	[[ "$stderr" == *"in:3: late by 1m15s behind the watermark 1970-01-01T00:02:05.000Z; see --lateness"* ]]
	[[ "$stderr" == *"in:7: late by 4m15s behind the watermark 1970-01-01T00:04:55.000Z; see --lateness"* ]]
	assert_equal "$(jq -r .error rej | sed -n 1p)" "late by 1m15s behind the watermark 1970-01-01T00:02:05.000Z; see --lateness"
}

@test "window-time: --revise writes a window again with revision 1, 2; records beyond it are still late" {
	late_input
	run --separate-stderr sentio-window --revise 2m --rejects rej --stats in
	assert_success
	assert_equal "$(jq -c '[.start[14:19], .count, .sum, .revision]' <<<"$output")" '["00:00",1,0.1,null]
["00:00",2,0.4,1]
["00:00",3,0.65,2]
["02:00",2,0.7,null]
["05:00",1,0.1,null]'
	# 4m15s is beyond 2m: rejected, with the reason.
	[[ "$stderr" == *"in:7: late by 4m15s behind the watermark 1970-01-01T00:04:55.000Z, beyond --revise 2m; see --lateness"* ]]
	[[ "$stderr" == *'"in":7,"out":6,"rejected":1,"filtered":0,'*'"late":1,"revisions":2,'* ]]
	assert_equal "$(jq -r .raw rej)" "$(sed -n 7p in)"
	# The revision is what a run with the record on time gives.
	{ rec 10 0.1; rec 50 0.3; rec 55 0.25; } | sentio-window >want
	assert_equal "$(sed -n 3p <<<"$output" | jq -c 'del(.revision)')" "$(jq -c . want)"
}

@test "window-time: --revise holds windows only while within D of the watermark" {
	# [0,60) is written at 70, revised at 100 (50s behind 95) but not at
	# 200: the watermark 195 has left its end more than 1m behind.
	{ rec 10 0.1; rec 70 0.2; rec 20 0.3; rec 200 0.4; rec 30 0.5; } >in
	run --separate-stderr sentio-window --lateness 5s --revise 1m --stats in
	assert_success
	assert_equal "$(jq -c '[.start[14:19], .count, .revision]' <<<"$output")" '["00:00",1,null]
["00:00",2,1]
["01:00",1,null]
["03:00",1,null]'
	[[ "$stderr" == *"in:5: late by 2m45s behind the watermark 1970-01-01T00:03:15.000Z, beyond --revise 1m"* ]]
	# A late record in a window that held nothing writes it (late, once).
	{ rec 70 0.2; rec 200 0.4; rec 170 0.5; } >in2
	run sentio-window --revise 1m in2
	assert_equal "$(jq -c '[.start[14:19], .count, .revision]' <<<"$output")" '["01:00",1,null]
["02:00",1,null]
["03:00",1,null]'
}

@test "window-time: --revise is a usage error with --session or a bad duration" {
	run sentio-window --revise 1m --session 10s
	assert_failure 2
	assert_output --partial "sentio-window: --revise: not with --session"
	run sentio-window --revise soon
	assert_failure 2
	assert_output --partial "sentio-window: --revise: soon: not a duration"
	run sentio-window --help
	assert_output --partial "--revise D"
}

@test "window-time: --merge takes the latest revision of sharded --revise runs" {
	late_input
	sentio-window --revise 2m in 2>/dev/null | jq -c 'del(.revision)' >revised
	# The latest revision of each window, in the order the windows end.
	want=$(jq -s -c 'group_by(.start) | map(last) | sort_by(.end) | .[]' revised)
	# One shard: revisions 1 and 2 are partial states of what came late.
	sentio-window --revise 2m --partial in 2>/dev/null >one
	grep -q '"revision":2' one
	run sentio-window --merge one
	assert_success
	assert_equal "$output" "$want"
	# Two shards (the second gets the record beyond --revise, rejected there too).
	split -l 4 in shard.
	for f in shard.aa shard.ab; do sentio-window --revise 2m --partial "$f" 2>/dev/null; done >partials
	grep -q '"revision":1' partials
	run sentio-window --merge partials
	assert_equal "$output" "$want"
}

@test "window-time: sentio-plot draws the latest revision of each window" {
	late_input
	sentio-window --revise 2m in 2>/dev/null >windows
	[ "$(grep -c '"revision"' windows)" -eq 2 ]
	run sentio-plot --static --kind hist --color never windows
	assert_success
	# Three windows, the first at its latest revision: (0.21667 + 0.35 + 0.1) / 3.
	assert_output --partial '3 values, mean 0.2222'
}
