#!/bin/sh
# parity.sh SENTIO-SCORE ORACLE-DIR: score every corpus of the oracle and
# compare with the Python references' numbers.  Prints the match rate per
# corpus and the mismatches; exits 1 unless every corpus meets the bar:
# VADER: >= 99.9% exact (compound, pos, neu, neg as rounded), every text
# within 0.002, cases.ndjson 100%; TextBlob (when built in): >= 99.9% within 1e-6.
set -u
bin=$1 oracle=$2
[ -d "$oracle" ] || { echo "parity: no oracle at $oracle" >&2; exit 2; }
command -v jq >/dev/null || { echo "parity: jq is needed" >&2; exit 2; }
models=vader
"$bin" --model textblob </dev/null >/dev/null 2>&1 && models="vader textblob"
status=0
for model in $models; do
	for f in "$oracle"/*.ndjson; do
		c=$(basename "$f" .ndjson)
		"$bin" --model "$model" --into sentio_parity "$f" |
		if [ "$model" = vader ]; then
			jq -r '[.n, .vader.compound, .vader.pos, .vader.neu, .vader.neg,
			        .sentio_parity.compound, .sentio_parity.pos, .sentio_parity.neu,
			        .sentio_parity.neg] | @tsv'
		else
			jq -r '[.n, .textblob.polarity, .textblob.subjectivity,
			        .sentio_parity.polarity, .sentio_parity.subjectivity] | @tsv'
		fi | awk -F '\t' -v c="$c" -v model="$model" '
		function abs(x) { return x < 0 ? -x : x }
		{
			n++
			if (model == "vader") {
				same = $2 == $6 && $3 == $7 && $4 == $8 && $5 == $9
				d = 0
				for (i = 2; i <= 5; i++) if (abs($i - $(i + 4)) > d) d = abs($i - $(i + 4))
				near = d <= 0.002
			} else {
				if ($2 == "") { n--; next } # no reference in this file
				d = abs($2 - $4); if (abs($3 - $5) > d) d = abs($3 - $5)
				same = d <= 1e-6; near = 1
			}
			if (same) ok++
			else {
				bad++
				if (bad <= 20) printf "  mismatch %s n=%s: reference %s  sentio %s\n", c, $1,
				    model == "vader" ? $2 " " $3 " " $4 " " $5 : $2 " " $3,
				    model == "vader" ? $6 " " $7 " " $8 " " $9 : $4 " " $5
			}
			if (!near) far++
		}
		END {
			if (!n) exit 0
			rate = n ? 100 * ok / n : 0
			pass = rate >= 99.9 && !far && (model != "vader" || c != "cases" || ok == n)
			printf "%-8s %-28s %6d/%-6d %8.3f%%  %s\n", model, c, ok, n, rate, pass ? "ok" : "FAIL"
			exit pass ? 0 : 1
		}' || status=1
	done
done
exit $status
