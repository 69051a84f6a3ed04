#!/usr/bin/env bats
# sentio-plot: golden charts of each kind, axes, options, hostile names, accounting.
# The live mode is driven in tmux by tests/plot-live.bats.

load helpers

G="$BATS_TEST_DIRNAME/plot"
W="$G/windows.ndjson"

setup() {
	export LC_ALL=C.UTF-8
	unset NO_COLOR
}

plot60() {
	sentio-plot --static --width 60 --height 15 --color never "$@"
}

# Golden files: each kind at 60x15, Unicode and ASCII (regenerate with tests/plot/regen.sh).

@test "plot: line chart matches its golden file" {
	run plot60 --kind line --title "Launch day" "$W"
	assert_success
	diff -u "$G/line.utf8.golden" <(printf '%s\n' "$output")
}

@test "plot: bars chart matches its golden file" {
	run plot60 --kind bars --title "Launch day" "$W"
	assert_success
	diff -u "$G/bars.utf8.golden" <(printf '%s\n' "$output")
}

@test "plot: hist chart matches its golden file" {
	run plot60 --kind hist --title "Launch day" "$W"
	assert_success
	diff -u "$G/hist.utf8.golden" <(printf '%s\n' "$output")
}

@test "plot: spark chart matches its golden file" {
	run plot60 --kind spark --title "Launch day" "$W"
	assert_success
	diff -u "$G/spark.utf8.golden" <(printf '%s\n' "$output")
}

@test "plot: ASCII charts of each kind match their golden files" {
	for kind in line bars hist spark; do
		plot60 --ascii --kind "$kind" --title "Launch day" "$W" > "$BATS_TEST_TMPDIR/out"
		diff -u "$G/$kind.ascii.golden" "$BATS_TEST_TMPDIR/out"
	done
}

@test "plot: scored records drawn over ts with --x and --y match the golden files" {
	plot60 --x ts --y sentiment.compound "$G/scored.ndjson" > "$BATS_TEST_TMPDIR/line"
	diff -u "$G/scored-line.utf8.golden" "$BATS_TEST_TMPDIR/line"
	plot60 --x ts --y sentiment.compound --kind bars "$G/scored.ndjson" > "$BATS_TEST_TMPDIR/bars"
	diff -u "$G/scored-bars.utf8.golden" "$BATS_TEST_TMPDIR/bars"
}

@test "plot: every line of a static chart fits the width and the chart the height" {
	for kind in line bars hist; do
		run plot60 --kind "$kind" "$W"
		assert_success
		[ "${#lines[@]}" -eq 15 ]
		max=$(printf '%s\n' "$output" | wc -L)
		[ "$max" -le 60 ]
	done
}

@test "plot: a non-UTF-8 locale draws in ASCII by itself" {
	LC_ALL=C run sentio-plot --static --color never "$W"
	assert_success
	run bash -c "LC_ALL=C sentio-plot --static --color never '$W' | LC_ALL=C grep -c '[^ -~]'"
	assert_output 0
}

@test "plot: --ascii output is ASCII only, for every kind" {
	for kind in line bars hist spark; do
		n=$(sentio-plot --static --ascii --color never --kind "$kind" "$W" | LC_ALL=C grep -c '[^ -~]' || true)
		[ "$n" -eq 0 ]
	done
}

# Axes.

@test "plot: a sentiment field has a fixed y axis from -1 to 1 with a zero line" {
	printf '{"start":"2026-11-24T06:00:00Z","key":null,"mean":0.1}\n{"start":"2026-11-24T06:01:00Z","key":null,"mean":0.2}\n' > "$BATS_TEST_TMPDIR/in"
	run plot60 "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_line --regexp '^ 1\.0┤'
	assert_line --regexp '^-1\.0┤'
	assert_line --regexp '^ 0\.0┤.*┄'
}

@test "plot: another field gets an automatic y axis, and --ymin/--ymax set it" {
	printf '{"start":"2026-11-24T06:00:00Z","count":120,"mean":0}\n{"start":"2026-11-24T06:01:00Z","count":480,"mean":0}\n' > "$BATS_TEST_TMPDIR/in"
	run plot60 --y count "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_line --regexp '^500┤'
	assert_line --regexp '^100┤'
	refute_line --regexp '^ *-1'
	run plot60 --y count --ymin 0 --ymax 1000 "$BATS_TEST_TMPDIR/in"
	assert_line --regexp '^1000┤'
	assert_line --regexp '^   0┤'
}

