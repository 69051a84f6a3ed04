#!/usr/bin/env bats
# sentio-collect and feeds: RSS 2.0 and Atom, conditional GET, against
# tests/servers/feed.py on loopback.

load helpers
load collect/helpers
bats_require_minimum_version 1.5.0

setup() {
	cd "$BATS_TEST_TMPDIR"
	start_server feed.py --log req.log
	URL="http://127.0.0.1:$PORT"
}

teardown() {
	stop_server
	[ -z "${DIR_PID:-}" ] || kill "$DIR_PID" 2>/dev/null || true
}

@test "RSS 2.0: items become records (guid, pubDate, title and description as text)" {
	run --separate-stderr sentio-collect --once "feed:$URL/rss.xml"
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_equal "${lines[0]}" "{\"id\":\"rss-1\",\"ts\":\"2026-11-24T00:15:02.000Z\",\"source\":\"feed:$URL/rss.xml\",\"text\":\"Launch day, part 1\\nIt went really well & fast\",\"author\":\"Ann & Bob\",\"url\":\"https://example.org/posts/1\",\"lang\":\"en-gb\",\"tags\":[\"launch\",\"news\"]}"
}

@test "Atom: entries become records (id, updated, summary; xhtml content)" {
	run --separate-stderr sentio-collect --once "feed:$URL/atom.xml"
	assert_success
	assert_equal "${#lines[@]}" 3
	# In time order: the xhtml entry (06:00), last in the document, comes first.
	assert_equal "${lines[1]}" "{\"id\":\"urn:uuid:atom-1\",\"ts\":\"2026-11-24T07:01:00.000Z\",\"source\":\"feed:$URL/atom.xml\",\"text\":\"Outage report 1\\nWe are sorry — it is fixed\",\"author\":\"Carol\",\"url\":\"https://example.org/a/1\",\"lang\":\"fr\",\"tags\":[\"outage\"]}"
	[ "$(jq -r '.ts + "|" + .text' <<<"${lines[0]}")" = $'2026-11-24T06:00:00.000Z|XHTML content\nFine now' ]
}

@test "conditional GET: the ETag is sent again, 304 writes nothing, a change writes only new items" {
	run sentio-collect --once --state st "feed:$URL/rss.xml"
	assert_equal "${#lines[@]}" 2
	run sentio-collect --once --state st "feed:$URL/rss.xml"
	assert_success
	assert_output ""
	grep -q 'GET /rss.xml inm="v2"' req.log
	curl -s "$URL/bump" >/dev/null
	run sentio-collect --once --state st "feed:$URL/rss.xml"
	assert_success
	[ "$(jq -r .id <<<"$output")" = "rss-3" ]
}

@test "--interval polls again; items seen are not written twice" {
	run --separate-stderr sentio-collect --interval 100ms --duration 1s "feed:$URL/atom.xml"
	assert_success
	assert_equal "${#lines[@]}" 3
	[ "$(grep -c 'GET /atom.xml' req.log)" -gt 1 ]
}

@test "a malformed feed and malformed items are rejected with the source and the reason" {
	run --separate-stderr sentio-collect --once --rejects rej "feed:$URL/bad.xml" "feed:$URL/items.xml"
	assert_success
	[[ "$stderr" == *"bad.xml:"*"not a well-formed feed"* ]]
	[[ "$stderr" == *"items.xml:3: an item without guid, id or link"* ]]
	[[ "$stderr" == *"items.xml:4: an item with a date that is not one"* ]]
	assert_equal "$(wc -l <rej)" 3
	jq -s -e 'map(select(.id == "good")) | length == 1' <<<"$output"
}

@test "500 and 429 with Retry-After are retried" {
	run --separate-stderr sentio-collect --once --backoff 50ms,100ms "feed:$URL/flaky.xml"
	assert_success
	assert_equal "${#lines[@]}" 2
	[[ "$stderr" == *"HTTP 500"* ]]
	[[ "$stderr" == *"HTTP 429; again in 1.0s"* ]]
}

@test "404 is a failure: status 1" {
	run --separate-stderr sentio-collect --once "feed:$URL/nothing.xml"
	assert_failure 1
	[[ "$stderr" == *"HTTP 404"* ]]
}

@test "--max-records mid-feed: the rest comes in the next run" {
	run sentio-collect --once --state st -n 1 "feed:$URL/rss.xml"
	[ "$(jq -r .id <<<"$output")" = "rss-1" ]
	run sentio-collect --once --state st "feed:$URL/rss.xml"
	[ "$(jq -r .id <<<"$output")" = "rss-2" ]
}

@test "sources of every kind in one run: a file, a feed" {
	echo "from a file" >a.txt
	run --separate-stderr sentio-collect --once a.txt "feed:$URL/rss.xml"
	assert_success
	assert_equal "${#lines[@]}" 3
}

