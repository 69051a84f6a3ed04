#!/bin/sh
# bench.sh SENTIO-SCORE ORACLE-DIR [N]: records/s and peak RSS of sentio-score on N
# records (default 1,000,000) made from the oracle texts ({"id","corpus","text"}).
set -eu
bin=$1 oracle=$2 n=${3:-1000000}
corpus=${TMPDIR:-/tmp}/sentio-score-bench.$$.ndjson
trap 'rm -f "$corpus" "$corpus.base"' EXIT
cat "$oracle"/*.ndjson | jq -c '{id: .n, corpus: .corpus, text: .text}' >"$corpus.base"
: >"$corpus"
while [ "$(wc -l <"$corpus")" -lt "$n" ]; do cat "$corpus.base" >>"$corpus"; done
head -n "$n" "$corpus" >"$corpus.base" && mv "$corpus.base" "$corpus"
for model in vader ${BENCH_MODELS:-}; do
	/usr/bin/time -f '%e %M' -o "$corpus.time" "$bin" --model "$model" "$corpus" >/dev/null
	read -r secs rss <"$corpus.time"
	awk -v m="$model" -v n="$n" -v s="$secs" -v r="$rss" 'BEGIN {
		printf "sentio-score --model %-8s %d records in %.2f s: %.0f records/s, peak RSS %.1f MB\n",
		    m, n, s, n / s, r / 1024 }'
done
rm -f "$corpus.time"