@test "plot: x labels follow the span: seconds, minutes, days" {
	printf '{"start":"2026-11-24T06:00:00Z","mean":0}\n{"start":"2026-11-24T06:00:40Z","mean":0.5}\n' > "$BATS_TEST_TMPDIR/s"
	run plot60 "$BATS_TEST_TMPDIR/s"
	assert_output --regexp '06:00:00 +06:00:10'
	printf '{"start":"2026-11-24T06:00:00Z","mean":0}\n{"start":"2026-11-24T09:00:00Z","mean":0.5}\n' > "$BATS_TEST_TMPDIR/m"
	run plot60 "$BATS_TEST_TMPDIR/m"
	assert_output --regexp '06:00 +06:30 +07:00 +07:30 +08:00'
	printf '{"start":"2026-11-20T00:00:00Z","mean":0}\n{"start":"2026-11-24T00:00:00Z","mean":0.5}\n' > "$BATS_TEST_TMPDIR/d"
	run plot60 "$BATS_TEST_TMPDIR/d"
	assert_output --regexp '11-20 +11-21 +11-22 +11-23 +11-24'
}

@test "plot: epoch seconds and --x '#' give x values too" {
	printf '{"ts":1795500000,"v":1}\n{"ts":1795503600,"v":3}\n' > "$BATS_TEST_TMPDIR/in"
	run plot60 --x ts --y v "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output --regexp '[0-9][0-9]:00'
	run plot60 --x '#' --y v "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output --partial '1.0'
}

@test "plot: --title is drawn above the chart" {
	run plot60 --title "Launch day" "$W"
	assert_line --index 0 --regexp '^ +Launch day$'
}

@test "plot: several series get a legend with their latest values" {
	run plot60 "$W"
	assert_line --index 14 '⣿ tech 0.45  ⣿ news 0.41'
}

@test "plot: bars stack the pos, neu and neg shares of each window" {
	printf '{"start":"2026-11-24T06:00:00Z","key":null,"mean":0,"pos":6,"neu":3,"neg":3}\n' > "$BATS_TEST_TMPDIR/in"
	run sentio-plot --static --kind bars --width 20 --height 7 --color never "$BATS_TEST_TMPDIR/in"
	assert_success
	# 4 rows: 2 of pos (6/12), 1 of neu, 1 of neg, from the top.
	assert_line --index 0 --regexp '^100%┤█'
	assert_line --index 1 --regexp '^    │█'
	assert_line --index 2 --regexp '^ 50%┤▒'
	assert_line --index 3 --regexp '^  0%┤░'
}

@test "plot: hist counts every value, even a million of them past the ring" {
	seq 1 30000 | awk '{printf "{\"start\":%d,\"mean\":%s}\n", $1, ($1 % 2 ? 0.5 : -0.5)}' > "$BATS_TEST_TMPDIR/in"
	run sentio-plot --static --kind hist --color never "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output --partial '30000 values, mean 0'
	assert_line --regexp '^15k┤'
}

@test "plot: spark is one line per series" {
	run sentio-plot --static --kind spark --width 30 --color never "$W"
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 0 --regexp '^tech [▁▂▃▄▅▆▇█]{25}$'
	printf '{"start":1,"mean":-1}\n{"start":2,"mean":0}\n{"start":3,"mean":1}\n' > "$BATS_TEST_TMPDIR/in"
	run sentio-plot --static --kind spark --color never "$BATS_TEST_TMPDIR/in"
	assert_output '▁▅█'
}

@test "plot: an update of a window (same x, same key) replaces its point" {
	printf '%s\n' '{"start":1,"key":"a","mean":0.5,"final":false}' '{"start":1,"key":"b","mean":0.1}' \
	    '{"start":1,"key":"a","mean":-0.5}' '{"start":2,"key":"a","mean":-0.25}' \
	    '{"start":2,"key":"b","mean":0.2}' > "$BATS_TEST_TMPDIR/in"
	run sentio-plot --static --kind hist --color never "$BATS_TEST_TMPDIR/in"
	assert_output --partial '4 values, mean -0.1125'
	run sentio-plot --static --kind spark --color never "$BATS_TEST_TMPDIR/in"
	assert_line --index 0 --regexp '^a [▁▂▃▄▅▆▇█]{2}$'
}

# Every record counts (issue 13 item 9): raw records at one x are all drawn;
# only a window's update or revision (same key and start) replaces its point.

