#!/usr/bin/env bats
# sentio-window: windows, keys, time, aggregates, bad input, --idle, signals.

load helpers
bats_require_minimum_version 1.5.0

D="$BATS_TEST_DIRNAME/window"

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# rec TS VALUE [MORE-FIELDS]: one input record.
rec() {
	printf '{"ts":%s,"sentiment":{"compound":%s}%s}\n' "$1" "$2" "${3:+,$3}"
}

@test "window: --help prints the usage on stdout and exits 0" {
	run sentio-window --help
	assert_success
	assert_line --index 0 --partial "usage: sentio-window"
	assert_output --partial "--session GAP"
	assert_output --partial "--merge"
}

@test "window: --version" {
	run sentio-window --version
	assert_success
	assert_output --regexp "^sentio-window [0-9]"
}

@test "window: wrong options are usage errors (2)" {
	run sentio-window --bogus
	assert_failure 2
	run sentio-window --size 0
	assert_failure 2
	run sentio-window --size soon
	assert_failure 2
	assert_output --partial "sentio-window: --size: soon: not a duration over 0"
	run sentio-window --size 1m --slide 2m
	assert_failure 2
	run sentio-window --size 1d --slide 1s
	assert_failure 2
	assert_output --partial "over 1000 windows a record"
	run sentio-window --session 30s --size 1m
	assert_failure 2
	run sentio-window --partial --merge
	assert_failure 2
	run sentio-window --partial --alert 3
	assert_failure 2
	run sentio-window --every 1s
	assert_failure 2
	run sentio-window --emit sometimes
	assert_failure 2
	run sentio-window --by ''
	assert_failure 2
	run sentio-window --pos -0.5 --neg 0.5
	assert_failure 2
}

@test "window: tumbling windows of a minute, every figure by hand" {
	run sentio-window "$D/basic.ndjson"
	assert_success
	assert_equal "${#lines[@]}" 3
	# 0.5, -0.25, 0: mean 1/12, sample stddev sqrt(21)/12; the 10th percentile is in
	# the bin [-0.25, -0.24) at 0.3 of it, the median halfway into [0, 0.01).
	assert_line --index 0 '{"start":"2026-11-24T06:00:00.000Z","end":"2026-11-24T06:01:00.000Z","key":null,"count":3,"sum":0.25,"mean":0.08333333333333333,"stddev":0.3818813079129867,"min":-0.25,"max":0.5,"pos":1,"neu":1,"neg":1,"p10":-0.247,"p50":0.005,"p90":0.5}'
	assert_line --index 1 '{"start":"2026-11-24T06:01:00.000Z","end":"2026-11-24T06:02:00.000Z","key":null,"count":1,"sum":1,"mean":1,"stddev":0,"min":1,"max":1,"pos":1,"neu":0,"neg":0,"p10":1,"p50":1,"p90":1}'
	# Epoch seconds work as well as RFC 3339: 1795500130 is 06:02:10.
	assert_line --index 2 --partial '{"start":"2026-11-24T06:02:00.000Z","end":"2026-11-24T06:03:00.000Z","key":null,"count":1,"sum":-0.8,'
}

@test "window: --size sets the tumbling window" {
	run sentio-window --size 2m "$D/basic.ndjson"
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_equal "$(jq -c '[.start[11:19], .end[11:19], .count, .sum]' <<<"$output")" '["06:00:00","06:02:00",4,1.25]
["06:02:00","06:04:00",1,-0.8]'
}

@test "window: hopping windows (--slide) hold each record in every window it falls in" {
	{
		rec '"2026-11-24T06:00:05Z"' 0.5
		rec '"2026-11-24T06:00:40Z"' 0.25
	} >in
	run sentio-window --size 1m --slide 30s in
	assert_success
	# 06:00:05 is in [05:59:30, 06:00:30) and [06:00:00, 06:01:00);
	# 06:00:40 in [06:00:00, 06:01:00) and [06:00:30, 06:01:30).
	assert_equal "$(jq -c '[.start[11:19], .end[11:19], .count, .sum]' <<<"$output")" '["05:59:30","06:00:30",1,0.5]
["06:00:00","06:01:00",2,0.75]
["06:00:30","06:01:30",1,0.25]'
}