# serve_dir DIR: serve the files under DIR on a free loopback port (python's
# http.server); sets DIR_PORT and DIR_PID.
serve_dir() {
	: >http.log
	python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$1" >>http.log 2>&1 &
	DIR_PID=$!
	for _ in $(seq 100); do
		DIR_PORT=$(sed -n 's/.* port \([0-9]*\).*/\1/p' http.log)
		[ -n "$DIR_PORT" ] && return 0
		sleep 0.1
	done
	return 1
}

# rss_dates DATE...: an RSS feed with an item g1, g2, ... of each pubDate.
rss_dates() {
	local n=0 date
	echo '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
	for date in "$@"; do
		n=$((n + 1))
		echo "<item><guid>g$n</guid><title>item $n</title><pubDate>$date</pubDate></item>"
	done
	echo '</channel></rss>'
}

@test "a date beyond 64-bit nanoseconds (years 1678..2261) is not a date: rejected, not wrapped round" {
	# tests/fuzz/KNOWN-BUGS 3: year 20066 gave ts 1945-09-21, year 1066 gave 2236.
	mkdir www
	rss_dates 'Tue, 24 Nov 20066 2:15:02 +0530' 'Tue, 24 Nov 1066 02:15:02 GMT' \
		'Tue, 24 Nov 2026 02:15:02 GMT' 'Sat, 1 Jan 2261 00:00:00 GMT' \
		'Mon, 24 Nov 2262 00:00:00 GMT' 'Fri, 1 Jan 1678 00:00:00 GMT' >www/feed.xml
	serve_dir www
	run --separate-stderr sentio-collect --once --rejects rej "feed:http://127.0.0.1:$DIR_PORT/feed.xml"
	assert_success
	assert_equal "$(jq -r '.id + " " + .ts' <<<"$output" | tr '\n' ,)" \
		'g6 1678-01-01T00:00:00.000Z,g3 2026-11-24T02:15:02.000Z,g4 2261-01-01T00:00:00.000Z,'
	assert_equal "$(jq -r .error rej | sort -u)" "an item with a date that is not one"
	assert_equal "$(wc -l <rej)" 3
}

@test "a date whose offset has fewer than four digits is not a date" {
	# tests/fuzz/KNOWN-BUGS 7: after "+5" the digit check read past the end of
	# the date (ASan: heap-buffer-overflow), or took a digit after it ("+5 12").
	mkdir www
	rss_dates 'Tue, 24 Nov 2026 05:02 +5' 'Tue, 24 Nov 2026 05:02 +5 12' \
		'Tue, 24 Nov 2026 05:02 -053' 'Tue, 24 Nov 2026 05:02:03 +0530' \
		'Tue, 24 Nov 2026 05:02 -0100' >www/feed.xml
	serve_dir www
	run --separate-stderr sentio-collect --once --rejects rej "feed:http://127.0.0.1:$DIR_PORT/feed.xml"
	assert_success
	assert_equal "$(jq -r '.id + " " + .ts' <<<"$output" | tr '\n' ,)" \
		'g4 2026-11-23T23:32:03.000Z,g5 2026-11-24T06:02:00.000Z,'
	assert_equal "$(wc -l <rej)" 3
}

@test "a server that sends headers, then nothing: --once retries, gives up, status 1" {
	# issue 12 item 2: a fetch had only a connect timeout, so --once never ended.
	run --separate-stderr timeout 60 sentio-collect --once --stall-timeout 1s --backoff 10ms,20ms \
		"feed:$URL/stall.xml"
	assert_failure 1
	[[ "$stderr" == *"feed:$URL/stall.xml: Operation too slow"*"again in"* ]]
	[[ "$stderr" == *"giving up"* ]]
	[ "$(grep -c 'GET /stall.xml' req.log)" = 6 ]
}

@test "a server that trickles a feed for ever: --fetch-timeout ends each fetch" {
	run --separate-stderr timeout 60 sentio-collect --once --fetch-timeout 500ms --backoff 10ms,20ms \
		"feed:$URL/trickle.xml"
	assert_failure 1
	[[ "$stderr" == *"timed out"*"again in"* ]]
	[[ "$stderr" == *"giving up"* ]]
	run sentio-collect --fetch-timeout 0 "feed:$URL/rss.xml"
	assert_failure 2
}

@test "a feed listed newest first is written oldest first (ties in document order): window rejects nothing as late" {
	mkdir www
	rss_dates 'Tue, 24 Nov 2026 09:40:00 GMT' 'Tue, 24 Nov 2026 09:10:00 GMT' \
		'Tue, 24 Nov 2026 09:10:00 GMT' 'Tue, 24 Nov 2026 08:55:30 GMT' \
		'Tue, 24 Nov 2026 08:20:00 GMT' >www/feed.xml
	serve_dir www
	sentio-collect --once "feed:http://127.0.0.1:$DIR_PORT/feed.xml" >out
	[ "$(jq -r .id out | tr '\n' ' ')" = "g5 g4 g2 g3 g1 " ]
	sentio-score <out | sentio-window --stats >windows 2>err
	grep -q '"rejected":0,' err
	[ "$(jq -s 'map(.count) | add' windows)" = 5 ]
}
