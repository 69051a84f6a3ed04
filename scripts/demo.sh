#!/bin/sh
# make demo: the main job on the bundled sample, a launch day of the
# fictional app "Lumen 2" (hype, launch, an outage, the recovery):
# collect, clean, score, aggregate into 30-minute windows, and draw.
set -eu
bin=$1
out=build/demo
mkdir -p "$out"
PATH="$bin:$PATH"

echo "== sentio-collect | sentio-clean | sentio-score | sentio-window --size 30m | sentio-plot"
echo
sentio-collect --stats data/launch-day.ndjson 2>"$out/collect.stats" |
	sentio-clean --stats 2>"$out/clean.stats" |
	sentio-score --stats 2>"$out/score.stats" |
	tee "$out/scored.ndjson" |
	sentio-window --size 30m --stats 2>"$out/window.stats" >"$out/windows.ndjson"

sentio-plot --static --color never --width 78 --height 18 \
	--title "Lumen 2 launch day: mean sentiment per 30 minutes" <"$out/windows.ndjson"
echo
sentio-plot --static --color never --kind bars --width 78 --height 10 \
	--title "positive / neutral / negative share" <"$out/windows.ndjson"
echo
printf 'spark: '
sentio-plot --static --kind spark <"$out/windows.ndjson"
echo
echo "== the most negative posts"
jq -r 'select(.sentiment.compound < -0.6) | "\(.ts)  \(.sentiment.compound)  \(.text)"' \
	"$out/scored.ndjson" | head -n 5
echo
echo "== accounting (in = out + rejected + filtered), from --stats"
cat "$out/collect.stats" "$out/clean.stats" "$out/score.stats" "$out/window.stats" |
	jq -c '{stage, in, out, rejected, filtered}'
echo
echo "outputs in $out/: scored.ndjson, windows.ndjson"
