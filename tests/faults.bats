#!/usr/bin/env bats
# The fault matrix: every stage against bad, odd and hostile input and
# against a hostile environment.  For each: no crash (status < 128), the
# documented exit status, in = out + rejected + filtered in --stats, and the
# --rejects file holding every rejected line byte for byte ("raw", or
# "raw_base64" for invalid UTF-8 and over-long lines; see sentio(7)).
# Inputs are generated here; nothing big is committed.

load helpers

STAGES="collect clean score window plot"

# A record every stage takes: collect and clean need text, score text,
# window ts and sentiment.compound, plot start and mean (and key).
GOOD='{"id":"g1","ts":"2026-11-24T06:15:02.123Z","source":"t","text":"What a good day","sentiment":{"compound":0.5},"start":"2026-11-24T06:15:00Z","mean":0.5,"key":"k"}'

setup_file() {
	cat >"$BATS_FILE_TMPDIR/check.py" <<'EOF'
# check.py: the accounts and the rejects file of one run of a stage.
import argparse, base64, json, sys

ap = argparse.ArgumentParser()
ap.add_argument("--stage"); ap.add_argument("--input"); ap.add_argument("--rejects")
ap.add_argument("--stderr"); ap.add_argument("--stdout"); ap.add_argument("--status", type=int)
ap.add_argument("--expect-status", type=int, default=0)
ap.add_argument("--signal", type=int, help="ended by this signal: status 128 + it, not a crash")
ap.add_argument("--rejected", type=int); ap.add_argument("--out", type=int)
ap.add_argument("--in", dest="nin", type=int)
ap.add_argument("--per-record", action="store_true", help="one output line per record out")
a = ap.parse_args()
bad = []
def fail(msg):
    bad.append(msg)

expect = a.expect_status if a.signal is None else 128 + a.signal
if a.status >= 128 and a.status != expect:
    fail("crashed: status %d" % a.status)
if a.status != expect:
    fail("status %d, expected %d" % (a.status, expect))
err = open(a.stderr, "rb").read().decode("utf-8", "replace")
stats = [json.loads(l) for l in err.splitlines() if l.startswith('{"stage"')]
if a.expect_status == 0:
    if len(stats) != 1:
        fail("%d --stats lines on stderr" % len(stats))
    else:
        s = stats[0]
        if s["stage"] != a.stage:
            fail("stats of %s" % s["stage"])
        if s["in"] != s["out"] + s["rejected"] + s["filtered"]:
            fail("in %(in)d != out %(out)d + rejected %(rejected)d + filtered %(filtered)d" % s)
        for k, v in (("rejected", a.rejected), ("out", a.out), ("in", a.nin)):
            if v is not None and s[k] != v:
                fail("%s is %d, expected %d" % (k, s[k], v))
        if a.per_record:
            n = open(a.stdout, "rb").read().count(b"\n")
            if n != s["out"]:
                fail("%d output lines for out %d" % (n, s["out"]))
lines = open(a.input, "rb").read().split(b"\n")
try:
    rejects = [json.loads(l) for l in open(a.rejects, "rb").read().splitlines()]
except FileNotFoundError:
    rejects = []
if stats and len(rejects) != stats[0]["rejected"]:
    fail("%d lines in the rejects file for rejected %d" % (len(rejects), stats[0]["rejected"]))
for r in rejects:
    if r.get("stage") != a.stage or not r.get("error") or "line" not in r:
        fail("reject without stage, line or error: %.200r" % r)
        continue
    if "raw" in r:
        got = r["raw"].encode("utf-8", "surrogatepass")
    elif "raw_base64" in r:
        got = base64.b64decode(r["raw_base64"])
    else:
        fail("line %d: no raw nor raw_base64" % r["line"])
        continue
    want = lines[r["line"] - 1] if 0 < r["line"] <= len(lines) else None
    if got != want:
        fail("line %d: rejects file holds %d bytes %.80r, the input %s bytes %.80r" %
             (r["line"], len(got), got, len(want) if want is not None else "no", want))
if bad:
    print("%s on %s:" % (a.stage, a.input))
    for m in bad:
        print("  " + m)
    print("  stderr: %.600s" % err)
    sys.exit(1)
EOF
}

stage_cmd() {
	case $1 in
	collect) echo "sentio-collect json:-" ;;
	plot) echo "sentio-plot --static" ;;
	*) echo "sentio-$1" ;;
	esac
}

# fault STAGE INPUT [check.py options]: run STAGE on INPUT with --stats and --rejects.
fault() {
	local st=$1 in=$2 d=$BATS_TEST_TMPDIR/$1 status=0
	shift 2
	rm -f "$d".*
	$(stage_cmd "$st") --stats --rejects "$d.rej" <"$in" >"$d.out" 2>"$d.err" || status=$?
	python3 "$BATS_FILE_TMPDIR/check.py" --stage "sentio-$st" --input "$in" --rejects "$d.rej" \
		--stderr "$d.err" --stdout "$d.out" --status "$status" "$@"
}

# every INPUT [check.py options]: fault on each stage.
every() {
	local st
	for st in $STAGES; do
		fault "$st" "$@" || return 1
	done
}