@test "plot: 434 raw records with one timestamp give 434 values in hist" {
	awk 'BEGIN { for (i = 0; i < 434; i++) printf "{\"id\":\"%d\",\"ts\":\"2026-11-24T07:00:00Z\",\"sentiment\":{\"compound\":%s}}\n", i, (i % 2 ? 0.5 : -0.25) }' > "$BATS_TEST_TMPDIR/in"
	run sentio-plot --static --kind hist --color never --x ts --y sentiment.compound "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output --partial '434 values, mean 0.125'
	# 217 at -0.25 and 217 at 0.5: the y axis counts to 300.
	assert_line --regexp '^300┤'
}

@test "plot: raw records sharing an x are drawn as their mean, and the legend says how many" {
	plot60 --x ts --y sentiment.compound "$G/shared.ndjson" > "$BATS_TEST_TMPDIR/line"
	diff -u "$G/shared-line.utf8.golden" "$BATS_TEST_TMPDIR/line"
	run plot60 --x ts --y sentiment.compound --kind hist "$G/shared.ndjson"
	assert_output --partial '11 values, mean 0.1818'
	# The last x holds the most: the count is exact, not "up to".
	printf '%s\n' '{"ts":1,"v":1}' '{"ts":2,"v":2}' '{"ts":2,"v":4}' '{"ts":2,"v":9}' > "$BATS_TEST_TMPDIR/in"
	run plot60 --x ts --y v "$BATS_TEST_TMPDIR/in"
	assert_line --index 14 '⣿ all 5 (mean of 3 at one time)'
	# Numbers for x: "at one x".
	sed 's/ts/n/' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/n"
	run plot60 --x n --y v "$BATS_TEST_TMPDIR/n"
	assert_line --index 14 '⣿ all 5 (mean of 3 at one x)'
	printf '%s\n' '{"n":1,"v":1}' '{"n":1,"v":3}' '{"n":2,"v":2}' > "$BATS_TEST_TMPDIR/in"
	run plot60 --x n --y v "$BATS_TEST_TMPDIR/in"
	assert_line --index 14 '⣿ all 2 (mean of up to 2 at one x)'
	# The spark line shows the mean at one x: 0 (-1 and 1), then 1.
	printf '%s\n' '{"ts":1,"mean":-1}' '{"ts":1,"mean":1}' '{"ts":2,"mean":1}' > "$BATS_TEST_TMPDIR/in"
	run sentio-plot --static --kind spark --color never --x ts "$BATS_TEST_TMPDIR/in"
	assert_output '▅█'
}

@test "plot: a window's revision replaces its point after later windows; other keys never do" {
	# a's window at 06:00 is revised after the one at 06:01 (the same time, written otherwise).
	printf '%s\n' '{"start":"2026-11-24T06:00:00.000Z","end":"2026-11-24T06:01:00.000Z","key":"a","mean":0.5}' \
	    '{"start":"2026-11-24T06:01:00.000Z","end":"2026-11-24T06:02:00.000Z","key":"a","mean":0.25}' \
	    '{"start":"2026-11-24T06:00:00Z","end":"2026-11-24T06:01:00Z","key":"a","mean":0.1,"revision":1}' > "$BATS_TEST_TMPDIR/in"
	run sentio-plot --static --kind hist --color never "$BATS_TEST_TMPDIR/in"
	assert_output --partial '2 values, mean 0.175'
	run sentio-plot --static --kind spark --color never "$BATS_TEST_TMPDIR/in"
	assert_output '▅▆'
	# Windows of two keys at one start, drawn as one series, both count.
	printf '%s\n' '{"start":1,"end":2,"key":"a","mean":0.5}' '{"start":1,"end":2,"key":"b","mean":-0.5}' \
	    '{"start":1,"end":2,"key":null,"mean":0.3}' > "$BATS_TEST_TMPDIR/in"
	run sentio-plot --static --kind hist --color never --series group "$BATS_TEST_TMPDIR/in"
	assert_output --partial '3 values, mean 0.1'
	# ... and an update of one of them replaces only its own point.
	printf '%s\n' '{"start":1,"end":2,"key":"b","mean":0.2}' >> "$BATS_TEST_TMPDIR/in"
	run sentio-plot --static --kind hist --color never --series group "$BATS_TEST_TMPDIR/in"
	assert_output --partial '3 values, mean 0.3333'
}