@test "window: session windows per key close after the gap" {
	{
		rec 0 0.1 '"user":"a"'
		rec 10 0.2 '"user":"b"'
		rec 20 0.3 '"user":"a"'
		rec 45 0.4 '"user":"a"'
		rec 100 0.5 '"user":"a"'
	} >in
	run sentio-window --session 30s --by user in
	assert_success
	# a: 0, 20, 45 are each under 30s apart: one session [0, 45 + 30); 100 starts
	# another.  A session ends at its last record plus the gap; sessions come out by
	# end, then start, then key.
	assert_equal "$(jq -c '[.start[14:19], .end[14:19], .key, .count, .sum]' <<<"$output")" '["00:10","00:40","b",1,0.2]
["00:00","01:15","a",3,0.8]
["01:40","02:10","a",1,0.5]'
}

@test "window: a late record can join two sessions into one" {
	{
		rec 0 0.1 '"user":"a"'
		rec 50 0.2 '"user":"a"'
		rec 25 0.3 '"user":"a"'
	} >in
	run sentio-window --session 30s --lateness 1m --by user in
	assert_success
	assert_equal "$(jq -c '[.start[14:19], .end[14:19], .count]' <<<"$output")" '["00:00","01:20",3]'
}

@test "window: --time and --value choose the fields; --pos and --neg the thresholds" {
	printf '%s\n' '{"when":"2026-01-01T00:00:10Z","s":{"p":0.3}}' \
		'{"when":"2026-01-01T00:00:20Z","s":{"p":0.1}}' \
		'{"when":"2026-01-01T00:00:30Z","s":{"p":-0.3}}' >in
	run sentio-window --time when --value s.p --pos 0.2 --neg -0.2 in
	assert_success
	assert_equal "$(jq -c '[.count, .pos, .neu, .neg]' <<<"$output")" '[3,1,1,1]'
}

@test "window: the value is sentiment.compound, or sentiment.polarity (textblob)" {
	printf '%s\n' '{"ts":1,"sentiment":{"model":"textblob","polarity":0.75}}' \
		'{"ts":2,"sentiment":{"model":"vader","compound":0.125}}' >in
	run sentio-window in
	assert_success
	assert_equal "$(jq -c '[.count, .sum]' <<<"$output")" '[2,0.875]'
	# Not when --value is given.
	run --separate-stderr sentio-window --value sentiment.compound in
	assert_equal "$(jq -c '[.count, .sum]' <<<"$output")" '[1,0.125]'
}

@test "window: percentiles from the histogram, interpolated in the bin" {
	for v in 0.005 0.015 0.025 0.035 0.045 0.055 0.065 0.075 0.085 0.095; do
		rec 1 $v
	done >in
	run sentio-window in
	assert_success
	# One value in each bin of 0.01 from 0: the 10th percentile reaches the end of the
	# first bin, the median the end of the fifth, the 90th the end of the ninth.
	assert_equal "$(jq -c '[.p10, .p50, .p90, .min, .max]' <<<"$output")" '[0.01,0.05,0.09,0.005,0.095]'
}

@test "window: mean and stddev are exact: correctly rounded from the exact sums" {
	for v in 0.1 0.2 0.3; do rec 1 $v; done >in
	run sentio-window in
	assert_success
	# The doubles 0.1 + 0.2 + 0.3 sum exactly to 0.6000000000000000055..., a third of
	# which rounds to 0.2 (summing in doubles first would give 0.19999999999999998).
	assert_equal "$(jq -c '[.sum, .mean]' <<<"$output")" '[0.6,0.2]'
	for v in 1e8 0.1 -1e8; do rec 1 $v; done >in2
	run sentio-window in2
	assert_equal "$(jq -c '[.sum]' <<<"$output")" '[0.1]'
}

# shortest: fail, naming it, on any number of the JSON lines on stdin that
# has more digits than the shortest text that reads back to the same double
# (Python's repr is that text).
shortest() {
	python3 -c '
import json, re, sys
def digits(t):
    m = re.match(r"-?(\d+)(?:\.(\d+))?", t)
    return (m.group(1) + (m.group(2) or "")).strip("0")
bad = []
def num(t):
    if len(digits(t)) > len(digits(repr(float(t)))):
        bad.append(t)
    return float(t)
for line in sys.stdin:
    json.loads(line, parse_float=num, parse_int=num)
if bad:
    sys.exit("not in their shortest form: " + " ".join(bad))
'
}