@test "faults: invalid JSON is rejected by every stage, byte for byte" {
	in=$BATS_TEST_TMPDIR/in
	{
		echo "$GOOD"
		echo '{"text": "a",'
		echo '{"text" "a"}'
		echo '{text: 1}'
		echo "{'text': 'a'}"
		echo '{"text":"a"} trailing'
		printf '{"text":"a\tb"}\n'
		printf '{"a":"x\0y"}\n'
		echo '}{'
	} >"$in"
	every "$in" --in 9 --rejected 8
}

@test "faults: JSON that is not an object is rejected by every stage" {
	in=$BATS_TEST_TMPDIR/in
	printf '%s\n' '[1,2]' '"text"' 42 -1.5 true null '[]' '[{"text":"a"}]' "$GOOD" >"$in"
	every "$in" --in 9 --rejected 8
}

@test "faults: a field of the wrong type is rejected" {
	in=$BATS_TEST_TMPDIR/in
	echo '{"text":5,"ts":true,"sentiment":{"compound":"x"},"start":[],"mean":"m","key":3}' >"$in"
	every "$in" --in 1 --rejected 1
	# The field each stage needs, alone wrong.
	printf '%s\n' '{"text":{"a":1}}' '{"text":["a"]}' '{"text":null}' '{"text":true}' >"$in"
	fault clean "$in" --rejected 4
	fault score "$in" --rejected 4
	fault collect "$in" --rejected 4
	printf '%s\n' '{"ts":"2026-11-24T06:15:02Z","sentiment":{"compound":"0.5"}}' \
		'{"ts":"2026-11-24T06:15:02Z","sentiment":"0.5"}' \
		'{"ts":{},"sentiment":{"compound":0.5}}' \
		'{"ts":"yesterday","sentiment":{"compound":0.5}}' >"$in"
	fault window "$in" --rejected 4
	printf '%s\n' '{"start":"2026-11-24T06:15:00Z","mean":"0.5"}' \
		'{"start":"2026-11-24T06:15:00Z","mean":[0.5]}' \
		'{"start":{},"mean":0.5}' >"$in"
	fault plot "$in" --rejected 3
}

@test "faults: missing fields: rejected where a stage needs them, passed by clean" {
	in=$BATS_TEST_TMPDIR/in
	printf '%s\n' '{}' '{"id":"1"}' >"$in"
	fault collect "$in" --in 2 --rejected 2
	fault clean "$in" --in 2 --out 2 --per-record
	grep -qx '{}' "$BATS_TEST_TMPDIR/clean.out"
	fault score "$in" --in 2 --rejected 2
	fault window "$in" --in 2 --rejected 2
	fault plot "$in" --in 2 --rejected 2
}

@test "faults: invalid UTF-8: rejected as raw_base64, or repaired (clean, score)" {
	in=$BATS_TEST_TMPDIR/in
	{
		echo "$GOOD"
		# a lone continuation byte, an overlong '/', a surrogate, beyond U+10FFFF, a cut sequence
		printf '{"id":"b1","ts":"2026-11-24T06:15:03Z","text":"caf\xe9 \x80","sentiment":{"compound":0.1},"start":"2026-11-24T06:16:00Z","mean":0.1,"key":"k"}\n'
		printf '{"id":"b2","ts":"2026-11-24T06:15:04Z","text":"\xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x82","sentiment":{"compound":0.1},"start":"2026-11-24T06:17:00Z","mean":0.1,"key":"k"}\n'
		printf '\xff\xfe{"text":"a"}\n'
	} >"$in"
	fault collect "$in" --in 4 --rejected 3
	fault clean "$in" --in 4 --rejected 1 --out 3 --per-record
	fault score "$in" --in 4 --rejected 1 --out 3 --per-record
	fault window "$in" --in 4 --rejected 3
	fault plot "$in" --in 4 --rejected 3
	grep -q raw_base64 "$BATS_TEST_TMPDIR/plot.rej"
	# What clean and score write is valid UTF-8 again.
	run iconv -f UTF-8 -t UTF-8 "$BATS_TEST_TMPDIR/score.out"
	assert_success
}

@test "faults: invalid UTF-8 in a line rejected for another reason stays byte-exact" {
	# sentio-score kept the repaired line until 11d061c.
	in=$BATS_TEST_TMPDIR/in
	printf '{"text":5,"x":"caf\xe9"}\n{"text":{"\xff":1}}\n\xff\xfe{"text":"a"}\n' >"$in"
	every "$in" --in 3 --rejected 3
}

@test "faults: \\u0000 inside a string is taken (clean, score, window, plot)" {
	in=$BATS_TEST_TMPDIR/in
	echo '{"id":"z","ts":"2026-11-24T06:15:02Z","text":"a\u0000b good","sentiment":{"compound":0.5},"start":"2026-11-24T06:15:00Z","mean":0.5,"key":"k\u0000"}' >"$in"
	for st in clean score window plot; do
		fault "$st" "$in" --in 1 --rejected 0
	done
	# score passes the fields it does not know as they were.
	grep -qF '"key":"k\u0000"' "$BATS_TEST_TMPDIR/score.out"
	# clean takes the NUL out of the text (a control character).
	run grep -c 'u0000b' "$BATS_TEST_TMPDIR/clean.out"
	assert_output 0
}

