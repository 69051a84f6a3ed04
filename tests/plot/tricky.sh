#!/bin/bash
# tricky.sh BIN: sentio-plot (BIN) on tricky.ndjson, every chart kind in three
# configurations, each with its exit status, messages, --stats and rejects file.
#
# tricky.expected is what a build that parses every line with jansson prints
# (plot.c compiled with -DPLOT_NO_FAST_PATH): the fast path must match it.
# To regenerate it after a deliberate change, from the top of the repo:
#   cc -O2 -std=c17 -D_GNU_SOURCE -DSENTIO_VERSION='"0.1.0"' -DPLOT_NO_FAST_PATH \
#      -Ilib -Ibuild/gen -o /tmp/plot-slow plot/*.c build/opt/libsentio.a \
#      -ljansson -lm -lutf8proc
#   bash tests/plot/tricky.sh /tmp/plot-slow >tests/plot/tricky.expected
bin=$1
cd "$(dirname "$0")" || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8
for cfg in "" "--x ts --y sentiment.compound --series source" "--x # --y mean"; do
	for kind in line bars hist spark; do
		echo "== $kind $cfg"
		rm -f "$tmp/rej"
		# shellcheck disable=SC2086 # cfg is a list of options
		"$bin" --static --width 60 --height 15 --color never --max-series 64 --stats \
		    --kind "$kind" $cfg --rejects "$tmp/rej" tricky.ndjson 2>"$tmp/err"
		echo "exit $?"
		sed -E 's/,"(seconds|records_per_second)":[^,}]*//g' "$tmp/err"
		cat "$tmp/rej"
	done
done