@test "plot: updates of windows replace their points past the 2048 a series keeps" {
	# 3000 windows, each written provisionally (0.9), then final (-0.5).
	awk 'BEGIN { for (i = 0; i < 3000; i++) printf "{\"start\":%d,\"end\":%d,\"key\":\"a\",\"mean\":0.9,\"final\":false}\n{\"start\":%d,\"end\":%d,\"key\":\"a\",\"mean\":-0.5}\n", i, i + 1, i, i + 1 }' > "$BATS_TEST_TMPDIR/in"
	run sentio-plot --static --kind hist --color never "$BATS_TEST_TMPDIR/in"
	assert_output --partial '3000 values, mean -0.5'
	run sentio-plot --static --kind spark --width 40 --color never "$BATS_TEST_TMPDIR/in"
	assert_output '▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃'
	# The line stays at -0.5, no stroke up to the values replaced.
	run sentio-plot --static --color never --width 40 --height 8 "$BATS_TEST_TMPDIR/in"
	refute_line --regexp '^ 1┤.*[^ ]'
}

# Static mode.

@test "plot: --every N prints a chart every N records and one at the end" {
	run sentio-plot --static --every 40 --kind spark --color never "$W"
	assert_success
	# 96 records: charts at 40, 80 and the end, separated by blank lines.
	[ "$(printf '%s\n' "$output" | grep -c '^$')" -eq 2 ]
	run sentio-plot --static --every 48 --kind spark --color never "$W"
	[ "$(printf '%s\n' "$output" | grep -c '^$')" -eq 1 ]
}

@test "plot: empty input draws nothing and succeeds" {
	run sentio-plot --static < /dev/null
	assert_success
	assert_output ''
}

@test "plot: a static chart is the default when stdout is not a terminal" {
	run bash -c "sentio-plot --color never '$W' | cat"
	assert_success
	refute_output --partial $'\e'
	assert_output --partial '⣿ tech'
}

@test "plot: --live redraws at most --fps times a second however fast records come" {
	awk 'BEGIN { for (i = 0; i < 20000; i++) printf "{\"start\":%d,\"mean\":%.3f}\n", i, sin(i / 500) }' > "$BATS_TEST_TMPDIR/in"
	sentio-plot --live --fps 1 --width 40 --height 10 "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	# One frame a second at most: a handful for 20,000 records, not thousands.
	frames=$(grep -o $'\e\\[H' "$BATS_TEST_TMPDIR/out" | wc -l)
	[ "$frames" -ge 1 ]
	[ "$frames" -lt 100 ]
	# The alternate screen and the cursor are set, then put back.
	grep -q $'\e\\[?1049h\e\\[?25l' "$BATS_TEST_TMPDIR/out"
	[ "$(tail -c 18 "$BATS_TEST_TMPDIR/out")" = $'\e[0m\e[?25h\e[?1049l' ]
}

# wait_for_file FILE PATTERN: poll until FILE holds PATTERN, for at most 10 s.
wait_for_file() {
	for _ in $(seq 200); do
		grep -q -- "$2" "$1" && return 0
		sleep 0.05
	done
	return 1
}

@test "plot: SIGHUP ends --live as SIGTERM does: screen and cursor put back, status 129" {
	mkfifo "$BATS_TEST_TMPDIR/in"
	exec 5<> "$BATS_TEST_TMPDIR/in"
	sentio-plot --live --fps 1000 --width 40 --height 10 --color never --stats \
	    < "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err" 5>&- &
	pid=$!
	head -n 8 "$W" >&5
	wait_for_file "$BATS_TEST_TMPDIR/out" '⣿ tech'
	kill -HUP "$pid"
	rc=0
	wait "$pid" || rc=$?
	exec 5>&-
	[ "$rc" -eq 129 ]
	[ "$(tail -c 18 "$BATS_TEST_TMPDIR/out")" = $'\e[0m\e[?25h\e[?1049l' ]
	grep -q '"in":8,"out":8' "$BATS_TEST_TMPDIR/err"
}

@test "plot: SIGHUP ends a static chart as SIGTERM does, with what was read, status 129" {
	mkfifo "$BATS_TEST_TMPDIR/in"
	exec 5<> "$BATS_TEST_TMPDIR/in"
	sentio-plot --static --every 8 --kind spark --color never --stats \
	    < "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err" 5>&- &
	pid=$!
	head -n 8 "$W" >&5
	wait_for_file "$BATS_TEST_TMPDIR/out" '^news '
	kill -HUP "$pid"
	rc=0
	wait "$pid" || rc=$?
	exec 5>&-
	[ "$rc" -eq 129 ]
	grep -q '"in":8,"out":8' "$BATS_TEST_TMPDIR/err"
}