@test "faults: \\u0000 inside a string is taken by collect" {
	in=$BATS_TEST_TMPDIR/in
	echo '{"id":"z","text":"a\u0000b good"}' >"$in"
	fault collect "$in" --in 1 --rejected 0 --out 1
}

@test "faults: a 10 MiB line is rejected whole in raw_base64, and the next line read" {
	in=$BATS_TEST_TMPDIR/in
	{
		printf '{"text":"'
		head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' a
		printf '"}\n%s\n' "$GOOD"
	} >"$in"
	for st in clean score window plot; do
		fault "$st" "$in" --in 2 --rejected 1 --out 1
		grep -q '"raw_base64"' "$BATS_TEST_TMPDIR/$st.rej"
	done
	# With --max-line raised it is an ordinary record.
	run sentio-score --max-line 11M --stats "$in"
	assert_success
	assert_line --partial '"in":2,"out":2,"rejected":0'
}

@test "faults: a 10 MiB line is rejected whole by collect" {
	in=$BATS_TEST_TMPDIR/in
	{
		printf '{"text":"'
		head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' a
		printf '"}\n%s\n' "$GOOD"
	} >"$in"
	fault collect "$in" --in 2 --rejected 1 --out 1
}

@test "faults: 10,000 levels of nesting are rejected, not a stack overflow" {
	in=$BATS_TEST_TMPDIR/in
	python3 -c '
n = 10000
print("{\"text\":\"x\",\"a\":" + "[" * n + "]" * n + "}")
print("{\"text\":\"x\",\"a\":" + "{\"b\":" * n + "1" + "}" * n + "}")
print("[" * n)'"
print('$GOOD')" >"$in"
	every "$in" --in 4 --rejected 3
}

@test "faults: duplicate keys are rejected" {
	in=$BATS_TEST_TMPDIR/in
	printf '%s\n' '{"text":"a","text":"b"}' '{"id":"1","x":{"k":1,"k":2},"text":"a"}' "$GOOD" >"$in"
	every "$in" --in 3 --rejected 2
}

@test "faults: huge numbers: rejected when they do not fit, kept when they do" {
	in=$BATS_TEST_TMPDIR/in
	printf '%s\n' '{"text":"a","n":1e999}' '{"text":"a","n":-1e999}' \
		'{"text":"a","n":123456789012345678901234567890}' \
		'{"text":"a","n":18446744073709551616}' "$GOOD" >"$in"
	every "$in" --in 5 --rejected 4
	# Numbers that fit but are extreme: no crash, the accounts hold.
	printf '%s\n' '{"text":"x","ts":"2026-11-24T06:15:02Z","sentiment":{"compound":1.7e308},"start":"2026-11-24T06:15:00Z","mean":1.7e308,"key":"k"}' \
		'{"text":"x","ts":"2026-11-24T06:15:03Z","sentiment":{"compound":-1.7e308},"start":"2026-11-24T06:16:00Z","mean":-1.7e308,"key":"k"}' \
		'{"text":"x","ts":1e300,"sentiment":{"compound":5e-324},"start":9.2e18,"mean":1e-300,"key":"k"}' \
		'{"text":"x","ts":-9223372036,"sentiment":{"compound":9223372036854775807},"start":-9223372036854775808,"mean":-9223372036854775808,"key":"k"}' >"$in"
	every "$in" --in 4
}

@test "faults: a time out of the 64-bit nanosecond range does not overflow" {
	# lib/timestamp.c overflowed here (UBSan under SANITIZE=1) until ca392be.
	in=$BATS_TEST_TMPDIR/in
	printf '%s\n' '{"text":"x","ts":"0000-01-01T00:00:00Z","sentiment":{"compound":0.5},"start":"0001-01-01T00:00:00Z","mean":0.5}' \
		'{"text":"x","ts":"9999-12-31T23:59:59.999999999-23:59","sentiment":{"compound":0.5},"start":"9999-12-31T23:59:59Z","mean":0.5}' >"$in"
	every "$in" --in 2
}

@test "faults: empty input: nothing out, status 0" {
	in=$BATS_TEST_TMPDIR/in
	: >"$in"
	every "$in" --in 0 --out 0 --rejected 0
	for st in collect clean score window; do
		[ ! -s "$BATS_TEST_TMPDIR/$st.out" ]
	done
	# Blank lines are not records.
	printf '\n  \n\t\n\n' >"$in"
	every "$in" --in 0 --rejected 0
}

@test "faults: the last line needs no newline" {
	in=$BATS_TEST_TMPDIR/in
	printf '%s\n%s' "$GOOD" "${GOOD/g1/g2}" >"$in"
	for st in collect clean score; do
		fault "$st" "$in" --in 2 --out 2 --rejected 0 --per-record
	done
	fault window "$in" --in 2 --rejected 0
	fault plot "$in" --in 2 --rejected 0
	# A last line that is bad is rejected byte-exact too.
	printf '%s\n{"text":' "$GOOD" >"$in"
	every "$in" --in 2 --rejected 1
}

