#!/usr/bin/env bats
# Valgrind memcheck over a short run of each stage, with bad lines among
# good ones so that the reject paths run too, and over the whole pipeline
# with every stage under valgrind.  No invalid access, no use of
# uninitialised memory, no definite leak.  Skipped under sanitizer builds
# (SENTIO_SANITIZE set, or binaries linked with libasan): valgrind cannot
# run those.

load helpers

setup() {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[ -z "${SENTIO_SANITIZE:-}" ] || skip "sanitizer build (SENTIO_SANITIZE)"
	if ldd "$(command -v sentio-score)" 2>/dev/null | grep -q libasan; then
		skip "sanitizer build (linked with libasan)"
	fi
	IN=$BATS_TEST_TMPDIR/in.ndjson
	{
		head -n 120 "$BATS_TEST_DIRNAME/../data/launch-day.ndjson"
		echo '{"text": "a",'
		echo '[1,2]'
		echo '{"id":"x","text":5,"ts":true}'
		echo '{}'
		printf '{"id":"u","ts":"2026-11-24T06:15:02Z","text":"caf\xe9 <b>bold</b> &amp; @bob #tag https://e.org","sentiment":{"compound":0.1}}\n'
		echo '{"text":"a","text":"b"}'
		echo '{"id":"z","ts":"2026-11-24T06:15:03Z","text":"nul\u0000 here","sentiment":{"compound":0.2}}'
		python3 -c 'print("{\"a\":" + "[" * 3000 + "]" * 3000 + "}")'
		printf '{"id":"last","ts":"2026-11-24T06:15:04Z","text":"no newline at the end","sentiment":{"compound":-0.3}}'
	} >"$IN"
}

VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"

# memcheck CMD...: run CMD on $IN under valgrind; fail with its report.
memcheck() {
	local log=$BATS_TEST_TMPDIR/vg.log status=0
	$VG --log-file="$log" "$@" --rejects "$BATS_TEST_TMPDIR/rej" <"$IN" >"$BATS_TEST_TMPDIR/out" \
		2>"$BATS_TEST_TMPDIR/err" || status=$?
	if [ $status -ne 0 ] || [ -s "$log" ]; then
		echo "$* (status $status):"
		head -n 80 "$log"
		return 1
	fi
}

@test "memcheck: sentio-collect (JSON lines, text, CSV)" {
	memcheck sentio-collect --stats json:-
	memcheck sentio-collect --stats text:-
	printf 'id,text,ts\n1,"hello, world",2026-11-24T06:15:02Z\n2,"multi\nline ""q""",x\n3,,\n' \
		>"$BATS_TEST_TMPDIR/in.csv"
	memcheck sentio-collect --stats --time-column ts "$BATS_TEST_TMPDIR/in.csv"
}

@test "memcheck: sentio-clean" {
	memcheck sentio-clean --stats
	memcheck sentio-clean --html always --nfkc --urls token --hashtags keep --mentions keep \
		--drop-reposts --dedupe 10 --lang en --min-chars 3 --keep-raw
}

@test "memcheck: sentio-score (VADER, --explain, TextBlob)" {
	# Its struct stage was read uninitialised until 803a9c6.
	memcheck sentio-score --stats
	memcheck sentio-score --explain
	memcheck sentio-score --model textblob --into tb
}

@test "memcheck: sentio-window (tumbling, hopping by key, sessions, partial and merge)" {
	memcheck sentio-window --stats
	memcheck sentio-window --size 5m --slide 1m --by author --alert 2 --max-keys 2
	memcheck sentio-window --session 2m --by lang
	memcheck sentio-window --partial
	sentio-window --partial <"$IN" 2>/dev/null >"$BATS_TEST_TMPDIR/partial"
	IN=$BATS_TEST_TMPDIR/partial memcheck sentio-window --merge
}

@test "memcheck: sentio-plot --static (line, bars, hist, spark)" {
	sentio-window <"$IN" 2>/dev/null >"$BATS_TEST_TMPDIR/windows"
	IN=$BATS_TEST_TMPDIR/windows
	memcheck sentio-plot --static --stats
	memcheck sentio-plot --static --kind bars --color always
	memcheck sentio-plot --static --kind spark --ascii
	memcheck sentio-plot --static --kind hist -y mean --bins 7
}

@test "memcheck: the whole pipeline, every stage under valgrind" {
	d=$BATS_TEST_TMPDIR
	$VG --log-file="$d/collect.vg" sentio-collect json:- <"$IN" 2>/dev/null |
		$VG --log-file="$d/clean.vg" sentio-clean 2>/dev/null |
		$VG --log-file="$d/score.vg" sentio-score 2>/dev/null |
		$VG --log-file="$d/window.vg" sentio-window 2>/dev/null |
		$VG --log-file="$d/plot.vg" sentio-plot --static >"$d/chart" 2>/dev/null
	status=("${PIPESTATUS[@]}")
	for i in 0 1 2 3 4; do
		st=(collect clean score window plot)
		if [ "${status[$i]}" -ne 0 ] || [ -s "$d/${st[$i]}.vg" ]; then
			echo "sentio-${st[$i]}: status ${status[$i]}"
			head -n 80 "$d/${st[$i]}.vg"
			return 1
		fi
	done
	[ -s "$d/chart" ]
}

@test "memcheck: sentio-collect reading a feed with odd dates (loopback server)" {
	# rfc822_parse read past a short offset until 086d788.
	d=$BATS_TEST_TMPDIR
	mkdir -p "$d/www"
	{
		echo '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
		for date in 'Tue, 24 Nov 2026 05:02 +5' 'Tue, 24 Nov 2026 05:02:03 +0530' \
			'24 Nov 26 05:02 EST' 'Tue, 24 Nov 2026 05:02:03' 'not a date' ''; do
			n=$((${n:-0} + 1))
			echo "<item><guid>g$n</guid><title>item $n</title><pubDate>$date</pubDate></item>"
		done
		echo '</channel></rss>'
	} >"$d/www/feed.xml"
	python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$d/www" >"$d/http.log" 2>&1 &
	server=$!
	for _ in $(seq 100); do
		port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$d/http.log")
		[ -n "$port" ] && break
		sleep 0.1
	done
	status=0
	$VG --log-file="$d/vg.log" sentio-collect --once --stats "feed:http://127.0.0.1:$port/feed.xml" \
		>"$d/out" 2>"$d/err" || status=$?
	kill $server
	wait $server || true
	if [ $status -ne 0 ] || [ -s "$d/vg.log" ]; then
		echo "status $status"
		head -n 40 "$d/vg.log"
		return 1
	fi
	[ "$(wc -l <"$d/out")" -ge 4 ]
}
