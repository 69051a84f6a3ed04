#!/usr/bin/env bats
# Resumable runs from cron: --state and --output of clean, score and window
# (lib/checkpoint.c), window's held windows and --flush, and the crontab
# recipes of README.md and the man pages, installed and run as printed.

load helpers
bats_require_minimum_version 1.5.0

TOP="$BATS_TEST_DIRNAME/.."

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# posts HOURS PER-HOUR: a day of posts from the demo sample, HOURS hours of
# PER-HOUR posts each, ids unique, times in order within 2026-11-24.
posts() {
	awk -v hours="$1" -v per="$2" '
		{ line[NR] = $0 }
		END {
			for (h = 0; h < hours; h++)
				for (i = 0; i < per; i++) {
					l = line[(h * 37 + i) % NR + 1]
					s = int(i * 3600 / per)
					sub(/"id":"[^"]*"/, sprintf("\"id\":\"p%02d-%05d\"", h, i), l)
					sub(/"ts":"[^"]*"/, sprintf("\"ts\":\"2026-11-24T%02d:%02d:%02dZ\"", h, s / 60, s % 60), l)
					print l
				}
		}' "$TOP/data/launch-day.ndjson"
}

# grow FILE FROM N: append lines FROM .. FROM+N-1 of all.ndjson to FILE.
grow() {
	sed -n "$2,$(($2 + $3 - 1))p" all.ndjson >>"$1"
}

# scored N: N scored records over a day.
scored() {
	posts 24 "$1" | sentio-clean | sentio-score
}

# ---- --state and --output: each run takes what was appended, writes it once ----

@test "cron: score --state over a growing file writes what one run over all of it writes" {
	posts 2 200 >all.ndjson
	sentio-score all.ndjson >batch
	: >in
	for piece in "1 50" "51 100" "151 150" "301 100"; do
		grow in $piece
		run --separate-stderr sentio-score --stats --state st --output out in
		assert_success
		[ -z "$output" ] # all of it went to --output
	done
	cmp batch out
	[ "$(jq -r .program st)" = sentio-score ]
	[ "$(jq -r .inputs.in.line st)" = 400 ]
	[ "$(jq -r .output_length st)" = "$(wc -c <out)" ]
}

@test "cron: a run reads only what was appended; in = out + rejected + filtered each run" {
	posts 1 40 >all.ndjson
	grow in 1 20
	printf 'not json\n' >>in
	run --separate-stderr sentio-clean --stats --rejects rej --state st --output out in
	assert_success
	[[ "$stderr" == *'"in":21,"out":20,"rejected":1,"filtered":0'* ]]
	grow in 21 20
	printf '{"text":3}\n' >>in
	run --separate-stderr sentio-clean --stats --rejects rej --state st --output out in
	assert_success
	[[ "$stderr" == *'"in":21,"out":20,"rejected":1,"filtered":0'* ]]
	[[ "$stderr" == *"in:42: text is not a string"* ]]
	run --separate-stderr sentio-clean --stats --rejects rej --state st --output out in
	[[ "$stderr" == *'"in":0,"out":0,"rejected":0,"filtered":0'* ]]
	sentio-clean --rejects rej.batch in >batch 2>/dev/null
	cmp batch out
	cmp rej.batch rej # same lines, same line numbers
}

@test "cron: an unfinished last line waits for the next run" {
	printf '{"id":"1","text":"good"}\n{"id":"2","te' >in
	run --separate-stderr sentio-score --stats --state st --output out in
	assert_success
	[[ "$stderr" == *'"in":1,"out":1,"rejected":0'* ]]
	[ "$(wc -l <out)" = 1 ]
	printf 'xt":"bad"}\n' >>in
	run --separate-stderr sentio-score --stats --state st --output out in
	[[ "$stderr" == *'"in":1,"out":1,"rejected":0'* ]]
	[ "$(jq -r .id out | tr '\n' ' ')" = "1 2 " ]
}

@test "cron: what a run wrote after its last checkpoint is cut at the next start" {
	posts 1 30 >all.ndjson
	sentio-score all.ndjson >batch
	grow in 1 10
	sentio-score --rejects rej --state st --output out in
	# As a run killed before its checkpoint leaves it: records and half a record.
	cp st st.before
	grow in 11 10
	sentio-score --state st --output out in
	jq '.running = true' st.before >st # as the first checkpoint of a run leaves it
	printf '{"id":"half' >>out
	printf '{"stage":"x"}\n' >>rej
	grow in 21 10
	run --separate-stderr sentio-score --rejects rej --state st --output out in
	assert_success
	[[ "$stderr" == *"out: cutting "*" bytes written after the last checkpoint"* ]]
	cmp batch out
	[ ! -s rej ]
}

