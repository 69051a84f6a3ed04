#!/bin/sh
# make bench: every stage's records/s and peak RSS on one corpus of
# 1,000,000+ records built from the oracle texts, beside the jansson
# baseline (parse and write back; parse only), and the whole pipeline;
# then collect -f's latency from an append to its record.
# Usage: bench.sh BINDIR BASELINE
set -eu
bin=$1
baseline=$2
oracle=${SENTIO_ORACLE:-../shared/oracle}
work=${BENCH_DIR:-build/bench}
records=${BENCH_RECORDS:-1000000}
mkdir -p "$work"
corpus=$work/corpus.ndjson

# The corpus: the oracle's texts as collect would write them, repeated
# with fresh ids and times until there are enough.
if [ ! -s "$corpus" ] || [ "$(wc -l <"$corpus")" -lt "$records" ]; then
	if [ -d "$oracle" ]; then
		cat "$oracle"/*.ndjson | jq -c '{text}' >"$work/texts.ndjson"
	else
		echo "bench: no oracle at $oracle; using data/launch-day.ndjson" >&2
		jq -c '{text}' data/launch-day.ndjson >"$work/texts.ndjson"
	fi
	awk -v want="$records" '
		{ t[n++] = substr($0, 2, length($0) - 2) }  # "text":"..." without the braces
		END {
			for (i = 0; i < want; i++) {
				s = 1795478400 + int(i / 20)
				printf "{\"id\":\"b%07d\",\"ts\":%d,\"source\":\"bench:oracle\",%s}\n", i, s, t[i % n]
			}
		}' "$work/texts.ndjson" >"$corpus"
	jq -r '.text' "$work/texts.ndjson" | tr -d '\r' | awk -v want="$records" \
		'{ t[n++] = $0 } END { for (i = 0; i < want; i++) print t[i % n] }' >"$work/texts.txt"
fi
n=$(wc -l <"$corpus")

# run NAME INPUT COMMAND...: time one command over INPUT; print a table row.
base_rate=
base_parse_rate=
scored_parse_rate=
clean_rate=
clean_nodetect_rate=
run() {
	name=$1 input=$2
	shift 2
	/usr/bin/time -f '%e %M' -o "$work/time" "$@" <"$input" >"$work/out.$name" 2>"$work/err.$name" ||
		{ echo "bench: $name failed:" >&2; cat "$work/err.$name" >&2; return 1; }
	read -r secs rss <"$work/time"
	rate=$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%d", (s > 0 ? n / s : 0) }')
	case $name in
	baseline) base_rate=$rate ;;
	baseline-parse) base_parse_rate=$rate ;;
	baseline-parse-scored) scored_parse_rate=$rate ;;
	clean) clean_rate=$rate ;;
	clean-no-detect) clean_nodetect_rate=$rate ;;
	esac
	ref=$base_rate
	case $name in window) ref=$scored_parse_rate ;; esac
	ratio=$(awk -v r="$rate" -v b="$ref" 'BEGIN { printf "%.0f%%", (b > 0 ? 100 * r / b : 0) }')
	printf '| %-22s | %10s | %6s | %8.1f | %7s |\n' "$name" "$rate" "$secs" "$(echo "$rss" | awk '{ print $1 / 1024 }')" "$ratio"
}

have() { [ -x "$bin/$1" ]; }

echo "make bench: $n records ($(du -h "$corpus" | cut -f1)), $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
echo
echo '| command                | records/s  | secs   | RSS (MB) | vs base |'
echo '| ---------------------- | ---------- | ------ | -------- | ------- |'
run baseline "$corpus" "$baseline"
run baseline-parse "$corpus" "$baseline" -p
have sentio-collect && run collect "$work/texts.txt" "$bin/sentio-collect" -
if have sentio-clean; then
	# clean detects each text's language (CLD2) by default; without, for comparison.
	run clean "$corpus" "$bin/sentio-clean"
	run clean-no-detect "$corpus" "$bin/sentio-clean" --detect-lang never
fi
if have sentio-score; then
	run score "$corpus" "$bin/sentio-score"
	cp "$work/out.score" "$work/scored.ndjson"
	run score-textblob "$corpus" "$bin/sentio-score" --model textblob
	# --model auto on English-only input (issue 15: at least half of VADER's speed)
	run score-auto "$corpus" "$bin/sentio-score" --model auto
fi
if have sentio-window && [ -s "$work/scored.ndjson" ]; then
	# window reads scored records, which take longer to parse: compare like with like.
	run baseline-parse-scored "$work/scored.ndjson" "$baseline" -p
	run window "$work/scored.ndjson" "$bin/sentio-window" --size 1h
fi
if have sentio-plot && [ -s "$work/scored.ndjson" ]; then
	run plot-static "$work/scored.ndjson" "$bin/sentio-plot" --static --x ts --y sentiment.compound
fi
if have sentio-collect && have sentio-clean && have sentio-score && have sentio-window &&
	have sentio-plot; then
	# The whole chain, from text lines to a chart; RSS is the largest stage's.
	run pipeline "$work/texts.txt" sh -c "'$bin/sentio-collect' - | '$bin/sentio-clean' |
		'$bin/sentio-score' | '$bin/sentio-window' --size 1m | '$bin/sentio-plot' --static"
fi
echo
echo "vs base: records/s as a share of the jansson parse-and-write baseline"
echo "(window: of the parse-only baseline over the same scored records)."
if [ -n "$clean_rate" ] && [ -n "$clean_nodetect_rate" ]; then
	awk -v a="$clean_rate" -v b="$clean_nodetect_rate" 'BEGIN {
		printf "clean with language detection runs at %.0f%% of clean without (--detect-lang never)\n",
			(b > 0 ? 100 * a / b : 0) }'
fi
if have sentio-plot && [ -x plot/bench-live.sh ]; then
	echo
	printf 'plot --live fed 10,000 records/s for 10 s: '
	sh plot/bench-live.sh "$bin" 10000 10
fi
if have sentio-collect && [ -x "$baseline" ] && [ -x "$(dirname "$baseline")/follow-latency" ]; then
	echo
	printf 'collect -f, from an append to its record: '
	"$(dirname "$baseline")/follow-latency" "$bin/sentio-collect" "$work" "${BENCH_APPENDS:-300}"
fi