# Colour.

@test "plot: colour: never by default off a terminal, always on request, NO_COLOR honoured" {
	run sentio-plot --static "$W"
	refute_output --partial $'\e'
	NO_COLOR=1 run sentio-plot --static "$W"
	refute_output --partial $'\e'
	run sentio-plot --static --color always "$W"
	assert_output --partial $'\e[0;36m'
	run sentio-plot --static --color never "$W"
	refute_output --partial $'\e'
}

# Text from data.

hostile() {
	local x i n
	x=$(printf '%10000s' '' | tr ' ' x)
	for i in 0 1 2; do
		for n in '\u001b[31mred\u001b[0m\u001b]0;pwned\u0007' 'abc\u202edcba\u2066x\u2069' \
		    '\u009b2Jcsi' 'nul\u0000byte\rcr' "$x" '\u200fRLM\u061c' 'new\nline\u2028sep'; do
			printf '{"start":%d,"key":"%s","mean":0.%d}\n' $((1795500000 + 60 * i)) "$n" "$i"
		done
	done
	printf '{"start":1795500000,"key":"t","mean":0,"pos":1,"neu":0,"neg":0}\n'
}

# Every escape in the output must be one of ours (SGR colour).
only_sgr() {
	LC_ALL=C.UTF-8 perl -CSD -ne 's/\e\[[0-9;]*m//g; exit 1 if /[\x00-\x09\x0b-\x1f\x7f-\x9f\x{061c}\x{200e}\x{200f}\x{202a}-\x{202e}\x{2066}-\x{2069}\x{2028}\x{2029}]/' "$1"
}

@test "plot: escape sequences, C1 controls and bidi overrides in names never reach the output" {
	hostile > "$BATS_TEST_TMPDIR/in"
	for kind in line bars hist spark; do
		sentio-plot --static --color always --kind "$kind" --max-series 10 --title $'T\e[2J\u202e' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
		only_sgr "$BATS_TEST_TMPDIR/out"
		sentio-plot --static --color never --ascii --kind "$kind" --max-series 10 "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
		! LC_ALL=C grep -q '[^ -~]' "$BATS_TEST_TMPDIR/out"
	done
	run sentio-plot --static --color never --kind spark --max-series 10 "$BATS_TEST_TMPDIR/in"
	assert_output --partial '�[31mred�[0m�]0;pwn…'
	assert_output --partial 'abc�dcba�x�'
}

@test "plot: a 10,000-character name is cut to a width, lines stay within the chart" {
	hostile > "$BATS_TEST_TMPDIR/in"
	run sentio-plot --static --color never --kind spark --width 50 --max-series 10 "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output --partial 'xxxxxxxxxxxxxxxxxxx… '
	[ "$(printf '%s\n' "$output" | wc -L)" -le 50 ]
	run sentio-plot --static --color never --width 50 --max-series 10 "$BATS_TEST_TMPDIR/in"
	[ "$(printf '%s\n' "$output" | wc -L)" -le 50 ]
}

@test "plot: CJK and emoji names are measured in columns, so the sparks align" {
	printf '%s\n' '{"start":1,"key":"東京","mean":0.5}' '{"start":1,"key":"ab","mean":0.5}' \
	    '{"start":1,"key":"🗼x","mean":0.5}' '{"start":1,"key":"abcdef","mean":0.5}' \
	    '{"start":1,"key":"👨‍👩‍👧‍👦","mean":0.5}' '{"start":1,"key":"e\u0301t\u00e9","mean":0.5}' > "$BATS_TEST_TMPDIR/in"
	run sentio-plot --static --kind spark --color never "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_line --index 0 '東京   ▇'
	assert_line --index 1 'ab     ▇'
	assert_line --index 2 '🗼x    ▇'
	assert_line --index 3 'abcdef ▇'
	assert_line --index 4 '👨‍👩‍👧‍👦     ▇'
	assert_line --index 5 $'e\u0301té    ▇'
}