@test "faults: standard output on /dev/full: status 1 and a message" {
	in=$BATS_TEST_TMPDIR/in
	for i in $(seq 200); do echo "${GOOD/g1/g$i}"; done >"$in"
	for st in $STAGES; do
		run -1 --separate-stderr sh -c "$(stage_cmd "$st") <'$in' >/dev/full"
		[[ $stderr == *"sentio-$st: "*"write error"* ]] || {
			echo "$st: $stderr"
			return 1
		}
	done
}

@test "faults: a reader gone away downstream: quiet end with status 0" {
	in=$BATS_TEST_TMPDIR/in
	# Enough output to fill a pipe: a window per record, a chart per record.
	python3 -c '
import json
for i in range(5000):
    print(json.dumps({"id": str(i), "ts": "2026-11-24T%02d:%02d:%02dZ" % (i // 3600 % 24, i // 60 % 60, i % 60),
                      "text": "a good day number %d" % i, "sentiment": {"compound": 0.5},
                      "start": i * 60, "mean": 0.5, "key": "k"}, separators=(",", ":")))' >"$in"
	for cmd in "sentio-collect json:-" sentio-clean sentio-score "sentio-window --size 1s" \
		"sentio-plot --static --every 1"; do
		run bash -c "$cmd <'$in' 2>'$BATS_TEST_TMPDIR/err' | head -c 100 >/dev/null; echo \${PIPESTATUS[0]}"
		assert_output 0
		[ ! -s "$BATS_TEST_TMPDIR/err" ] || {
			echo "$cmd: $(cat "$BATS_TEST_TMPDIR/err")"
			return 1
		}
	done
}

# catches_term PID: the process has its SIGTERM handler in place (Linux).
catches_term() {
	local mask
	mask=$(awk '/^SigCgt:/ {print $2}' "/proc/$1/status" 2>/dev/null)
	[ -n "$mask" ] && (((16#$mask >> 14) & 1))
}

# pipe_pending FD: the bytes written to the pipe FD that nobody has read yet.
pipe_pending() {
	python3 -c 'import array, fcntl, sys, termios
a = array.array("i", [0])
fcntl.ioctl(int(sys.argv[1]), termios.FIONREAD, a)
print(a[0])' "$1"
}

@test "faults: SIGTERM mid-stream: what was read is written, ended by the signal (143), accounts kept" {
	in=$BATS_TEST_TMPDIR/in
	for i in 1 2 3; do echo "${GOOD/g1/g$i}"; done >"$in"
	printf '{"text":' >>"$in" # a line cut short by the signal: not a record
	for st in $STAGES; do
		d=$BATS_TEST_TMPDIR/$st
		rm -f "$d".* "$BATS_TEST_TMPDIR/fifo"
		mkfifo "$BATS_TEST_TMPDIR/fifo"
		$(stage_cmd "$st") --stats --rejects "$d.rej" <"$BATS_TEST_TMPDIR/fifo" >"$d.out" 2>"$d.err" &
		pid=$!
		exec 7>"$BATS_TEST_TMPDIR/fifo"
		cat "$in" >&7
		# Wait (up to 20 s) until the stage has read it all and can catch the
		# signal (a sanitized build takes a while to start); the writer stays open.
		for _ in $(seq 200); do
			[ "$(pipe_pending 7)" -eq 0 ] && catches_term $pid && break
			sleep 0.1
		done
		kill -TERM $pid
		# It must end by itself (within 20 s), the writer still open.
		for _ in $(seq 200); do
			kill -0 $pid 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 $pid 2>/dev/null; then
			kill -KILL $pid
			exec 7>&-
			echo "sentio-$st: still running 20 s after SIGTERM"
			return 1
		fi
		status=0
		wait $pid || status=$?
		exec 7>&-
		python3 "$BATS_FILE_TMPDIR/check.py" --stage "sentio-$st" --input "$in" \
			--rejects "$d.rej" --stderr "$d.err" --stdout "$d.out" --status $status \
			--in 3 --rejected 0 --signal 15
		case $st in
		collect | clean | score) [ "$(wc -l <"$d.out")" -eq 3 ] ;;
		window) [ "$(wc -l <"$d.out")" -ge 1 ] ;; # the open window, emitted at the end
		plot) [ -s "$d.out" ] ;;
		esac
	done
}

@test "faults: sentio-clean is idempotent: cleaning clean text changes nothing" {
	in=$BATS_TEST_TMPDIR/in
	{
		cat "$BATS_TEST_DIRNAME/../data/launch-day.ndjson"
		printf '%s\n' '{"text":"<p>Caf&eacute; &amp; <b>bold</b><br>next\u200b line \ud83d\udc68\u200d\ud83d\udc69 RT @bob: #Tag https://e.org/x</p>"}' \
			'{"text":"\ufb01ne \u2460 \uff21 \u00a0 tab\there \u202eevil\u202c e\u0301"}'
		printf '{"text":"\xff\xfe \xc3 half"}\n'
	} >"$in"
	for opts in "" "--nfkc" "--urls token --hashtags keep --mentions keep" "--html always"; do
		sentio-clean $opts <"$in" >"$BATS_TEST_TMPDIR/once"
		sentio-clean $opts <"$BATS_TEST_TMPDIR/once" >"$BATS_TEST_TMPDIR/twice"
		cmp "$BATS_TEST_TMPDIR/once" "$BATS_TEST_TMPDIR/twice" || {
			echo "sentio-clean $opts is not idempotent:"
			diff "$BATS_TEST_TMPDIR/once" "$BATS_TEST_TMPDIR/twice" | head
			return 1
		}
	done
}

@test "faults: sentio-clean --nfkc leaves no zero-width joiner outside an emoji sequence" {
	# clean left this joiner until 956c862.
	in=$BATS_TEST_TMPDIR/in
	printf '{"text":"\xf0\x9f\x91\xa8\xe2\x80\x8d\xe2\x80\xbc"}\n' >"$in"
	sentio-clean --nfkc <"$in" >"$BATS_TEST_TMPDIR/once"
	sentio-clean --nfkc <"$BATS_TEST_TMPDIR/once" >"$BATS_TEST_TMPDIR/twice"
	cmp "$BATS_TEST_TMPDIR/once" "$BATS_TEST_TMPDIR/twice"
	run grep -c $'\u200d' "$BATS_TEST_TMPDIR/once"
	assert_output 0
}

@test "faults: a feed date beyond 64-bit nanoseconds is rejected, not wrapped round" {
	# collect wrapped such dates round until 47037db.
	d=$BATS_TEST_TMPDIR
	mkdir -p "$d/www"
	cat >"$d/www/feed.xml" <<'XML'
<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><guid>g1</guid><title>far future</title><pubDate>Tue, 24 Nov 20066 02:15:02 +0530</pubDate></item>
<item><guid>g2</guid><title>far past</title><pubDate>Tue, 24 Nov 1066 02:15:02 GMT</pubDate></item>
<item><guid>g3</guid><title>fine</title><pubDate>Tue, 24 Nov 2026 02:15:02 GMT</pubDate></item>
</channel></rss>
XML
	python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$d/www" >"$d/http.log" 2>&1 &
	server=$!
	for _ in $(seq 100); do
		port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$d/http.log")
		[ -n "$port" ] && break
		sleep 0.1
	done
	run --separate-stderr sentio-collect --once --stats --rejects "$d/rej" \
		"feed:http://127.0.0.1:$port/feed.xml"
	kill $server
	wait $server || true
	assert_success
	assert_output --partial '"id":"g3","ts":"2026-11-24T02:15:02.000Z"'
	refute_output --partial '"id":"g1"'
	refute_output --partial '"id":"g2"'
	[ "$(wc -l <"$d/rej")" -eq 2 ]
}

# --- lib: closed standard descriptors, SIGHUP, raw NUL bytes (issue 12 items 3, 8, 14) ---

@test "faults: a closed standard input is a read error, never a hang" {
	# Every stage read its own wake-up pipe, which had taken descriptor 0, for ever.
	for st in $STAGES; do
		status=0
		timeout 10 $(stage_cmd "$st") <&- >/dev/null 2>"$BATS_TEST_TMPDIR/err" || status=$?
		[ "$status" -eq 1 ] && grep -q "^sentio-$st: <stdin>: read error" "$BATS_TEST_TMPDIR/err" || {
			echo "sentio-$st: status $status: $(cat "$BATS_TEST_TMPDIR/err")"
			return 1
		}
	done
}

@test "faults: a closed standard output is a write error, status 1" {
	# collect wrote its records into libcurl's socket pair, which had taken
	# descriptor 1, and exited 0.
	in=$BATS_TEST_TMPDIR/in
	for i in $(seq 200); do echo "${GOOD/g1/g$i}"; done >"$in"
	for st in $STAGES; do
		status=0
		timeout 10 $(stage_cmd "$st") <"$in" >&- 2>"$BATS_TEST_TMPDIR/err" || status=$?
		[ "$status" -eq 1 ] && grep -q "^sentio-$st: write error" "$BATS_TEST_TMPDIR/err" || {
			echo "sentio-$st: status $status: $(cat "$BATS_TEST_TMPDIR/err")"
			return 1
		}
	done
}

# signal_mid_stream SIG: as the SIGTERM case above, with SIG.
signal_mid_stream() {
	local sig=$1 bit st d pid status in=$BATS_TEST_TMPDIR/in
	bit=$(($(kill -l "$sig") - 1))
	for i in 1 2 3; do echo "${GOOD/g1/g$i}"; done >"$in"
	printf '{"text":' >>"$in"
	for st in $STAGES; do
		d=$BATS_TEST_TMPDIR/$st
		rm -f "$d".* "$BATS_TEST_TMPDIR/fifo"
		mkfifo "$BATS_TEST_TMPDIR/fifo"
		$(stage_cmd "$st") --stats --rejects "$d.rej" <"$BATS_TEST_TMPDIR/fifo" >"$d.out" 2>"$d.err" &
		pid=$!
		exec 7>"$BATS_TEST_TMPDIR/fifo"
		cat "$in" >&7
		for _ in $(seq 200); do
			mask=$(awk '/^SigCgt:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
			[ "$(pipe_pending 7)" -eq 0 ] && [ -n "$mask" ] && (((16#$mask >> bit) & 1)) && break
			sleep 0.1
		done
		kill -"$sig" $pid
		for _ in $(seq 200); do
			kill -0 $pid 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 $pid 2>/dev/null; then
			kill -KILL $pid
			exec 7>&-
			echo "sentio-$st: still running 20 s after SIG$sig"
			return 1
		fi
		status=0
		wait $pid || status=$?
		exec 7>&-
		python3 "$BATS_FILE_TMPDIR/check.py" --stage "sentio-$st" --input "$in" \
			--rejects "$d.rej" --stderr "$d.err" --stdout "$d.out" --status $status \
			--in 3 --rejected 0 --signal "$(kill -l "$sig")" || return 1
		case $st in
		collect | clean | score) [ "$(wc -l <"$d.out")" -eq 3 ] ;;
		window) [ "$(wc -l <"$d.out")" -ge 1 ] ;;
		plot) [ -s "$d.out" ] ;;
		esac || {
			echo "sentio-$st: output after SIG$sig: $(cat "$d.out")"
			return 1
		}
	done
}

@test "faults: SIGHUP mid-stream ends a stage as SIGTERM does: nothing read is lost, status 129" {
	# SIGHUP killed every stage, losing what it held (window its open windows).
	signal_mid_stream HUP
}

@test "faults: a raw NUL byte after a number or a literal is rejected by every stage" {
	# jansson takes {"a":0<NUL>} and drops the NUL: every stage took such lines,
	# and clean and score wrote them out, NUL and all (not JSON).
	in=$BATS_TEST_TMPDIR/in
	{
		echo "$GOOD"
		printf '%s\0%s\n' "${GOOD%%,\"start\"*}" ",\"start\"${GOOD#*,\"start\"}" # after an object
		printf '%s\0%s\n' "${GOOD%%\}*}" "}${GOOD#*\}}"                         # after 0.5
		printf '%s\0}\n' "${GOOD%\}}"                                            # after "k"
		printf '%s,"t":true\0}\n' "${GOOD%\}}"
		printf '%s,"n":null\0,"f":false}\n' "${GOOD%\}}"
		printf '%s,"z":-0\0}\n' "${GOOD%\}}"
	} >"$in"
	every "$in" --in 7 --rejected 6
	for st in $STAGES; do
		[ "$(tr -cd '\000' <"$BATS_TEST_TMPDIR/$st.out" | wc -c)" -eq 0 ] || {
			echo "sentio-$st wrote a NUL byte"
			return 1
		}
	done
}

# --- clean: endless combining marks, fields kept through merges, a NUL after a number

@test "faults: endless combining marks do not stall sentio-clean (stream-safe text)" {
	# Half a megabyte of U+0301 U+0316 after one letter took minutes:
	# normalising sorted the whole run of marks.  KILL: on TERM a stage ends
	# only after the record in hand.
	in=$BATS_TEST_TMPDIR/in
	python3 -c 'import sys; sys.stdout.write("{\"text\":\"a" + "\u0301\u0316" * 125000 + "\"}\n")' >"$in"
	run timeout -s KILL 20 sh -c "sentio-clean <'$in' >/dev/null"
	assert_success
	fault clean "$in" --in 1 --out 1 --per-record
}

@test "faults: sentio-clean keeps the bytes of the fields it does not write, merging or not" {
	in=$BATS_TEST_TMPDIR/in
	printf '%s\n' '{"text":"a #x","rating":4.1,"e":1e2,"z":-0,"s":"\/","tags":["y"]}' \
		'{"text":"a  b","rating":4.1,"e":1e2,"z":-0,"s":"\/","tags":null}' >"$in"
	fault clean "$in" --in 2 --out 2 --per-record
	run grep -c '"rating":4.1,"e":1e2,"z":-0,"s":"\\/"' "$BATS_TEST_TMPDIR/clean.out"
	assert_output 2
}

@test "faults: sentio-clean rejects a NUL after a number and writes strict JSON only" {
	in=$BATS_TEST_TMPDIR/in
	printf '%s\n' '{"text":"good","a":0@,"b":1}' '{"text":"#x","a":0@,"tags":[]}' \
		'{"text":"ok"}' | tr @ '\000' >"$in"
	fault clean "$in" --in 3 --rejected 2 --out 1 --per-record
	python3 -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1], "rb")]' \
		"$BATS_TEST_TMPDIR/clean.out"
}

