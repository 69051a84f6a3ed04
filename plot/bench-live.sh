#!/bin/sh
# The cost of sentio-plot --live: records fed at RATE a second for SECS
# seconds into a chart in a detached tmux terminal of 200x50; prints the
# share of one core the plot process used.  Needs tmux and python3 (to pace
# the writer).  Usage: plot/bench-live.sh BINDIR [RATE [SECS]]
set -eu
bin=$1
rate=${2:-10000}
secs=${3:-10}
command -v tmux >/dev/null && command -v python3 >/dev/null ||
	{ echo "plot-live: needs tmux and python3; skipped" >&2; exit 0; }
dir=$(mktemp -d)
sock=sentio-bench-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$dir"' EXIT
mkfifo "$dir/fifo"
tmux -L "$sock" -f /dev/null new-session -d -s b -x 200 -y 50 \
	"env LC_ALL=C.UTF-8 TERM=screen '$bin/sentio-plot' --live --x ts --y sentiment.compound \
	 --series src < '$dir/fifo' 2>/dev/null; echo \$? > '$dir/rc'; sleep 60"
python3 - "$rate" "$secs" >"$dir/fifo" <<'PY' &
import math, sys, time
rate, secs = int(sys.argv[1]), float(sys.argv[2])
t0, i = time.time(), 0
while time.time() - t0 < secs:
    want = int((time.time() - t0) * rate)
    out = []
    while i < want:
        out.append('{"ts":%.3f,"sentiment":{"compound":%.4f},"src":"s%d"}\n'
                   % (1795500000 + i / 1000, math.sin(i / 3000) * 0.7, i % 3))
        i += 1
    sys.stdout.write("".join(out))
    sys.stdout.flush()
    time.sleep(0.005)
PY
writer=$!
sleep 1
pane=$(tmux -L "$sock" display -p -t b '#{pane_pid}')
pid=$(pgrep -P "$pane" -x sentio-plot)
hz=$(getconf CLK_TCK)
span=$((secs - 2))
a=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
sleep "$span"
b=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
wait "$writer"
awk -v t=$((b - a)) -v hz="$hz" -v s="$span" -v r="$rate" \
	'BEGIN { printf "plot-live: %d records/s into a 200x50 chart: %.1f%% of a core\n", r, 100 * t / hz / s }'