@test "cron: two stages may share a rejects file: a run cuts only what a killed run of its own left" {
	for round in 1 2; do
		printf '{"id":"%s","text":"fine"}\nnot json %s\n' $round $round >>in
		sentio-clean --rejects bad --state clean.state --output clean.ndjson in 2>/dev/null
		# No field "body": score rejects each record.
		sentio-score --field body --rejects bad --state score.state --output scored.ndjson \
			clean.ndjson 2>/dev/null
	done
	[ "$(jq -r .stage bad | sort | uniq -c | awk '{ printf "%s %s ", $1, $2 }')" = "2 sentio-clean 2 sentio-score " ]
	# A run of clean killed after it wrote: its first checkpoint (the lengths
	# then, "running") is the state it leaves.
	sentio-clean --rejects bad --state clean.state --output clean.ndjson in
	jq '.running = true' clean.state >st.tmp && mv st.tmp clean.state
	printf '{"stage":"sentio-clean","half":' >>bad
	run --separate-stderr sentio-clean --rejects bad --state clean.state --output clean.ndjson in
	assert_success
	[[ "$stderr" == *"bad: cutting "*" bytes written after the last checkpoint"* ]]
	[ "$(jq -r .stage bad | sort | uniq -c | awk '{ printf "%s %s ", $1, $2 }')" = "2 sentio-clean 2 sentio-score " ]
}

@test "cron: runs killed with kill -9 at random moments, then finished, write what one run writes" {
	posts 24 400 >all.ndjson
	printf 'not json\n' >>all.ndjson
	: >in
	for from in 1 2401 4801 7201; do
		grow in $from $((from == 7201 ? 2401 : 2400))
		for _ in 1 2 3; do
			sentio-clean --rejects rej --state st --output out in 2>/dev/null &
			pid=$!
			sleep "0.0$((RANDOM % 30))"
			kill -9 $pid 2>/dev/null || true
			wait $pid || true
		done
		sentio-clean --rejects rej --state st --output out in 2>/dev/null
	done
	sentio-clean --rejects rej.batch in 2>/dev/null >batch
	cmp batch out
	cmp rej.batch rej
}

@test "cron: a second run while one holds the lock exits 1 at once" {
	printf '{"text":"a"}\n' >in
	run flock st.lock sentio-score --state st --output out in
	assert_failure 1
	assert_output --partial "sentio-score: st: in use by another run (st.lock is locked)"
	[ ! -e out ] || [ ! -s out ]
	run sentio-score --state st --output out in
	assert_success
}

@test "cron: a rotated input is read from its start, with a message; a truncated one too" {
	printf '{"id":"1","text":"a"}\n{"id":"2","text":"b"}\n' >in
	sentio-score --state st --output out in
	printf '{"id":"3","text":"c"}\n' >in.new
	mv in.new in
	run --separate-stderr sentio-score --state st --output out in
	assert_success
	[[ "$stderr" == *"in: not the file of the last run (rotated?): reading it from the start"* ]]
	[ "$(jq -r .id out | tr '\n' ' ')" = "1 2 3 " ]
	printf '{"id":"4","text":"d"}\n' >>in
	printf '{"id":"5","text":"e"}\n' >>in
	sentio-score --state st --output out in
	: >in
	printf '{"id":"6","text":"f"}\n' >>in
	run --separate-stderr sentio-score --state st --output out in
	[[ "$stderr" == *"in: shorter than at the last run (truncated?): reading it from the start"* ]]
	[ "$(jq -r .id out | tr '\n' ' ')" = "1 2 3 4 5 6 " ]
}

@test "cron: --state needs named files; another stage's state is refused" {
	run sentio-score --state st
	assert_failure 2
	assert_output --partial "sentio-score: --state: needs input files (standard input cannot be resumed)"
	run sentio-score --state st - </dev/null
	assert_failure 2
	printf '{"text":"a"}\n' >in
	sentio-score --state st --output out in
	run sentio-clean --state st --output out2 in
	assert_failure 1
	assert_output --partial "sentio-clean: st: a state file of sentio-score, not of sentio-clean"
}

@test "cron: clean --dedupe remembers the last texts from run to run" {
	printf '{"id":"%s","text":"same text"}\n' 1 2 >in
	run --separate-stderr sentio-clean --stats --dedupe 10 --state st --output out in
	[[ "$stderr" == *'"in":2,"out":1,"rejected":0,"filtered":1'* ]]
	printf '{"id":"3","text":"same text"}\n{"id":"4","text":"other"}\n' >>in
	run --separate-stderr sentio-clean --stats --dedupe 10 --state st --output out in
	[[ "$stderr" == *'"in":2,"out":1,"rejected":0,"filtered":1'* ]]
	[ "$(jq -r .id out | tr '\n' ' ')" = "1 4 " ]
}