# --- score: the output field replaced, every other byte kept; raw NUL (issue 12 items 7, 14) ---

@test "faults: score replaces only its own field's value; a raw NUL after a number is rejected" {
	in=$BATS_TEST_TMPDIR/in
	{
		# the scanner's path, then jansson's (an escaped key), then --into's field first
		echo '{"text":"good","rating":4.1,"e":1e2,"z":-0,"s":"\/","sentiment":1}'
		echo '{"text":"good","rating":4.1,"e":1e2,"z":-0,"s":"\/","sentim\u0065nt":1}'
		echo '{"sentiment":[],"text":"good","rating":4.1,"e":1E+2,"z":-0.0,"s":"\/"}'
		printf '{"text":"good","a":0\0,"b":1}\n{"text":"good","a":1.5\0,"sentiment":1}\n'
	} >"$in"
	fault score "$in" --in 5 --rejected 2 --out 3
	run grep -c '"rating":4.1,"e":1e2,"z":-0,"s":"\\/","sentim' "$BATS_TEST_TMPDIR/score.out"
	assert_output 2
	run grep -c '"rating":4.1,"e":1E+2,"z":-0.0,"s":"\\/"}$' "$BATS_TEST_TMPDIR/score.out"
	assert_output 1
	# never a second field of the name
	run grep -c 'sentim.*sentim' "$BATS_TEST_TMPDIR/score.out"
	assert_output 0
}