@test "plot: a name is measured as it is drawn, when a control's U+FFFD takes the mark after it" {
	# tests/fuzz/KNOWN-BUGS 5 (seed plottext/known-width-spacing-mark): "\x01"
	# then U+0E33 THAI CHARACTER SARA AM is one cluster once the control is
	# U+FFFD, one column wide, but the name was measured as two.
	printf '%s\n' '{"start":1,"key":"\u0001\u0e33","mean":0.5}' '{"start":1,"key":"a","mean":0.5}' \
	    > "$BATS_TEST_TMPDIR/in"
	run sentio-plot --static --kind spark --color never "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_line --index 0 $'\ufffd\u0e33 ▇'
	assert_line --index 1 'a ▇'
}

# Records, accounting, options.

@test "plot: records without x or y are rejected, and in = out + rejected + filtered" {
	printf '%s\n' '{"start":"2026-11-24T06:00:00Z","mean":0.1}' '{"mean":0.2}' \
	    '{"start":"2026-11-24T06:01:00Z"}' '{"start":"yesterday","mean":0.1}' \
	    '{"start":"2026-11-24T06:02:00Z","mean":"high"}' '{"start":true,"mean":0.1}' \
	    '[1]' > "$BATS_TEST_TMPDIR/in"
	run sentio-plot --static --stats --rejects "$BATS_TEST_TMPDIR/rej" "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output --partial ':2: no x field start'
	assert_output --partial ':3: no y field mean'
	assert_output --partial ':4: start: not an RFC 3339 time'
	assert_output --partial ':5: mean is not a number'
	assert_output --partial ':6: start is not a time or a number'
	assert_output --partial '"in":7,"out":1,"rejected":6,"filtered":0'
	[ "$(wc -l < "$BATS_TEST_TMPDIR/rej")" -eq 6 ]
}

@test "plot: series past --max-series are filtered, with one warning" {
	for i in 1 2 3 4; do printf '{"start":%d,"key":"k%d","mean":0}\n{"start":%d,"key":"k%d","mean":0}\n' $i $i $((i+1)) $i; done > "$BATS_TEST_TMPDIR/in"
	run sentio-plot --static --stats --max-series 2 --kind spark "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output --partial 'more than 2 series'
	assert_output --partial '"in":8,"out":4,"rejected":0,"filtered":4'
}

@test "plot: --help, --version and bad options" {
	run sentio-plot --help
	assert_success
	assert_line --index 0 --partial 'usage: sentio-plot'
	assert_output --partial '--kind KIND'
	run sentio-plot --version
	assert_success
	assert_output --regexp '^sentio-plot [0-9]'
	for bad in "--kind pie" "--width 3" "--fps 0" "--color sometimes" "--every 0" "--ymin 2 --ymax 1" "--live --static" "--x a..b" "--bogus"; do
		run sentio-plot $bad < /dev/null
		[ "$status" -eq 2 ]
	done
}

@test "plot: a bad option argument is named in the one shape of every stage" {
	run sentio-plot --width 0 < /dev/null
	[ "$status" -eq 2 ]
	assert_output 'sentio-plot: --width: 0: not a count from 10 to 1000'
	run sentio-plot --every 0 < /dev/null
	assert_output 'sentio-plot: --every: 0: not a count over 0'
	run sentio-plot --ymax 1e999 < /dev/null
	assert_output 'sentio-plot: --ymax: 1e999: not a number'
	run sentio-plot --kind pie < /dev/null
	assert_output 'sentio-plot: --kind: pie: not line, bars, hist or spark'
	run sentio-plot --color sometimes < /dev/null
	assert_output 'sentio-plot: --color: sometimes: not auto, always or never'
	run sentio-plot --y 'a..b' < /dev/null
	assert_output 'sentio-plot: --y: a..b: not a field path'
}

@test "plot: a write error is an error" {
	run bash -c "sentio-plot --static '$W' > /dev/full"
	[ "$status" -eq 1 ]
	assert_output --partial 'write error'
}

@test "plot: memory does not grow with the input" {
	command -v /usr/bin/time > /dev/null || skip "no /usr/bin/time"
	for n in 20000 300000; do
		awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) printf "{\"start\":%d,\"key\":\"k%d\",\"mean\":%.3f}\n", i, i % 4, sin(i / 5000) }' > "$BATS_TEST_TMPDIR/in"
		ASAN_OPTIONS=quarantine_size_mb=0 /usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss$n" \
		    sentio-plot --static "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
		grep -q '⣿ k3' "$BATS_TEST_TMPDIR/out"
	done
	# Fifteen times the input (10 MB), not 2 MB more memory.
	[ "$(cat "$BATS_TEST_TMPDIR/rss300000")" -lt $(($(cat "$BATS_TEST_TMPDIR/rss20000") + 2048)) ]
}