@test "cron: --output without --state appends" {
	printf '{"text":"a"}\n' >in
	sentio-score --output out in
	sentio-score --output out in
	[ "$(wc -l <out)" = 2 ]
}

# ---- window: open windows held in the state ----

# window_runs OPTS...: the scored day in 8 growing pieces, a window run after
# each, then one with --flush; the output must be the one run's.
window_runs() {
	scored 30 >all.ndjson
	sentio-window "$@" all.ndjson >batch
	: >in
	for i in 0 1 2 3 4 5 6 7; do
		grow in $((i * 90 + 1)) 90
		sentio-window "$@" --state st --output out in
	done
	sentio-window "$@" --flush --state st --output out in
	cmp batch out
}

@test "cron: window: tumbling windows with alerts, in runs, are the one run's, each once" {
	window_runs --size 1h --by tags --alert 1
	[ "$(grep -c '"alert"' out)" -gt 0 ]
	[ "$(jq -c '[.start,.key]' out | sort | uniq -d | wc -l)" = 0 ]
}

@test "cron: window: sessions, hopping windows under --max-keys, --partial, in runs" {
	window_runs --session 10m --by author
	rm -f st out
	window_runs --size 2h --slide 30m --by author --max-keys 3
	grep -q '"evicted":true' out
	rm -f st out
	window_runs --size 30m --by lang --by author --partial
}

@test "cron: window: a window still open at the end of a run is written by a later run" {
	rec() { printf '{"ts":"2026-11-24T10:%s:00Z","sentiment":{"compound":%s}}\n' "$1" "$2"; }
	rec 00 0.5 >in
	rec 00 0.25 >>in
	sentio-window --size 1m --lateness 0s --state st --output out in
	[ ! -s out ]
	[ "$(jq '.held.keys[0].windows[0].count' st)" = 2 ]
	rec 01 -0.5 >>in
	sentio-window --size 1m --lateness 0s --state st --output out in
	[ "$(wc -l <out)" = 1 ]
	[ "$(jq -c '[.start,.count,.sum]' out)" = '["2026-11-24T10:00:00.000Z",2,0.75]' ]
	sentio-window --size 1m --lateness 0s --state st --output out in
	[ "$(wc -l <out)" = 1 ]
}

@test "cron: window: --flush writes the open windows once; a record for them later is late" {
	rec() { printf '{"ts":"2026-11-24T10:%s:00Z","sentiment":{"compound":%s}}\n' "$1" "$2"; }
	rec 00 0.5 >in
	sentio-window --size 1m --state st --output out in
	run --separate-stderr sentio-window --stats --size 1m --flush --state st --output out in
	[[ "$stderr" == *'"windows":1'* ]]
	[ "$(wc -l <out)" = 1 ]
	rec 00 0.1 >>in
	run --separate-stderr sentio-window --stats --size 1m --late late --state st --output out in
	[[ "$stderr" == *'"in":1,"out":0,"rejected":0,"filtered":1'* ]]
	[[ "$stderr" == *'"late":1'* ]]
	run --separate-stderr sentio-window --size 1m --flush --state st --output out in
	[ "$(wc -l <out)" = 1 ]
	[ "$(wc -l <late)" = 1 ]
}

@test "cron: window: other window options than the state's are refused; --flush needs --state" {
	printf '{"ts":"2026-11-24T10:00:00Z","sentiment":{"compound":0.5}}\n' >in
	sentio-window --size 1m --state st --output out in
	run sentio-window --size 5m --state st --output out in
	assert_failure 1
	assert_output --partial "st: held windows of other options"
	run sentio-window --flush in
	assert_failure 2
	assert_output --partial "sentio-window: --flush: needs --state"
	run sentio-window --merge --state st in
	assert_failure 2
}

# ---- The recipes as printed ----