# --- plot: numbers at the limits of double (issue 12 item 1)

@test "faults: sentio-plot draws values near the limits of double, in every kind, without a crash" {
	# hist died with SIGSEGV (an infinite span, a NaN array index) until the plot branch fixed it.
	printf '{"start":1,"v":9e307}\n{"start":2,"v":-9e307}\n' >"$BATS_TEST_TMPDIR/in"
	for kind in line bars hist spark; do
		run timeout 60 sentio-plot --static --color never --kind "$kind" -y v "$BATS_TEST_TMPDIR/in"
		assert_success
		run timeout 60 sentio-plot --static --color never --kind "$kind" -y v \
			--ymin -1.7976931348623157e308 --ymax 1.7976931348623157e308 "$BATS_TEST_TMPDIR/in"
		assert_success
	done
}

# --- window: hostile partial states for --merge (issue 12, number writer and overflow) ---

@test "faults: sentio-window --merge rejects partial states no input could give, byte for byte" {
	d=$BATS_TEST_TMPDIR
	printf '%s\n' '{"ts":1,"sentiment":{"compound":0.5}}' '{"ts":2,"sentiment":{"compound":0.25}}' |
		sentio-window --partial >"$d/p"
	{
		cat "$d/p"
		sed 's/"sum":"[^"]*","sumsq":"[^"]*"/"sum":"1p992","sumsq":"1p1984"/' "$d/p"
		sed 's/"min":0.25/"min":-1e300/' "$d/p"
		# With the first line's, this bin would wrap round 32 bits.
		sed 's/"count":2,/"count":4294967296,/; s/"pos":2,/"pos":4294967296,/; s/"hist":\[125,1,/"hist":[125,4294967295,/' "$d/p"
		sed 's/"partial":1/"partial":2/' "$d/p"
	} >"$d/in"
	status=0
	sentio-window --merge --stats --rejects "$d/rej" <"$d/in" >"$d/out" 2>"$d/err" || status=$?
	python3 "$BATS_FILE_TMPDIR/check.py" --stage sentio-window --input "$d/in" --rejects "$d/rej" \
		--stderr "$d/err" --stdout "$d/out" --status $status --in 5 --rejected 4
	[ "$(jq -c '[.count, (.stddev | type)]' "$d/out")" = '[2,"number"]' ]
}

