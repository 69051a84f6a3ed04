#!/usr/bin/env bats
# End to end: the whole chain over a large generated corpus, with --stats on
# every stage; the same corpus sharded with GNU parallel; the latency of a
# live stream through clean and score.
#
# SENTIO_E2E_RECORDS sets the corpus size (default 100000, a few seconds;
# CI and make bench may raise it, e.g. SENTIO_E2E_RECORDS=1000000).  The
# texts come from the oracle corpora ($ORACLE/*.ndjson) when present, else
# from data/launch-day.ndjson.  The p99 latency is written to
# build/latency.txt and printed; no test asserts a time.

load helpers

setup_file() {
	export E2E_RECORDS=${SENTIO_E2E_RECORDS:-100000}
	export D=$BATS_FILE_TMPDIR
	# The corpus, with faults put in on purpose: lines that are not JSON
	# (collect rejects them), texts repeated at once (clean --dedupe filters
	# them) and records an hour late (window rejects them).
	python3 - "$E2E_RECORDS" "$ORACLE" "$BATS_TEST_DIRNAME/../data/launch-day.ndjson" \
		>"$D/corpus.ndjson" 3>"$D/expect.json" <<'EOF'
import glob, json, os, sys, time
n, oracle, sample = int(sys.argv[1]), sys.argv[2], sys.argv[3]
texts = []
for f in sorted(glob.glob(os.path.join(oracle, "*.ndjson"))) if os.path.isdir(oracle) else []:
    for l in open(f, encoding="utf-8"):
        t = json.loads(l).get("text")
        if isinstance(t, str) and t.strip():
            texts.append(t)
source = "oracle" if texts else "sample"
if not texts:
    texts = [json.loads(l)["text"] for l in open(sample, encoding="utf-8") if l.strip()]
base_ms = 1795500000 * 1000  # 2026-11-24T06:00:00Z
authors = ["hana", "raj", "li", "sam", "ada"]
broken = dups = late = 0
out = sys.stdout
def ts(ms):
    s, m = divmod(ms, 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s)) + ".%03dZ" % m
text = ""
for i in range(n):
    ms = base_ms + i * 37
    if i % 997 == 500:
        out.write('{"id":"broken-%d","text":\n' % i)
        broken += 1
        continue
    if i % 1000 == 999:
        dups += 1  # the text of the record before, again
    else:
        text = texts[i % len(texts)]
    if i % 5000 == 2500:
        ms -= 3600 * 1000
        late += 1
        text = "%s (late %d)" % (text, i)  # never a repeat that clean would filter
    out.write(json.dumps({"id": "e2e-%d" % i, "ts": ts(ms), "source": "file:e2e",
                          "author": authors[i % 5], "lang": "en", "text": text},
                         ensure_ascii=False, separators=(",", ":")) + "\n")
with os.fdopen(3, "w") as f:
    json.dump({"records": n, "texts": source, "broken": broken, "dups": dups, "late": late}, f)
EOF
	# The chain, each stage's statistics and rejects kept apart.
	sentio-collect --stats --rejects "$D/collect.rej" json:- <"$D/corpus.ndjson" 2>"$D/collect.err" |
		sentio-clean --dedupe 100 --stats --rejects "$D/clean.rej" 2>"$D/clean.err" |
		sentio-score --stats --rejects "$D/score.rej" 2>"$D/score.err" |
		tee "$D/scored.ndjson" |
		sentio-window --stats --rejects "$D/window.rej" 2>"$D/window.err" |
		tee "$D/windows.ndjson" |
		sentio-plot --static --stats --rejects "$D/plot.rej" >"$D/chart.txt" 2>"$D/plot.err"
	echo "${PIPESTATUS[*]}" >"$D/status"
}

# stat STAGE FIELD: a number from the stage's --stats line.
stat() {
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    if l.startswith("{\"stage\""):
        print(json.loads(l)[sys.argv[2]])' "$D/$1.err" "$2"
}

@test "pipeline: every stage of the chain succeeds over the corpus" {
	run cat "$D/status"
	assert_output "0 0 0 0 0 0 0"
	echo "# $E2E_RECORDS records, texts from $(cat "$D/expect.json")" >&3
}

