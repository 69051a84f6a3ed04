#!/usr/bin/env bats
# --tz ZONE (issue 13 items 5, 6, 9): windows on a zone's clock, zone-less
# times read in it, plot's labels in it; zones from the system's tzdata.

load helpers
bats_require_minimum_version 1.5.0

setup() {
	cd "$BATS_TEST_TMPDIR"
	[ -f /usr/share/zoneinfo/America/New_York ] || skip "no tzdata (make deps installs it)"
}

# rec TS VALUE: one scored record at time TS (JSON text: a string or a number).
rec() {
	printf '{"ts":%s,"sentiment":{"compound":%s}}\n' "$1" "$2"
}

# hours START END: the hours from one RFC 3339 time to another.
hours() {
	echo $((($(date -d "$2" +%s) - $(date -d "$1" +%s)) / 3600))
}

@test "tz: a New York day window over 2026-03-08 lasts 23 hours, over 2026-11-01 25" {
	{
		rec '"2026-03-07T18:00:00Z"' 0.1
		rec '"2026-03-08T12:00:00Z"' 0.2
		rec '"2026-03-09T12:00:00Z"' 0.3
		rec '"2026-11-01T12:00:00Z"' 0.4
		rec '"2026-11-02T12:00:00Z"' 0.5
	} >in
	run --separate-stderr sentio-window --size 1d --tz America/New_York in
	assert_success
	assert_equal "${#lines[@]}" 5
	[ "$(jq -r '.start + " " + .end' <<<"${lines[1]}")" = "2026-03-08T00:00:00.000-05:00 2026-03-09T00:00:00.000-04:00" ]
	[ "$(hours $(jq -r '.start + " " + .end' <<<"${lines[1]}"))" = 23 ]
	[ "$(jq -r '.start + " " + .end' <<<"${lines[3]}")" = "2026-11-01T00:00:00.000-04:00 2026-11-02T00:00:00.000-05:00" ]
	[ "$(hours $(jq -r '.start + " " + .end' <<<"${lines[3]}"))" = 25 ]
	# Ordinary days last 24 hours, from local midnight.
	[ "$(jq -r .start <<<"${lines[0]}")" = "2026-03-07T00:00:00.000-05:00" ]
	[ "$(hours $(jq -r '.start + " " + .end' <<<"${lines[2]}"))" = 24 ]
	[ "$(hours $(jq -r '.start + " " + .end' <<<"${lines[4]}"))" = 24 ]
}

@test "tz: without --tz (or with UTC) windows are UTC days, written with Z, as before" {
	rec '"2026-03-08T12:00:00Z"' 0.2 >in
	run --separate-stderr sentio-window --size 1d in
	assert_success
	[ "$(jq -r '.start + " " + .end' <<<"$output")" = "2026-03-08T00:00:00.000Z 2026-03-09T00:00:00.000Z" ]
	sentio-window --size 1d --tz UTC in >utc
	[ "$output" = "$(cat utc)" ]
}

@test "tz: hours of Asia/Kolkata start at :30 UTC, on its own local hours" {
	{
		rec '"2026-11-24T09:45:00Z"' 0.1
		rec '"2026-11-24T10:29:59Z"' 0.2
		rec '"2026-11-24T10:30:00Z"' 0.3
	} >in
	run --separate-stderr sentio-window --size 1h --tz Asia/Kolkata in
	assert_success
	assert_equal "${#lines[@]}" 2
	[ "$(jq -r '.start + " " + .end + " " + (.count|tostring)' <<<"${lines[0]}")" = "2026-11-24T15:00:00.000+05:30 2026-11-24T16:00:00.000+05:30 2" ]
	[ "$(date -u -d "$(jq -r .start <<<"${lines[0]}")" +%H:%M)" = 09:30 ]
	[ "$(jq -r .count <<<"${lines[1]}")" = 1 ]
}

@test "tz: the hour repeated when New York's clocks go back is two windows of an hour" {
	{
		rec '"2026-11-01T05:30:00Z"' 0.1
		rec '"2026-11-01T06:30:00Z"' 0.2
	} >in
	run --separate-stderr sentio-window --size 1h --tz America/New_York in
	assert_success
	[ "$(jq -r .start <<<"${lines[0]}")" = "2026-11-01T01:00:00.000-04:00" ]
	[ "$(jq -r .start <<<"${lines[1]}")" = "2026-11-01T01:00:00.000-05:00" ]
	[ "$(hours $(jq -r '.start + " " + .end' <<<"${lines[1]}"))" = 1 ]
}

@test "tz: hopping days over a change of offset; a --size that is no multiple of --slide is refused" {
	rec '"2026-03-08T12:00:00Z"' 0.2 >in
	run --separate-stderr sentio-window --size 2d --slide 1d --tz America/New_York in
	assert_success
	[ "$(jq -r '.start + " " + .end' <<<"${lines[0]}")" = "2026-03-07T00:00:00.000-05:00 2026-03-09T00:00:00.000-04:00" ]
	[ "$(jq -r '.start + " " + .end' <<<"${lines[1]}")" = "2026-03-08T00:00:00.000-05:00 2026-03-10T00:00:00.000-04:00" ]
	run --separate-stderr sentio-window --size 3h --slide 2h --tz America/New_York in
	assert_failure 2
	[ "$stderr" = "sentio-window: --tz: hopping windows need a --size that is a multiple of --slide" ]
}