# --- collect: impossible dates, half-written lines, CR, bytes kept (issue 12: 6, 7, 11, 13)

@test "faults: collect: a feed date the month does not have is rejected, not moved" {
	# rfc822_parse let timegm() move 31 February to 3 March until the collect branch.
	d=$BATS_TEST_TMPDIR
	mkdir -p "$d/www"
	cat >"$d/www/feed.xml" <<'XML'
<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><guid>g1</guid><title>no such day</title><pubDate>Tue, 31 Feb 2026 10:00:00 GMT</pubDate></item>
<item><guid>g2</guid><title>not a leap year</title><pubDate>Sun, 29 Feb 2026 10:00:00 GMT</pubDate></item>
<item><guid>g3</guid><title>leap year</title><pubDate>Sat, 29 Feb 2020 10:00:00 GMT</pubDate></item>
<item><guid>g4</guid><title>atom style</title><pubDate>2026-04-31T10:00:00Z</pubDate></item>
</channel></rss>
XML
	python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$d/www" >"$d/http.log" 2>&1 &
	server=$!
	for _ in $(seq 100); do
		port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$d/http.log")
		[ -n "$port" ] && break
		sleep 0.1
	done
	run --separate-stderr sentio-collect --once --stats --rejects "$d/rej" \
		"feed:http://127.0.0.1:$port/feed.xml"
	kill $server
	wait $server || true
	assert_success
	assert_output '{"id":"g3","ts":"2020-02-29T10:00:00.000Z","source":"feed:http://127.0.0.1:'"$port"'/feed.xml","text":"leap year"}'
	[ "$(wc -l <"$d/rej")" -eq 3 ]
	[ "$(jq -r .error "$d/rej" | sort -u)" = "an item with a date that is not one" ]
}

@test "faults: collect: a line of blanks and CR is skipped, a rejected line keeps its CR (every stage)" {
	in=$BATS_TEST_TMPDIR/in
	printf '%s\r\n \r \n\r\n{bad\r\n\t\r\n%s\n' "$GOOD" "$GOOD" >"$in"
	every "$in" --in 3 --rejected 1
}

@test "faults: collect: JSON numbers and escapes of fields it does not own keep their bytes" {
	in=$BATS_TEST_TMPDIR/in
	printf '%s\n' '{"text":"a","rating":4.1,"e":1e2,"z":-0,"s":"\/"}' >"$in"
	fault collect "$in" --in 1 --out 1
	grep -qF '"rating":4.1,"e":1e2,"z":-0,"s":"\/"}' \
		"$BATS_TEST_TMPDIR/collect.out"
}