@test "window: numbers are written in the shortest text that reads back the same" {
	{
		rec 1 5e-05 '"k":2.5e-06'
		rec 61 1.2345e-05 '"k":2.5e-06'
		rec 62 -3e-05 '"k":2.5e-06'
		rec 121 7e22 '"k":7e22'
		rec 122 7e-07 '"k":7e22'
		rec 181 0.5 '"k":{"y":5e-05,"z":[2.5e-06,1.0,"\u007f"]}'
	} >in
	run sentio-window --by k in
	assert_success
	assert_line --index 0 '{"start":"1970-01-01T00:00:00.000Z","end":"1970-01-01T00:01:00.000Z","key":2.5e-06,"count":1,"sum":5e-05,"mean":5e-05,"stddev":0,"min":5e-05,"max":5e-05,"pos":0,"neu":1,"neg":0,"p10":5e-05,"p50":5e-05,"p90":5e-05}'
	shortest <<<"$output"
	# The partial states too, and the merge of them gives the same lines.
	sentio-window --by k in >single
	sentio-window --by k --partial in >partial
	shortest <partial
	sentio-window --merge partial >merged
	cmp single merged
}

@test "window: --by groups; output by start, then key in jq's order" {
	{
		rec 1 0.1 '"k":"b"'
		rec 2 0.2 '"k":10'
		rec 3 0.3 '"k":2'
		rec 4 0.4 '"k":false'
		rec 5 0.5
		rec 6 0.6 '"k":"a"'
		rec 61 0.7 '"k":"a"'
	} >in
	run sentio-window --by k in
	assert_success
	assert_equal "$(jq -c '[.start[14:19], .key, .count]' <<<"$output")" '["00:00",null,1]
["00:00",false,1]
["00:00",2,1]
["00:00",10,1]
["00:00","a",1]
["00:00","b",1]
["01:00","a",1]'
}

@test "window: composite keys are arrays; an array field counts once per element" {
	run sentio-window --by user --by tags "$D/basic.ndjson"
	assert_success
	# ["y","y"] counts once under y; [] and a missing field count under null.
	assert_equal "$(jq -c '[.start[11:16], .key, .count, .sum]' <<<"$output")" '["06:00",["a",null],1,0]
["06:00",["a","x"],1,0.5]
["06:00",["a","y"],1,0.5]
["06:00",["b","x"],1,-0.25]
["06:01",["a","y"],1,1]
["06:02",["b",null],1,-0.8]'
	run sentio-window --by tags --stats "$D/basic.ndjson"
	assert_success
	assert_line --index 0 --partial '"key":null,"count":1,"sum":0,'
	assert_line --index 1 --partial '"key":"x","count":2,"sum":0.25,'
	assert_line --index 2 --partial '"key":"y","count":1,"sum":0.5,'
	# Each input record is counted once, whatever the keys it falls under.
	assert_output --partial '"in":5,"out":5,"rejected":0,"filtered":0'
}

@test "window: keys are written safely: control characters escaped, C1 and DEL too" {
	rec 1 0.1 '"k":"\u001b[31mred\u009b\u007f\"é"' >in
	run sentio-window --by k in
	assert_success
	assert_output --partial '"key":"\u001b[31mred\u009b\u007f\"é"'
	[[ "$output" != *$'\e'* ]]
	[[ "$output" != *$'\u009b'* ]]
	# The same key read back by --merge is written the same.
	run bash -c "sentio-window --by k --partial in | sentio-window --merge"
	assert_output --partial '"key":"\u001b[31mred\u009b\u007f\"é"'
}

@test "window: keys that are objects are written safely too" {
	rec 1 0.1 '"k":{"\u007f":["\u001b[31m\u009b\u007f"]}' >in
	run sentio-window --by k in
	assert_success
	assert_output --partial '"key":{"\u007F":["\u001B[31m\u009B\u007F"]}'
	[[ "$output" != *$'\x7f'* ]]
}