# Numbers at the limits of double (issue 12): a chart or a reject, never a crash or a hang.
# The timeout only turns a hang into a failure; nothing here is timed.

@test "plot: values near the limits of double draw on an axis held to 1e307, in every kind" {
	printf '{"start":1,"v":9e307}\n{"start":2,"v":-9e307}\n' > "$BATS_TEST_TMPDIR/in"
	# hist died with SIGSEGV: the span overflowed and a NaN became an array index.
	run timeout 60 sentio-plot --static --color never --kind hist -y v "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output --partial '2 values, mean 0'
	assert_output --regexp '-1\.0e307 +-0\.5e307 +0\.0 +0\.5e307 +1\.0e307'
	# line drew a flat line and no labels; spark put both values at the bottom.
	run timeout 60 sentio-plot --static --color never --width 40 --height 10 -y v "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_line --index 0 --regexp '^ 1\.0e307┤⠑⠢'
	assert_line --index 7 --regexp '^-1\.0e307┤ +⠈⠑⠢⢄$'
	run timeout 60 sentio-plot --static --color never --kind spark -y v "$BATS_TEST_TMPDIR/in"
	assert_output '█▁'
	# bars looped for ever on shares whose sum overflows.
	printf '%s\n' '{"start":1,"key":"a","mean":0.5,"pos":1e308,"neu":1e308,"neg":1e308}' \
	    '{"start":1,"key":"b","mean":0.5,"pos":1e308,"neu":1e308,"neg":1e308}' \
	    '{"start":2,"key":"b","mean":0.5,"pos":1.7e308,"neu":0,"neg":1}' > "$BATS_TEST_TMPDIR/in"
	run timeout 60 sentio-plot --static --color never --kind bars --width 30 --height 9 "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_line --index 0 '100%┤███████ ███████'
	assert_line --index 2 '    │▒▒▒▒▒▒▒ ███████'
	assert_line --index 4 '    │░░░░░░░ ███████'
}

@test "plot: --ymin/--ymax at the limits of double, and ranges of denormals, in every kind" {
	max=1.7976931348623157e308
	printf '{"start":1,"v":-9e307}\n{"start":1,"v":9e307}\n{"start":2,"v":5e-324}\n{"start":3,"v":-0}\n' > "$BATS_TEST_TMPDIR/in"
	for kind in line bars hist spark; do
		for range in "--ymin -$max --ymax $max" "--ymin $max" "--ymax -$max" \
		    "--ymin 0 --ymax 5e-324" "--ymin 5e-324" "--ymin -1e-320 --ymax 1e-320"; do
			# shellcheck disable=SC2086 # range is a list of options
			run timeout 60 sentio-plot --static --color never --kind "$kind" -y v $range "$BATS_TEST_TMPDIR/in"
			echo "$kind $range"
			assert_success
			refute_output --regexp 'nan|inf'
			[ "$(printf '%s\n' "$output" | wc -L)" -le 80 ]
		done
	done
}

@test "plot: x values huge, tiny or all equal, one point, all values equal: a chart in every kind" {
	for in in '{"start":1e300,"v":1}\n{"start":1e300,"v":2}\n' \
	    '{"start":-1.7e308,"v":1}\n{"start":1.7e308,"v":2}\n' \
	    '{"start":1e-320,"v":1}\n{"start":-5e-324,"v":2}\n{"start":-0,"v":3}\n' \
	    '{"start":5,"v":1e-308}\n' '{"start":1,"v":7}\n{"start":2,"v":7}\n{"start":3,"v":7}\n' \
	    '{"start":1,"v":1.7976931348623157e308}\n{"start":2,"v":1.7976931348623157e308}\n'; do
		printf "$in" > "$BATS_TEST_TMPDIR/in"
		for kind in line bars hist spark; do
			for x in start '#'; do
				run timeout 60 sentio-plot --static --color never --kind "$kind" -x "$x" -y v "$BATS_TEST_TMPDIR/in"
				echo "$kind $x $in"
				assert_success
				refute_output --regexp 'nan|inf'
			done
		done
	done
}