@test "faults: collect: with --state a half-written last line waits for the next run" {
	d=$BATS_TEST_TMPDIR
	printf '{"text":"one"}\n{"text":"t' >"$d/h.ndjson"
	run --separate-stderr sentio-collect --stats --rejects "$d/rej" --state "$d/st" "$d/h.ndjson"
	assert_success
	[[ "$stderr" == *'"in":1,"out":1,"rejected":0'* ]]
	printf 'wo"}\n' >>"$d/h.ndjson"
	run --separate-stderr sentio-collect --stats --rejects "$d/rej" --state "$d/st" "$d/h.ndjson"
	[[ "$stderr" == *'"in":1,"out":1,"rejected":0'* ]]
	[ "$(jq -r .text <<<"$output")" = two ]
	[ ! -s "$d/rej" ]
}

# --- collectnet: stalled servers, rejects seen at once, retried POSTs (issue 12: 2, 9, 15) ---

@test "faults: collect: a feed server that sends headers, then nothing: --once ends, status 1" {
	cd "$BATS_TEST_TMPDIR"
	load collect/helpers
	start_server feed.py
	run --separate-stderr timeout 60 sentio-collect --once --stats --stall-timeout 1s \
		--fetch-timeout 2s --backoff 10ms,20ms "feed:http://127.0.0.1:$PORT/stall.xml"
	stop_server
	assert_failure 1
	[[ "$stderr" == *"giving up"* ]]
	[[ "$stderr" == *'"in":0,"out":0,"rejected":0,"filtered":0'* ]]
}

@test "faults: collect: the receiver's rejects are in the file at once; a retried POST counts as filtered" {
	cd "$BATS_TEST_TMPDIR"
	load collect/helpers
	sentio-collect --stats --rejects rej listen:127.0.0.1:0 >out 2>err &
	pid=$!
	for ((i = 0; i < 200; i++)); do
		grep -q "listening on" err 2>/dev/null && break
		sleep 0.05
	done
	url=$(grep -o 'http://127.0.0.1:[0-9]*' err)/
	for _ in 1 2; do
		curl -s -o /dev/null -H 'Content-Type: application/json' -H 'Idempotency-Key: a' \
			-d '[{"text":"x"},{"text":"y"}]' "$url"
	done
	printf '{"text":"\xff"}' | curl -s -o /dev/null -H 'Content-Type: application/json' --data-binary @- "$url"
	wait_lines rej 1
	kill -TERM $pid
	wait $pid || [ $? -eq 143 ] # ends by the signal
	[ "$(wc -l <out)" = 2 ]
	grep -q '"in":5,"out":2,"rejected":1,"filtered":2' err
	[ "$(jq -r .raw_base64 rej | base64 -d | od -An -tx1 | tr -d ' \n')" = "7b2274657874223a22ff227d" ]
}

# collectnet_listen: a receiver on $port with --state st --output out; sets pid once it answers.
collectnet_listen() {
	sentio-collect --state st --output out "listen:127.0.0.1:$port" 2>>err &
	pid=$!
	for ((i = 0; i < 200; i++)); do
		curl -s -o /dev/null "http://127.0.0.1:$port/" && break
		sleep 0.05
	done
}

@test "faults: collect: SIGTERM in a burst of POSTs, a restart, the clients' retries: each once" {
	cd "$BATS_TEST_TMPDIR"
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	collectnet_listen
	python3 "$BATS_TEST_DIRNAME/collect/burst.py" "$port" 8 40 >accepted &
	client=$!
	sleep 0.5
	kill -TERM $pid
	wait $pid || [ $? -eq 143 ] # ends by the signal
	collectnet_listen
	wait $client
	kill -TERM $pid
	wait $pid || [ $? -eq 143 ] # ends by the signal
	[ "$(wc -l <accepted)" = 320 ]
	[ "$(jq -r .text out | sort | uniq -d | wc -l)" = 0 ]
	cmp <(sort accepted) <(jq -r .text out | sort)
}

# --- tw: times from the future (issue 13 item 2) ---

@test "faults: window: times ahead of the clock, in every form, are rejected byte for byte and make nothing late" {
	in=$BATS_TEST_TMPDIR/in
	soon=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
	{
		echo "$GOOD"
		echo '{"ts":"2099-12-31T23:59:59.999+05:00","sentiment":{"compound":0.5}}'
		echo '{"ts":4102444800,"sentiment":{"compound":0.5}}'
		echo '{"ts":4000000000.5,"sentiment":{"compound":0.5}}'
		echo "{\"ts\":\"$soon\",\"sentiment\":{\"compound\":0.5}}"
		echo '{"ts":"2026-11-24T06:15:01Z","sentiment":{"compound":0.25}}'
	} >"$in"
	fault window "$in" --in 6 --rejected 4
	[ "$(grep -c 'in the future by' "$BATS_TEST_TMPDIR/window.err")" = 4 ]
	grep -q '"late":0' "$BATS_TEST_TMPDIR/window.err"
	grep -q '"count":2,' "$BATS_TEST_TMPDIR/window.out"
}

# --- signals: every stage ends by SIGINT, SIGTERM or SIGHUP (issue 14 item 6) ---

@test "faults: SIGINT mid-stream: what was read is written, then the stage ends by the signal (130)" {
	signal_mid_stream INT
}