@test "window: bad values are rejected with reasons, and the accounts add up" {
	{
		rec 1 0.1
		rec 2 '"0.3"'
		echo '{"ts":3,"sentiment":{"compound":NaN}}'
		echo '{"sentiment":{"compound":0.2}}'
		rec '"yesterday"' 0.2
		echo '{"ts":4}'
		rec 5 null
		rec 6 true
		rec 7 1e300
		echo '[1,2]'
	} >in
	run --separate-stderr sentio-window --rejects rej --stats in
	assert_success
	assert_line --index 0 --partial '"count":1,"sum":0.1,'
	[[ "$stderr" == *'in:2: value at "sentiment.compound" is a string, not a number'* ]]
	[[ "$stderr" == *"in:3: invalid JSON"* ]]
	[[ "$stderr" == *'in:4: no time at "ts"'* ]]
	[[ "$stderr" == *'in:5: time at "ts": not an RFC 3339 time'* ]]
	[[ "$stderr" == *'in:6: no value at "sentiment.compound"'* ]]
	[[ "$stderr" == *'in:7: value at "sentiment.compound" is null, not a number'* ]]
	[[ "$stderr" == *'in:8: value at "sentiment.compound" is a boolean, not a number'* ]]
	[[ "$stderr" == *'in:9: value at "sentiment.compound" is out of range'* ]]
	[[ "$stderr" == *'"in":10,"out":1,"rejected":9,"filtered":0'* ]]
	assert_equal "$(wc -l <rej)" 9
	assert_equal "$(jq -r 'select(.line == 2) | .raw' rej)" '{"ts":2,"sentiment":{"compound":"0.3"}}'
}

@test "window: lines are checked as strictly as by jansson (the fast scan gives way)" {
	{
		echo '{"t\u0073":1,"sentiment":{"compound":0.5}}'
		echo '{"ts":2,"ts":3,"sentiment":{"compound":0.5}}'
		echo '[1]'
		echo '{"ts":99999999999999999999,"sentiment":{"compound":0.5}}'
		echo '{"ts":4,"sentiment":{"compound":1e999}}'
		echo '{"ts":5,"text":"\ud800","sentiment":{"compound":0.5}}'
		echo '{"ts":6,"text":"\ud83d\ude00 \u00e9 \"","sentiment":{"compound":0.25}}'
		echo '{"ts":7,"sentiment":{"compound":5e-1}} x'
		printf '{"ts":8,"text":"\xff","sentiment":{"compound":0.5}}\n'
		echo '{"ts":9,"sentiment":{"compound":-0.125E1},"deep":[[[{"a":[{}]}]]]}'
	} >in
	run --separate-stderr sentio-window --stats in
	assert_success
	# An escaped key is still the key "ts".
	assert_output --partial '"count":3,"sum":-0.5,'
	[[ "$stderr" == *"in:2: invalid JSON: duplicate object key"* ]]
	[[ "$stderr" == *"in:3: not a JSON object but an array"* ]]
	[[ "$stderr" == *"in:4: invalid JSON: too big integer"* ]]
	[[ "$stderr" == *"in:5: invalid JSON: real number overflow"* ]]
	[[ "$stderr" == *"in:6: invalid JSON: invalid Unicode"* ]]
	[[ "$stderr" == *"in:8: invalid JSON: end of file expected"* ]]
	[[ "$stderr" == *"in:9: invalid UTF-8 (byte 0xff at column 17)"* ]]
	[[ "$stderr" == *'"in":10,"out":3,"rejected":7'* ]]
}

@test "window: a record under too many keys or windows is rejected" {
	{
		rec 1 0.1 "\"tags\":$(seq 1 1025 | jq -s -c .)"
		rec 2 0.1 "\"tags\":$(seq 1 100 | jq -s -c .)"
		rec 3 0.1 "\"tags\":$(seq 1 10 | jq -s -c .)"
	} >in
	run --separate-stderr sentio-window --by tags --size 1h --slide 20s --stats in
	assert_success
	[[ "$stderr" == *"in:1: falls under more than 1024 keys"* ]]
	[[ "$stderr" == *"in:2: falls in more than 16384 windows (keys times windows)"* ]]
	[[ "$stderr" == *'"in":3,"out":1,"rejected":2'* ]]
}

@test "window: --strict stops at the first bad value" {
	{ rec 1 0.1; rec 2 '"x"'; rec 3 0.3; } >in
	run sentio-window --strict in
	assert_failure 1
}

