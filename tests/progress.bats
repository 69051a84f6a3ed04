#!/usr/bin/env bats
# --progress (issue 14 item 7), in a detached tmux session so that standard
# error is a terminal.  Every byte written to the pane is logged
# (pipe-pane), so what was drawn, and erased, is seen whatever the pane
# shows at the end.  The stage's output goes to a slow reader (about 3 MB/s),
# so a run lasts seconds and a progress line, if any, is drawn.  Waits poll
# for what they expect (up to 60 s); nothing is timed.

load helpers

setup_file() {
	# About 15 MB of records: over the 8 MB of the default.
	python3 - "$BATS_FILE_TMPDIR/big.ndjson" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(60000):
        f.write(json.dumps({"id": str(i), "ts": "2026-11-24T06:15:02Z", "pad": "x" * 100,
                            "text": "What a good day it is, really, I love it %d" % i}) + "\n")
EOF
	cat >"$BATS_FILE_TMPDIR/slow.py" <<'EOF'
import os, time
while os.read(0, 65536):
    time.sleep(0.02)
EOF
}

setup() {
	command -v tmux >/dev/null || skip "tmux is not installed"
	BIG="$BATS_FILE_TMPDIR/big.ndjson"
	SLOW="python3 $BATS_FILE_TMPDIR/slow.py"
	LOG="$BATS_TEST_TMPDIR/pane.log"
	SOCK="sentio-progress-test-$$-$BATS_TEST_NUMBER"
	tmux -L "$SOCK" -f /dev/null new-session -d -s t -x 100 -y 20 \
		"env -i HOME=\$HOME TERM=screen bash --norc --noprofile"
	tmux -L "$SOCK" set -g status off
	tmux -L "$SOCK" send-keys -t t "export LC_ALL=C.UTF-8 PS1='$ ' PATH='$PATH'; cd '$BATS_TEST_TMPDIR'" Enter
	: >"$LOG"
	tmux -L "$SOCK" pipe-pane -t t -o "cat >>'$LOG'"
}

teardown() {
	tmux -L "$SOCK" kill-server 2>/dev/null || true
}

screen() {
	tmux -L "$SOCK" capture-pane -p -t t
}

has() {
	screen | grep -q -- "$1"
}

wait_for() {
	for _ in $(seq 600); do
		if "$@"; then
			return 0
		fi
		sleep 0.1
	done
	echo "gave up waiting for: $*" >&2
	screen >&2
	return 1
}

# Run a command line in the pane and wait for its end ("end N" for the pipeline's status).
RUNS=0
run_pane() {
	RUNS=$((RUNS + 1))
	tmux -L "$SOCK" send-keys -t t "clear; $*; echo \"end \$? (run $RUNS)\"" Enter
	wait_for has "^end [0-9]* (run $RUNS)"
}

logged() {
	tr '\r' '\n' <"$LOG" | grep -Eq -- "$1"
}

@test "progress: on by default for a big file when stderr is a terminal and stdout is not; erased at the end" {
	tmux -L "$SOCK" send-keys -t t "sentio-score '$BIG' | $SLOW; echo \"end \$?\"" Enter
	# Seen on the terminal while it runs: records, rate, share read, time left.
	wait_for has '^sentio-score: [0-9.k]* records, [0-9.k]*/s, [0-9]*% read, [0-9a-z]* left'
	wait_for has '^end 0'
	# The last line drawn was erased: after the last "sentio-score:" comes "\r\e[K".
	tail_after=$(awk -v RS='sentio-score: ' 'END { print $0 }' "$LOG")
	[[ "$tail_after" == *$'\r\e[K'* ]]
	! has 'records,'
}

@test "progress: --progress on a pipe shows records and rate, no share nor time left" {
	run_pane "cat '$BIG' | sentio-clean --progress | $SLOW"
	has '^end 0'
	logged '^sentio-clean: [0-9.k]* records, [0-9.k]*/s'
	! logged '% read'
	! has 'records,'
}

@test "progress: --no-progress turns the default off" {
	run_pane "sentio-score --no-progress '$BIG' | $SLOW"
	has '^end 0'
	! logged 'records,'
}

@test "progress: nothing when stderr is not a terminal, even with --progress" {
	run_pane "sentio-score --progress '$BIG' 2>err | $SLOW"
	has '^end 0'
	[ ! -s "$BATS_TEST_TMPDIR/err" ]
	! logged 'records,'
}

@test "progress: not by default for a small file" {
	head -c 4000000 "$BIG" >"$BATS_TEST_TMPDIR/small.ndjson"
	run_pane "sentio-score small.ndjson | $SLOW"
	has '^end 0'
	! logged 'records,'
}

@test "progress: collect, by default, on a big file; on a pipe with --progress, records and rate" {
	run_pane "sentio-collect '$BIG' | $SLOW"
	has '^end 0'
	logged '^sentio-collect: [0-9.k]* records, [0-9.k]*/s, [0-9]*% read, [0-9a-z]* left'
	! has 'records,'
	: >"$LOG"
	run_pane "cat '$BIG' | sentio-collect --progress | $SLOW"
	has '^end 0'
	logged '^sentio-collect: [0-9.k]* records, [0-9.k]*/s'
	! logged '% read'
}

@test "progress: every stage takes --progress and --no-progress" {
	for st in collect clean score window plot; do
		run_pane "sentio-$st --progress --no-progress --help >/dev/null"
		has '^end 0'
	done
}