@test "pipeline: in = out + rejected + filtered in every stage, and in = the previous out" {
	prev_out=
	for st in collect clean score window plot; do
		in=$(stat $st in) out=$(stat $st out) rej=$(stat $st rejected) fil=$(stat $st filtered)
		echo "# $st: in $in out $out rejected $rej filtered $fil" >&3
		[ -n "$in" ] && [ "$in" -eq $((out + rej + fil)) ]
		# Each rejected line is in the rejects file.
		[ "$rej" -eq "$(cat "$D/$st.rej" 2>/dev/null | wc -l)" ]
		if [ -n "$prev_out" ]; then
			[ "$in" -eq "$prev_out" ] || {
				echo "$st: in $in, the stage before wrote $prev_out"
				return 1
			}
		fi
		prev_out=$out
		# sentio-window's out counts the records it took into windows; what it
		# writes is one line per window ("windows" in its statistics).
		if [ $st = window ]; then
			prev_out=$(stat window windows)
			[ "$prev_out" -eq "$(wc -l <"$D/windows.ndjson")" ]
		fi
	done
	[ "$(wc -l <"$D/scored.ndjson")" -eq "$(stat score out)" ]
}

@test "pipeline: the faults put in are counted where they belong" {
	expect() {
		python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' \
			"$D/expect.json" "$1"
	}
	[ "$(stat collect in)" -eq "$E2E_RECORDS" ]
	[ "$(stat collect rejected)" -eq "$(expect broken)" ]
	[ "$(stat clean filtered)" -ge "$(expect dups)" ]
	[ "$(stat clean rejected)" -eq 0 ]
	[ "$(stat score rejected)" -eq 0 ]
	[ "$(stat window rejected)" -eq "$(expect late)" ]
	[ "$(stat plot rejected)" -eq 0 ]
}

@test "pipeline: sharded with GNU parallel, sentio-window --partial | --merge gives the same windows" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	# A lateness that takes the late records in, in one run as in shards.
	sentio-window --lateness 2h <"$D/scored.ndjson" >"$D/w1.ndjson"
	parallel --will-cite --pipe -j4 --block 512k sentio-window --lateness 2h --partial <"$D/scored.ndjson" |
		sentio-window --merge >"$D/w4.ndjson"
	[ -s "$D/w1.ndjson" ]
	cmp "$D/w1.ndjson" "$D/w4.ndjson"
	# Grouped by author, hopping windows.
	sentio-window --lateness 2h --by author --size 5m --slide 1m <"$D/scored.ndjson" >"$D/k1.ndjson"
	parallel --will-cite --pipe -j4 --block 512k sentio-window --lateness 2h --by author --size 5m --slide 1m \
		--partial <"$D/scored.ndjson" |
		sentio-window --by author --size 5m --slide 1m --merge >"$D/k4.ndjson"
	[ -s "$D/k1.ndjson" ]
	cmp "$D/k1.ndjson" "$D/k4.ndjson"
	echo "# $(wc -l <"$D/w1.ndjson") windows, $(wc -l <"$D/k1.ndjson") by author: identical" >&3
}

@test "pipeline: latency of a live stream through clean and score (p99 in build/latency.txt)" {
	out=$BATS_TEST_DIRNAME/../build/latency.txt
	mkdir -p "${out%/*}"
	# A slow writer: a record every millisecond; each record's time from its
	# write into sentio-clean to its read out of sentio-score.
	run python3 - "$D/corpus.ndjson" "${SENTIO_LATENCY_RECORDS:-2000}" <<'EOF'
import json, subprocess, sys, threading, time
lines = []
with open(sys.argv[1], encoding="utf-8") as f:
    for l in f:
        if l.startswith('{"id":"e2e-'):
            lines.append(l)
        if len(lines) == int(sys.argv[2]):
            break
p = subprocess.Popen("sentio-clean | sentio-score", shell=True, stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, bufsize=0)
sent, got = {}, {}
def reader():
    for l in p.stdout:
        got[json.loads(l)["id"]] = time.monotonic()
t = threading.Thread(target=reader)
t.start()
for l in lines:
    sent[json.loads(l)["id"]] = time.monotonic()
    p.stdin.write(l.encode())
    time.sleep(0.001)
p.stdin.close()
t.join(timeout=60)
if t.is_alive():
    p.kill()
    sys.exit("sentio-clean | sentio-score did not end within 60 s of the end of its input")
p.wait()
lat = sorted((got[k] - sent[k]) * 1000 for k in sent if k in got)
if len(lat) != len(sent) or p.returncode:
    sys.exit("%d of %d records came out, status %d" % (len(lat), len(sent), p.returncode))
pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
print("latency through sentio-clean | sentio-score, %d records, one a millisecond: "
      "p50 %.3f ms, p99 %.3f ms, max %.3f ms" % (len(lat), pct(0.5), pct(0.99), lat[-1]))
EOF
	assert_success
	echo "$output" >"$out"
	echo "# $output" >&3
}