@test "plot: random extreme values through every kind, live and static, end in status 0, never a signal" {
	# A stress loop in the manner of ttyplot's: records of values drawn from
	# the extremes of double, at odd sizes and ranges, give a chart, status 0
	# (status 1 would be a runtime failure, which is also how the sanitizers
	# end a run: so 0, and no report from them).
	for kind in line bars hist spark; do
		for round in 1 2 3 4 5 6; do
			awk -v seed="$round$kind" '
			BEGIN {
				n = split("0 -0 1 -1 0.5 5e-324 -5e-324 1e-308 2.2250738585072014e-308 " \
				    "1e-300 9e307 -9e307 1.7976931348623157e308 -1.7976931348623157e308 " \
				    "1e15 123456789012345678 1e300 -1e300", pool, " ")
				for (i = 1; i <= length(seed); i++)
					s = s * 31 + index("0123456789abcdefghijklmnopqrstuvwxyz", substr(seed, i, 1))
				srand(s)
				for (k = int(rand() * 300) + 1; k > 0; k--)
					printf "{\"start\":%s,\"key\":\"k%d\",\"v\":%s,\"pos\":%s,\"neu\":%s,\"neg\":%s}\n",
					    pool[int(rand() * n) + 1], int(rand() * 3), pool[int(rand() * n) + 1],
					    pool[int(rand() * 10) + 1], pool[int(rand() * n) + 1], pool[int(rand() * 14) + 1]
				print "--width " int(rand() * 200 + 10) " --height " int(rand() * 60 + 5) \
				    " --bins " int(rand() * 1000 + 1) > "/dev/stderr"
				r = int(rand() * 4)
				o = r == 0 ? "--ymin " : r == 1 ? "--ymax " : ""
				if (o != "")
					print o pool[int(rand() * n) + 1] > "/dev/stderr"
				else if (r == 2)
					print "--live --fps 1000" > "/dev/stderr"
			}' > "$BATS_TEST_TMPDIR/in" 2> "$BATS_TEST_TMPDIR/opts"
			# shellcheck disable=SC2046 # the options are words
			run timeout 60 sentio-plot --color never --kind "$kind" -y v $(cat "$BATS_TEST_TMPDIR/opts") "$BATS_TEST_TMPDIR/in"
			echo "status $status: --kind $kind -y v $(cat "$BATS_TEST_TMPDIR/opts")"
			[ "$status" -eq 0 ]
			refute_output --regexp 'runtime error|Sanitizer'
		done
	done
}

@test "plot: epoch s, ms, us and ns and RFC 2822 x values draw the same chart as RFC 3339" {
	d=$BATS_TEST_TMPDIR
	printf '{"ts":"%s","v":%s}\n' 2026-11-24T06:00:00Z 1 2026-11-24T07:00:00.5+01:00 3 \
	    2026-11-24t06:30:00z -1 >"$d/rfc"
	printf '{"ts":"%s","v":%s}\n' 'Tue, 24 Nov 2026 06:00:00 GMT' 1 '24 Nov 2026 06:00:00 +0000' 3 \
	    '24 Nov 2026 01:30 -0500' -1 >"$d/2822"
	printf '{"ts":%s,"v":%s}\n' 1795500000 1 1795500000.5 3 1795501800 -1 >"$d/s"
	printf '{"ts":%s,"v":%s}\n' 1795500000000 1 1795500000500 3 1795501800000 -1 >"$d/ms"
	printf '{"ts":%s,"v":%s}\n' 1795500000000000 1 1795500000500000 3 1795501800000000 -1 >"$d/us"
	printf '{"ts":%s,"v":%s}\n' 1795500000000000000 1 1795500000500000000 3 \
	    1795501800000000000 -1 >"$d/ns"
	run plot60 --x ts --y v "$d/rfc"
	assert_success
	assert_output --regexp '06:00 .*06:30'
	want=$output
	for f in s ms us ns; do
		run plot60 --x ts --y v "$d/$f"
		assert_success
		[ "$output" = "$want" ]
	done
	run plot60 --x ts --y v --epoch-unit ms "$d/ms"
	[ "$output" = "$want" ]
	# RFC 2822 has whole seconds only: the same chart as RFC 3339 at 06:00:00.
	sed 's/00\.5+01:00/00+01:00/' "$d/rfc" >"$d/rfc0"
	run plot60 --x ts --y v "$d/rfc0"
	want=$output
	run plot60 --x ts --y v "$d/2822"
	[ "$output" = "$want" ]
	# A number that is no time (negative, past 2262) is drawn as the number it is, as before.
	printf '{"ts":%s,"v":1}\n' -5 99999999999 >"$d/bad"
	run plot60 --x ts --y v --stats "$d/bad"
	assert_success
	assert_output --partial '"in":2,"out":2,"rejected":0'
}
