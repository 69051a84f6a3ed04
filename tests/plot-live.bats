#!/usr/bin/env bats
# sentio-plot --live, driven in a detached tmux session: records written
# into a fifo over time, the pane captured, resized, interrupted.  Waits
# poll for what they expect (up to 10 s); nothing is timed.

load helpers

W="$BATS_TEST_DIRNAME/plot/windows.ndjson"

setup() {
	command -v tmux > /dev/null || skip "tmux is not installed"
	SOCK="sentio-plot-test-$$-$BATS_TEST_NUMBER"
	FIFO="$BATS_TEST_TMPDIR/fifo"
	mkfifo "$FIFO"
	# Read and write: opening does not block, and closing it is the end of the input.
	exec 7<> "$FIFO"
	# (The tmux server must not hold the fifo open.)
	tmux -L "$SOCK" -f /dev/null new-session -d -s t -x 70 -y 20 \
	    "env -i HOME=\$HOME TERM=screen bash --norc --noprofile" 7>&-
	tmux -L "$SOCK" set -g status off 7>&-
}

teardown() {
	exec 7>&- 2> /dev/null || true
	tmux -L "$SOCK" kill-server 2> /dev/null || true
}

t() {
	tmux -L "$SOCK" "$@" 7>&-
}

# Run sentio-plot in the pane, reading the fifo; its pid lands in $BATS_TEST_TMPDIR/pid.
start() {
	t send-keys -t t "export LC_ALL=C.UTF-8 PS1='$ ' PATH='$PATH' $*; sh -c 'echo \$\$ > \"\$0\"; exec sentio-plot --live --fps 50' '$BATS_TEST_TMPDIR/pid' < '$FIFO'" Enter
}

screen() {
	t capture-pane -p -t t
}

flags() {
	t display -p -t t '#{alternate_on} #{cursor_flag}'
}

# Poll until the command succeeds, for at most 10 s.
wait_for() {
	for _ in $(seq 100); do
		if "$@"; then
			return 0
		fi
		sleep 0.1
	done
	echo "gave up waiting for: $*" >&2
	screen >&2
	flags >&2
	return 1
}

has() {
	screen | grep -q -- "$1"
}

lacks() {
	! screen | grep -q -- "$1"
}

flags_are() {
	[ "$(flags)" = "$1" ]
}

# The x axis line is this many columns wide.
axis_is() {
	[ "$(screen | grep '└' | head -1 | LC_ALL=C.UTF-8 wc -L)" -eq "$1" ]
}

@test "plot live: the chart is drawn on the alternate screen and changes as records come" {
	start
	wait_for flags_are "1 0"
	head -n 8 "$W" >&7
	wait_for has '⣿ tech'
	wait_for has '06:'
	first=$(screen)
	# Later windows enter from the right.
	sed -n '9,96p' "$W" >&7
	wait_for has '09:'
	[ "$(screen)" != "$first" ]
	flags_are "1 0"
	# One more record with the same key updates its latest value in the legend.
	printf '{"start":"2026-11-24T10:00:00.000Z","key":"tech","mean":-0.75}\n' >&7
	wait_for has 'tech -0.75'
}

@test "plot live: the chart follows the window's size" {
	start
	cat "$W" >&7
	wait_for has '⣿ tech'
	wait_for axis_is 70
	t resize-window -t t -x 50 -y 14
	wait_for axis_is 50
	wait_for has '⣿ tech'
	[ "$(screen | grep -c '┤')" -lt 8 ]
	t resize-window -t t -x 90 -y 24
	wait_for axis_is 90
}

@test "plot live: Ctrl-C restores the normal screen and the cursor, leaves the last chart there, status 130" {
	start
	wait_for flags_are "1 0"
	cat "$W" >&7
	wait_for has '⣿ tech'
	t send-keys -t t C-c
	wait_for flags_are "0 1"
	wait_for has '^\$ *$'
	# The last chart stays on the normal screen, as at the end of the input.
	has '⣿ tech 0.45  ⣿ news 0.41'
	has '┤'
	t send-keys -t t 'echo "status $?"' Enter
	wait_for has '^status 130'
}

@test "plot live: SIGTERM restores the normal screen and the cursor" {
	start
	cat "$W" >&7
	wait_for has '⣿ tech'
	kill -TERM "$(cat "$BATS_TEST_TMPDIR/pid")"
	wait_for flags_are "0 1"
	wait_for has '^\$ *$'
	has '⣿ tech 0.45  ⣿ news 0.41'
	t send-keys -t t 'echo "status $?"' Enter
	wait_for has '^status 143'
}

@test "plot live: SIGHUP restores the normal screen and the cursor, as SIGTERM" {
	start
	cat "$W" >&7
	wait_for has '⣿ tech'
	kill -HUP "$(cat "$BATS_TEST_TMPDIR/pid")"
	wait_for flags_are "0 1"
	wait_for has '^\$ *$'
}

@test "plot live: Ctrl-Z puts the normal screen back, fg draws the chart again" {
	start
	cat "$W" >&7
	wait_for has '⣿ tech'
	t send-keys -t t C-z
	wait_for flags_are "0 1"
	wait_for has 'Stopped'
	t send-keys -t t fg Enter
	wait_for flags_are "1 0"
	wait_for has '⣿ tech'
	t send-keys -t t C-c
	wait_for flags_are "0 1"
}

@test "plot live: at the end of the input the last chart stays on the normal screen" {
	start
	cat "$W" >&7
	wait_for has '⣿ tech'
	exec 7>&-
	wait_for flags_are "0 1"
	wait_for has '^\$ *$'
	has '⣿ tech 0.45  ⣿ news 0.41'
}

@test "plot live: colours on the terminal, none with NO_COLOR or --color never" {
	start
	cat "$W" >&7
	wait_for has '⣿ tech'
	t capture-pane -e -p -t t | grep -q $'\e\\[36m'
	t send-keys -t t C-c
	wait_for flags_are "0 1"
	t send-keys -t t "clear; NO_COLOR=1 sentio-plot --live < '$W'" Enter
	wait_for has '⣿ tech'
	! t capture-pane -e -p -t t | grep -q $'\e\\[3[0-9]m'
}

# The README's first example, the headline live pipeline, as printed there, with a
# file followed (-f) in place of the Mastodon stream (issue 14 item 5).
readme_pipeline() {
	awk '/^    sentio-collect mastodon:/ { f = 1 } f && /^$/ { exit } f { sub(/^ +/, ""); printf "%s ", $0 }' \
	    "$BATS_TEST_DIRNAME/../README.md" | sed "s|mastodon://[^ ]*|-f '$1'|"
}

@test "plot live: the README's headline pipeline shows its frame at once, waiting for data, then a point after a post" {
	posts="$BATS_TEST_TMPDIR/posts.txt"
	: >"$posts"
	cmd=$(readme_pipeline "$posts")
	[[ "$cmd" == "sentio-collect -f '$posts' | sentio-clean "*"| sentio-plot " ]]
	t send-keys -t t "export LC_ALL=C.UTF-8 PS1='$ ' PATH='$PATH'; $cmd" Enter
	wait_for flags_are "1 0"
	wait_for has 'waiting for data'
	has '┤'
	lacks '┬' # no x axis ticks without data
	echo "What a great day, I love it" >>"$posts"
	# The minute still open is drawn (--emit updates): no waiting for it to end.
	wait_for has '┬'
	lacks 'waiting for data'
	t send-keys -t t C-c
	wait_for flags_are "0 1"
	has '┬'
}