@test "tz: zone-less times are read in --tz (UTC without it) in window, collect and plot" {
	# 23:30 in New York, and 21:00 in New York written in UTC: one local day.
	rec '"2026-03-08T23:30:00"' 0.2 >in
	rec '"2026-03-09T02:00:00Z"' 0.4 >>in
	run --separate-stderr sentio-window --size 1d --tz America/New_York in
	assert_success
	assert_equal "${#lines[@]}" 1
	[ "$(jq -r '.start + " " + (.count|tostring)' <<<"$output")" = "2026-03-08T00:00:00.000-05:00 2" ]
	# Without --tz, 23:30 is UTC: two UTC days.
	run --separate-stderr sentio-window --size 1d in
	assert_success
	assert_equal "${#lines[@]}" 2
	[ "$(jq -r .start <<<"${lines[0]}")" = "2026-03-08T00:00:00.000Z" ]
	# collect: a CSV column, JSON lines and a line's prefix, written as UTC.
	printf 'text,ts\nhi,2026-07-01 10:00:00\nho,2026-07-01T10:00:00.5\n' >in.csv
	run --separate-stderr sentio-collect --tz America/New_York --time-column ts in.csv
	assert_success
	[ "$(jq -r .ts <<<"${lines[0]}")" = "2026-07-01T14:00:00.000Z" ]
	[ "$(jq -r .ts <<<"${lines[1]}")" = "2026-07-01T14:00:00.500Z" ]
	run --separate-stderr sentio-collect --time-column ts in.csv
	[ "$(jq -r .ts <<<"${lines[0]}")" = "2026-07-01T10:00:00.000Z" ]
	printf '{"text":"a","ts":"2026-07-01 10:00:00"}\n' >in.json
	run --separate-stderr sentio-collect --ts-from ts --tz Asia/Kolkata in.json
	[ "$(jq -r .ts <<<"$output")" = "2026-07-01T04:30:00.000Z" ]
	printf '2026-07-01 10:00:00 went well\n' >log.txt
	run --separate-stderr sentio-collect --ts-from prefix --tz Europe/Paris log.txt
	[ "$(jq -r '.ts + "|" + .text' <<<"$output")" = "2026-07-01T08:00:00.000Z|went well" ]
	# plot: zone-less x values in Asia/Kolkata are its local hours on the axis.
	printf '{"ts":"2026-11-24 10:00:00","v":1}\n{"ts":"2026-11-24 16:00:00","v":2}\n' >pl
	run --separate-stderr sentio-plot --static --width 60 --height 10 --color never --x ts --y v --tz Asia/Kolkata pl
	assert_success
	[[ "${lines[-1]}" == *"10:00"*"16:00"* ]]
}

@test "tz: a local time that occurs twice is the first, one that never occurs is read an hour on" {
	printf 'text,ts\ntwice,2026-11-01 01:30:00\nnever,2026-03-08 02:30:00\n' >in.csv
	run --separate-stderr sentio-collect --tz America/New_York --time-column ts in.csv
	assert_success
	[ "$(jq -r .ts <<<"${lines[0]}")" = "2026-11-01T05:30:00.000Z" ]
	[ "$(jq -r .ts <<<"${lines[1]}")" = "2026-03-08T07:30:00.000Z" ]
}

@test "tz: plot labels its time axis in the zone's local time, on the zone's round hours" {
	printf '{"ts":"2026-11-24T04:00:00Z","v":1}\n{"ts":"2026-11-24T12:00:00Z","v":2}\n' >in
	run --separate-stderr sentio-plot --static --width 60 --height 10 --color never --x ts --y v in
	assert_success
	[[ "${lines[-1]}" == *"04:00"*"12:00"* ]]
	run --separate-stderr sentio-plot --static --width 60 --height 10 --color never --x ts --y v --tz Asia/Kolkata in
	assert_success
	# 04:00Z is 09:30 in Kolkata: ticks on its whole hours, 10:00 to 16:00 (17:30 the last point).
	[[ "${lines[-1]}" == *"10:00"*"16:00"* ]]
	[[ "${lines[-1]}" != *"04:00"* ]]
	[[ "${lines[-1]}" != *":30"* ]]
}

@test "tz: shards with --tz merge into the single run's bytes; a merge of another zone is refused" {
	for d in 07 08 09; do
		for h in 03 11 23; do rec "\"2026-03-${d}T$h:00:00Z\"" 0.$h; done
	done >in
	sentio-window --size 1d --tz America/New_York in >single
	head -n 4 in | sentio-window --size 1d --tz America/New_York --partial >p1
	tail -n +5 in | sentio-window --size 1d --tz America/New_York --partial >p2
	run --separate-stderr sentio-window --merge --tz America/New_York p1 p2
	assert_success
	[ "$output" = "$(cat single)" ]
	run --separate-stderr sentio-window --merge p1
	assert_success
	[ -z "$output" ]
	[[ "$stderr" == *"p1:1: partial record of --tz America/New_York, not UTC (give --merge the shards' --tz)"* ]]
}

@test "tz: a zone tzdata does not have is a usage error, in every stage that reads times" {
	for stage in collect window plot; do
		run --separate-stderr sentio-$stage --tz Mars/Olympus </dev/null
		assert_failure 2
		[ "$stderr" = "sentio-$stage: --tz: Mars/Olympus: not a time zone in /usr/share/zoneinfo" ]
	done
	for zone in ../../../etc/passwd /etc/passwd America zone.tab ""; do
		run --separate-stderr sentio-window --tz "$zone" </dev/null
		assert_failure 2
		[[ "$stderr" == *"not a time zone"* ]]
	done
}