# crontab_lines: every crontab entry in README.md and the man pages, one file
# each as cron would read it (a line ending in \ takes the next ones along),
# named cron.N; prints how many.
crontab_lines() {
	local n=0 f
	for f in "$TOP/README.md" "$TOP"/man/*.[17]; do
		sed -e 's/\\e/\\/g' -e 's/\\-/-/g' -e 's/\\(ti/~/g' -e 's/\\&//g' "$f"
		echo
	done | awk '
		/^```/ { code = !code; next }
		/^\.Bd/ { code = 1; next }
		/^\.Ed/ { code = 0; next }
		more { entry = entry "\n" $0; more = /\\$/; if (!more) { print entry > (out "." ++n); entry = "" } next }
		code && /^[0-9*@][-0-9*\/,]*[ \t]+[0-9*][-0-9*\/,]*[ \t]+[0-9*][-0-9*\/,]*[ \t]+[-0-9*\/,A-Za-z]+[ \t]+[-0-9*\/,A-Za-z]+[ \t]+[^ \t]/ {
			entry = $0; more = /\\$/
			if (!more) { print entry > (out "." ++n); entry = "" }
		}
		END { print n }' out=cron
}

@test "cron: every crontab line in README.md and the man pages installs with crontab" {
	command -v crontab || skip "no crontab (scripts/deps.sh installs the cron package)"
	n=$(crontab_lines)
	[ "$n" -ge 6 ] # the README's four and a man page's each, at least
	for ((i = 1; i <= n; i++)); do
		# A % in a command is a line end to cron.
		if grep -q '[^\\]%' "cron.$i"; then
			cat "cron.$i"
			false
		fi
		run crontab -n "cron.$i"
		[ "$status" -eq 0 ] || {
			cat "cron.$i"
			echo "$output"
			false
		}
	done
	# And for real, in a scratch user's table, when we may (then restored).
	[ "$(id -u)" = 0 ] || skip "not root: checked with crontab -n only"
	cat cron.* >all.cron
	had=0
	crontab -u nobody -l >saved.cron 2>/dev/null && had=1
	crontab -u nobody all.cron
	crontab -u nobody -l >installed.cron
	if [ $had = 1 ]; then crontab -u nobody saved.cron; else crontab -u nobody -r; fi
	grep -vF -f all.cron installed.cron | grep -v '^#' && false
	[ "$(grep -c . all.cron)" = "$(grep -cvx '#.*' installed.cron)" ]
}

# recipe MINUTE HOUR: the command of the README's crontab line for the job at
# MINUTE HOUR ("5 *", "0 0"), as printed, for a scratch directory.
recipe() {
	local line
	line=$(grep -F "$1 $2 * * * cd /srv/sentio && sentio-clean" "$TOP/README.md")
	[ "$(printf '%s\n' "$line" | wc -l)" = 1 ]
	[ -n "$line" ]
	line=$(printf '%s\n' "$line" | cut -d' ' -f6-)
	printf '%s\n' "${line//\/srv\/sentio/$BATS_TEST_TMPDIR}"
}

@test "cron: the README's hourly recipe, 24 runs with kill -9, then midnight: the one run's output, no alert twice" {
	command -v jq
	mkdir bin
	# mail -E -s SUBJECT TO: a mailbox that keeps each message that is not empty
	cat >bin/mail <<-EOF
		#!/bin/sh
		cat >"$BATS_TEST_TMPDIR/msg.\$\$"
		[ -s "$BATS_TEST_TMPDIR/msg.\$\$" ] && cat "$BATS_TEST_TMPDIR/msg.\$\$" >>"$BATS_TEST_TMPDIR/mailbox"
		rm -f "$BATS_TEST_TMPDIR/msg.\$\$"
	EOF
	chmod +x bin/mail
	PATH=$BATS_TEST_TMPDIR/bin:$PATH
	hourly=$(recipe 5 "*")
	midnight=$(recipe 0 0)
	[[ "$hourly" == *"--alert 3 scored.ndjson"* ]]
	posts 24 300 >all.ndjson
	sentio-clean all.ndjson | sentio-score | sentio-window --size 1h --by tags --alert 3 >batch
	: >posts.ndjson
	killed=0
	for ((h = 0; h < 24; h++)); do
		grow posts.ndjson $((h * 300 + 1)) 300
		# An hour's job, killed at a random moment one time in two.
		setsid sh -c "$hourly" 2>>cron.log &
		pid=$!
		if ((RANDOM % 2)); then
			sleep "0.0$((RANDOM % 40))"
			kill -9 -- -$pid 2>/dev/null && killed=$((killed + 1))
		fi
		wait $pid || true
	done
	sh -c "$hourly" 2>>cron.log
	sh -c "$midnight" 2>>cron.log
	cmp batch windows.ndjson
	echo "# $killed of 24 hourly runs killed" >&3
	# No window and no alert twice, in the output or the mailbox.
	[ "$(jq -c '[.start,.key]' windows.ndjson | sort | uniq -d | wc -l)" = 0 ]
	[ "$(grep -c '"alert"' batch)" -gt 0 ]
	[ -s mailbox ]
	jq -c '[.start,.key]' mailbox | sort >mailed.keys
	[ "$(uniq -d mailed.keys | wc -l)" = 0 ]
	# Every alert mailed is one of the one run's alerts.
	jq -c 'select(.alert) | [.start,.key]' batch | sort >alert.keys
	[ "$(comm -23 mailed.keys alert.keys | wc -l)" = 0 ]
}