@test "window: out of order within the lateness gives the sorted result" {
	sh "$D/corpus.sh" "$ORACLE" | head -3000 >in
	jq -c -s 'sort_by(.ts)[]' in >sorted
	! cmp -s in sorted # the input really is out of order
	sentio-window --by corpus --size 1m sorted >want
	run sentio-window --by corpus --size 1m in
	assert_success
	assert_equal "$output" "$(cat want)"
	sentio-window --session 20s sorted >want
	run sentio-window --session 20s in
	assert_equal "$output" "$(cat want)"
	sentio-window --size 1m --slide 20s --by tags sorted >want
	run sentio-window --size 1m --slide 20s --by tags in
	assert_equal "$output" "$(cat want)"
}

@test "window: a late record is counted and rejected with its reason, never dropped" {
	{
		rec 10 0.1
		rec 130 0.2 # watermark 125: [0, 60) and [60, 120) are written
		rec 50 0.3  # late: [0, 60) is gone
		rec 118 0.4 # late too: [60, 120) was written (empty)
		rec 126 0.5 # on time: [120, 180) is open
	} >in
	run --separate-stderr sentio-window --rejects rej --stats in
	assert_success
	assert_equal "$(jq -c '[.start[14:19], .count, .sum]' <<<"$output")" '["00:00",1,0.1]
["02:00",2,0.7]'
	[[ "$stderr" == *"in:3: late by 1m15s behind the watermark 1970-01-01T00:02:05.000Z; see --lateness"* ]]
	[[ "$stderr" == *"in:4: late by 7s behind the watermark 1970-01-01T00:02:05.000Z; see --lateness"* ]]
	[[ "$stderr" == *'"in":5,"out":3,"rejected":2,"filtered":0,'*'"late":2'* ]]
	assert_equal "$(jq -r .raw rej)" "$(sed -n 3,4p in)"
}

@test "window: --late FILE keeps late records (counted as filtered)" {
	{ rec 10 0.1; rec 130 0.2; rec 50 0.3; } >in
	run --separate-stderr sentio-window --late late.ndjson --stats in
	assert_success
	assert_equal "$(cat late.ndjson)" "$(sed -n 3p in)"
	[[ "$stderr" == *'"in":3,"out":2,"rejected":0,"filtered":1,'*'"late":1'* ]]
}

@test "window: --late FILE is written when the input goes idle, whole lines only" {
	mkfifo fifo
	sentio-window --late late.ndjson <fifo >out 3>&- &
	pid=$!
	exec 8>fifo
	{ rec 10 0.1; rec 130 0.2; rec 50 0.3; } >&8
	# The writer stays open: the late record must be in the file before the end.
	for i in $(seq 100); do [ -s late.ndjson ] && break; sleep 0.1; done
	assert_equal "$(cat late.ndjson)" "$(rec 50 0.3)"
	exec 8>&-
	wait $pid
}

@test "window: --lateness 0 makes any record behind its window late" {
	{ rec 59 0.1; rec 60 0.2; rec 59.5 0.3; } >in
	run sentio-window --lateness 0 --late late in
	assert_success
	assert_equal "$(jq -c .count <<<"$output")" '1
1'
	assert_equal "$(wc -l <late)" 1
}

@test "window: --alert marks a mean far from the key's baseline" {
	{
		for m in 0 1 2; do rec $((m * 60 + 1)) 0.1 '"k":"a"'; rec $((m * 60 + 2)) -0.1 '"k":"a"'; done
		rec 181 0.9 '"k":"a"'
		rec 182 0.7 '"k":"a"'
		rec 241 0.05 '"k":"a"'
		rec 242 -0.05 '"k":"a"'
	} >in
	run --separate-stderr sentio-window --by k --alert 3 --stats in
	assert_success
	# Windows of mean 0 set the baseline at 0; then a mean of 0.8 with a standard
	# error of 0.1 (stddev 0.1414.../sqrt 2) is 8 standard errors away.  The next
	# window (mean 0) is 0.24 from the moved baseline 0.3 * 0.8, but with a standard
	# error of 0.05: z = -4.8.
	assert_equal "$(jq -c '[.mean, .alert]' <<<"$output")" '[0,null]
[0,null]
[0,null]
[0.8,{"z":8,"baseline":0}]
[0,{"z":-4.8,"baseline":0.24}]'
	[[ "$stderr" == *'"alerts":2'* ]]
	run sentio-window --by k --alert 5 in
	assert_equal "$(jq -c 'select(.alert) | .alert.z' <<<"$output")" 8
}

@test "window: --max-keys evicts the least recently used key, written early and counted" {
	{
		rec 1 0.1 '"k":"a"'
		rec 2 0.2 '"k":"b"'
		rec 3 0.3 '"k":"a"'
		rec 4 0.4 '"k":"c"' # b goes
	} >in
	run --separate-stderr sentio-window --by k --max-keys 2 --stats in
	assert_success
	assert_line --index 0 --partial '"key":"b","count":1,'
	assert_line --index 0 --partial '"evicted":true'
	assert_line --index 1 --partial '"key":"a","count":2,'
	assert_line --index 2 --partial '"key":"c","count":1,'
	[[ "$stderr" == *"1 keys evicted (--max-keys 2)"* ]]
	[[ "$stderr" == *'"evicted":1'* ]]
}

@test "window: many keys come and go in bounded memory" {
	[ -x /usr/bin/time ] || skip "no /usr/bin/time"
	for n in 20000 200000; do
		seq 1 $n | awk '{ printf "{\"ts\":%d,\"sentiment\":{\"compound\":0.5},\"id\":%d,\"tags\":[\"a%d\",\"b\"]}\n", $1, $1, $1 % 1000 }' >in$n
		ASAN_OPTIONS="quarantine_size_mb=0:${ASAN_OPTIONS:-}" /usr/bin/time -o rss$n -f %M sentio-window --by id --by tags --size 10s --stats in$n >out$n 2>stats$n
	done
	assert_equal "$(wc -l <out200000)" 400000
	grep -q '"windows":400000' stats200000
	# Ten times the input, ten times the keys and windows: the same memory
	# (ASan would hold freed memory in quarantine: not here).
	echo "max RSS: $(cat rss20000) KB, then $(cat rss200000) KB"
	[ "$(cat rss200000)" -lt $(($(cat rss20000) * 3 / 2)) ]
}

@test "window: --idle closes windows by the wall clock while the input is silent" {
	mkfifo fifo
	sentio-window --size 1s --lateness 0 --idle 200ms <fifo >out 3>&- &
	pid=$!
	exec 8>fifo
	rec '"2020-01-01T00:00:00Z"' 0.5 >&8
	# The writer stays open: the window must come out before the end of input.
	for i in $(seq 100); do [ -s out ] && break; sleep 0.1; done
	assert_equal "$(jq -c '[.start, .count]' out)" '["2020-01-01T00:00:00.000Z",1]'
	exec 8>&-
	wait $pid
}

@test "window: SIGTERM and SIGINT write every open window, then end by the signal" {
	for sig in TERM INT; do
		rm -f fifo out
		mkfifo fifo
		sentio-window --emit updates --every 100ms --size 1h <fifo >out 3>&- &
		pid=$!
		exec 8>fifo
		rec 10 0.5 >&8
		rec 20 0.25 >&8
		for i in $(seq 100); do grep -q '"count":2' out 2>/dev/null && break; sleep 0.1; done
		kill -$sig $pid
		status=0
		wait $pid || status=$?
		# ended by the signal: 128 + its number
		assert_equal "$status" $((128 + $(kill -l $sig)))
		exec 8>&-
		run tail -n 1 out
		assert_output --partial '"count":2,"sum":0.75,'
		assert_output --partial '"final":true'
	done
}

@test "window: SIGHUP writes every open window, as SIGTERM does" {
	mkfifo fifo
	sentio-window --emit updates --every 100ms --size 1h <fifo >out 3>&- &
	pid=$!
	exec 8>fifo
	rec 10 0.5 >&8
	rec 20 0.25 >&8
	# The provisional update shows both records taken; the writer stays open.
	for i in $(seq 100); do grep -q '"count":2' out 2>/dev/null && break; sleep 0.1; done
	kill -HUP $pid
	status=0
	wait $pid || status=$?
	exec 8>&-
	assert_equal "$status" 129
	run tail -n 1 out
	assert_output --partial '"count":2,"sum":0.75,'
	assert_output --partial '"final":true'
}

@test "window: --emit updates writes provisional results with final false" {
	mkfifo fifo
	sentio-window --emit updates --every 100ms <fifo >out 3>&- &
	pid=$!
	exec 8>fifo
	rec 10 0.5 >&8
	for i in $(seq 100); do [ -s out ] && break; sleep 0.1; done
	rec 20 0.25 >&8
	exec 8>&-
	wait $pid
	assert_equal "$(jq -c '[.count, .final]' out | head -1)" '[1,false]'
	assert_equal "$(jq -c '[.count, .final]' out | tail -1)" '[2,true]'
}

# Times in the wild (sentio(7) Times): one parser, every form the same instant.

@test "window: epoch s, ms, us and ns records give the same windows as RFC 3339 ones" {
	# Epoch milliseconds were rejected as "epoch seconds out of range".
	{ rec '"2026-11-24T06:15:02.5Z"' 0.5; rec '"2026-11-24T07:15:40+01:00"' -0.25
	  rec '"2026-11-24t06:16:01.25z"' 0.1; rec '"2026-11-24 06:17:00Z"' 0.3; } >rfc
	{ rec 1795500902.5 0.5; rec 1795500940 -0.25; rec 1795500961.25 0.1; rec 1795501020 0.3; } >s
	{ rec 1795500902500 0.5; rec 1795500940000 -0.25; rec 1795500961250 0.1
	  rec 1795501020000 0.3; } >ms
	{ rec 1795500902500000 0.5; rec 1795500940000000 -0.25; rec 1795500961250000 0.1
	  rec 1795501020000000 0.3; } >us
	{ rec 1795500902500000000 0.5; rec 1795500940000000000 -0.25
	  rec 1795500961250000000 0.1; rec 1795501020000000000 0.3; } >ns
	run --separate-stderr sentio-window --size 1m rfc
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	want=$output
	for f in s ms us ns; do
		run --separate-stderr sentio-window --size 1m --stats $f
		assert_success
		[[ "$stderr" == *'"rejected":0'* ]]
		[ "$output" = "$want" ]
	done
	# The unit said: ms read as seconds are beyond 2262, and small numbers as ms.
	run --separate-stderr sentio-window --size 1m --epoch-unit ns --stats ns
	[ "$output" = "$want" ]
	run --separate-stderr sentio-window --size 1m --epoch-unit s ms
	[[ "$stderr" == *'ms:1: time at "ts": epoch seconds out of range (after 2262)'* ]]
	{ rec 60000 0.5; rec 61500 0.25; } >small
	{ rec '"1970-01-01T00:01:00Z"' 0.5; rec '"1970-01-01T00:01:01.5Z"' 0.25; } >small.rfc
	run --separate-stderr sentio-window --epoch-unit ms small
	want=$output
	run --separate-stderr sentio-window small.rfc
	[ "$output" = "$want" ]
	[[ "$want" == *'"start":"1970-01-01T00:01:00.000Z"'* ]]
	run sentio-window --epoch-unit hours small
	assert_failure 2
	assert_output --partial '--epoch-unit: hours: not auto, s, ms, us or ns'
}

@test "window: RFC 2822 times, and negative and absurd epoch numbers rejected with reasons" {
	{ rec '"2026-11-24T06:15:02Z"' 0.5; rec '"2026-11-24T06:15:40Z"' -0.25; } >rfc
	{ rec '"Tue, 24 Nov 2026 06:15:02 GMT"' 0.5; rec '"24 Nov 2026 01:15:40 -0500"' -0.25; } >2822
	run --separate-stderr sentio-window rfc
	want=$output
	run --separate-stderr sentio-window --stats 2822
	[[ "$stderr" == *'"rejected":0'* ]]
	[ "$output" = "$want" ]
	{ rec -1 0.5; rec 99999999999 0.5; rec 9999999999999999 0.5; rec 1e300 0.5
	  rec '"Tue, 31 Feb 2026 06:15:02 GMT"' 0.5; rec '"2026-11-24"' 0.5; } >bad
	run --separate-stderr sentio-window --stats bad
	assert_success
	[[ "$stderr" == *'bad:1: time at "ts": epoch number is negative (before 1970)'* ]]
	[[ "$stderr" == *'bad:2: time at "ts": epoch seconds out of range (after 2262)'* ]]
	[[ "$stderr" == *'bad:3: time at "ts": epoch microseconds out of range (after 2262)'* ]]
	[[ "$stderr" == *'bad:4: time at "ts": epoch nanoseconds out of range (after 2262)'* ]]
	[[ "$stderr" == *'bad:5: time at "ts": not an RFC 3339 time or RFC 2822 date'* ]]
	[[ "$stderr" == *'bad:6: time at "ts": not an RFC 3339 time or RFC 2822 date'* ]]
	[[ "$stderr" == *'"in":6,"out":0,"rejected":6'* ]]
}
