#!/usr/bin/env bats
# sentio-window --partial | --merge: sharded runs equal the single run, byte for byte.

load helpers
bats_require_minimum_version 1.5.0

D="$BATS_TEST_DIRNAME/window"

setup_file() {
	sh "$BATS_TEST_DIRNAME/window/corpus.sh" "$ORACLE" >"$BATS_FILE_TMPDIR/corpus"
}

setup() {
	cd "$BATS_TEST_TMPDIR"
	C="$BATS_FILE_TMPDIR/corpus"
}

# sharded OPTIONS...: the corpus through GNU parallel in four jobs, merged.
sharded() {
	parallel --pipe -j4 --block 150k sentio-window "$@" --partial <"$C" | sentio-window --merge
}

@test "merge: tumbling windows by corpus, sharded with GNU parallel == single run" {
	sentio-window --by corpus --size 10m "$C" >single
	sharded --by corpus --size 10m >merged
	[ "$(wc -l <single)" -gt 200 ]
	cmp single merged
}

@test "merge: hopping windows with composite and array keys == single run" {
	sentio-window --by tags --by corpus --size 1h --slide 10m "$C" >single
	sharded --by tags --by corpus --size 1h --slide 10m >merged
	cmp single merged
}

@test "merge: session windows == single run (sessions cut by shards join again)" {
	sentio-window --session 30s --by tags "$C" >single
	sharded --session 30s --by tags >merged
	cmp single merged
}

@test "merge: textblob polarity (unrounded values) and alerts == single run" {
	sentio-window --value polarity --size 5m --alert 3 "$C" >single
	parallel --pipe -j4 --block 150k sentio-window --value polarity --size 5m --partial <"$C" |
		sentio-window --merge --alert 3 >merged
	grep -q '"alert"' single
	cmp single merged
}

@test "merge: partial files as arguments, in any order" {
	split -n l/3 "$C" part.
	for p in part.*; do sentio-window --by corpus --partial "$p" >"$p.partial"; done
	sentio-window --by corpus "$C" >single
	run sentio-window --merge part.ac.partial part.aa.partial - <part.ab.partial
	assert_success
	assert_equal "$output" "$(cat single)"
}

@test "merge: a partial record keeps exact sums as text" {
	printf '%s\n' '{"ts":1,"sentiment":{"compound":0.1}}' '{"ts":2,"sentiment":{"compound":-0.75}}' >in
	run sentio-window --partial in
	assert_success
	assert_output --partial '"partial":1,"kind":"tumbling","size":60000000000,"slide":60000000000,"start":0,"end":60000000000,"key":null,"count":2,'
	assert_output --partial '"min":-0.75,"max":0.1,"pos":1,"neu":0,"neg":1,"hist":[25,1,110,1]'
	run sentio-window --merge <<<"$output"
	assert_success
	assert_output --partial '"count":2,"sum":-0.65,"mean":-0.325,'
}

@test "merge: records that are not partial, or of another window, are rejected" {
	printf '%s\n' '{"ts":1,"sentiment":{"compound":0.1}}' >in
	sentio-window --partial in >p1
	sentio-window --partial --size 5m in >p2
	sed 's/"sum":"[^"]*"/"sum":"zz"/' p1 >p3
	run --separate-stderr sentio-window --merge --stats p1 p2 in p3
	assert_success
	assert_equal "$(jq -c .count <<<"$output")" 1
	[[ "$stderr" == *"p2:1: partial record of another window than the first"* ]]
	[[ "$stderr" == *'in:1: not a partial record (no "partial":1)'* ]]
	[[ "$stderr" == *'p3:1: partial record: "sum" or "sumsq" is not an exact sum'* ]]
	[[ "$stderr" == *'"in":4,"out":1,"rejected":3'* ]]
}

@test "merge: shards under --max-keys write states early, and the merge is still exact" {
	sentio-window --by tags --by corpus --size 10m "$C" >single
	run --separate-stderr sharded --by tags --by corpus --size 10m --max-keys 3
	assert_success
	[[ "$stderr" == *"keys evicted (--max-keys 3)"* ]]
	assert_equal "$output" "$(cat single)"
}

@test "merge: partial states out of range are rejected, so every figure stays a number" {
	# What --partial writes for two values of 0.5 and 0.25, then made hostile.
	printf '%s\n' '{"ts":1,"sentiment":{"compound":0.5}}' '{"ts":2,"sentiment":{"compound":0.25}}' >in
	sentio-window --partial in >p
	grep -q '"count":2,' p
	sed 's/"sum":"[^"]*","sumsq":"[^"]*"/"sum":"1p992","sumsq":"1p1984"/' p >huge-sums
	sed 's/"max":0.5/"max":1e300/' p >huge-max
	# A bin of 2^32 - 1 twice would wrap round: the second is rejected.
	sed 's/"count":2,/"count":4294967296,/; s/"pos":2,/"pos":4294967296,/; s/"hist":\[125,1,/"hist":[125,4294967295,/' p >many
	run --separate-stderr sentio-window --merge --stats huge-sums huge-max many many
	assert_success
	[[ "$stderr" == *'huge-sums:1: partial record: "sum" or "sumsq" is out of range'* ]]
	[[ "$stderr" == *'huge-max:1: partial record: "min" or "max" is wrong'* ]]
	[[ "$stderr" == *'many:1: partial record: a histogram bin would pass 2^32 - 1'* ]]
	assert_equal "$(jq -c '[.count, .p10, .p90]' <<<"$output")" '[4294967296,0.251,0.259]'
	[[ "$stderr" == *'"in":4,"out":1,"rejected":3'* ]]
	assert_equal "$(jq -c '[.sum, .mean, .stddev, .min, .max] | map(type) | unique' <<<"$output")" '["number"]'
}

# --- late: live shards (--partial --live) merged live.

# live_shards OPTIONS...: the sorted corpus dealt to two live shards through
# fifos, their partial output read by one --merge.  Half of each shard's
# input goes in; windows must come out while both inputs are still open;
# then the rest.  Leaves the merge's output in merged, its count at the
# half-way point in early.
live_shards() {
	rm -f a b pa pb merged
	mkfifo a b pa pb
	sentio-window "$@" --partial --shard A <a >pa 3>&- &
	sentio-window "$@" --partial --shard B <b >pb 3>&- &
	sentio-window --merge --stats pa pb >merged 2>merge.stats 3>&- &
	exec 7>a 8>b
	n=$(($(wc -l <sa) / 2))
	head -n "$n" sa >&7
	head -n "$n" sb >&8
	for _ in $(seq 300); do [ -s merged ] && break; sleep 0.1; done
	early=$(wc -l <merged)
	tail -n +$((n + 1)) sa >&7
	tail -n +$((n + 1)) sb >&8
	exec 7>&- 8>&-
	wait
}

deal() {
	jq -c -s 'sort_by(.ts)[]' "$C" >sorted
	awk 'NR % 2' sorted >sa
	awk 'NR % 2 == 0' sorted >sb
}

@test "merge: two live shards through fifos give windows before their input ends, and the single run's bytes" {
	deal
	sentio-window --by corpus --size 10m sorted >single
	live_shards --by corpus --size 10m
	[ "$early" -gt 0 ]
	[ "$early" -lt "$(wc -l <single)" ]
	cmp single merged
	grep -q '"in":[0-9]*,"out":[0-9]*,"rejected":0' merge.stats
}

@test "merge: live shards of sessions and of hopping windows == single run" {
	deal
	sentio-window --session 30s --by tags sorted >single
	live_shards --session 30s --by tags
	[ "$early" -gt 0 ]
	cmp single merged
	sentio-window --size 1h --slide 10m --by tags sorted >single
	live_shards --size 1h --slide 10m --by tags
	[ "$early" -gt 0 ]
	cmp single merged
}

@test "merge: a live shard's watermark records: named, null at first, after what they cover, end last" {
	printf '%s\n' '{"ts":10,"sentiment":{"compound":0.1}}' '{"ts":130,"sentiment":{"compound":0.2}}' >in
	run sentio-window --partial --shard 'east "1"' in
	assert_success
	assert_line --index 0 '{"partial":1,"shard":"east \"1\"","watermark":null}'
	assert_line --index 1 '{"partial":1,"shard":"east \"1\"","watermark":5000000000}'
	assert_line --index 2 --partial '"start":0,"end":60000000000,'
	assert_line --index 3 '{"partial":1,"shard":"east \"1\"","watermark":125000000000}'
	assert_line --index 4 --partial '"start":120000000000,'
	assert_line --index 5 '{"partial":1,"shard":"east \"1\"","end":true}'
	# --live alone: named after the host and the process.
	run sentio-window --partial --live in
	assert_line --index 0 --regexp '^\{"partial":1,"shard":".+:[0-9]+","watermark":null\}$'
	# Without --live, no watermark records (partial files as before).
	run sentio-window --partial in
	refute_output --partial '"shard"'
}

@test "merge: a window written already takes no late state, unless --revise; --shards N waits" {
	printf '%s\n' '{"ts":10,"sentiment":{"compound":0.1}}' '{"ts":130,"sentiment":{"compound":0.2}}' \
	    '{"ts":50,"sentiment":{"compound":0.3}}' >in
	sentio-window --partial --shard A --revise 2m in >pa
	grep -q '"revision":1' pa
	# The merge writes [0,60) when A passes 125s; then A's revision comes.
	run --separate-stderr sentio-window --merge --stats pa
	assert_equal "$(jq -c '[.start[14:19], .count]' <<<"$output")" '["00:00",1]
["02:00",1]'
	[[ "$stderr" == *"pa:5: partial record of a window written already (from a shard not heard from in time; see --shards and --revise)"* ]]
	run sentio-window --merge --revise 2m pa
	assert_equal "$(jq -c '[.start[14:19], .count, .revision]' <<<"$output")" '["00:00",1,null]
["00:00",2,1]
["02:00",1,null]'
	# In one stream, B comes after A has passed everything: too late,
	# unless the merge waits for two shards.
	printf '%s\n' '{"ts":20,"sentiment":{"compound":0.5}}' | sentio-window --partial --shard B >pb
	grep -v revision pa >pa0
	cat pa0 pb >both
	run --separate-stderr sentio-window --merge --stats <both
	[[ "$stderr" == *'"rejected":1'* ]]
	run --separate-stderr sentio-window --merge --shards 2 --stats <both
	[[ "$stderr" == *'"rejected":0'* ]]
	assert_equal "$(jq -c '[.start[14:19], .count]' <<<"$output")" '["00:00",2]
["02:00",1]'
	# As two inputs, the merge waits for each to be heard from.
	run --separate-stderr sentio-window --merge --stats pa0 pb
	[[ "$stderr" == *'"rejected":0'* ]]
	assert_equal "$(jq -c '[.start[14:19], .count]' <<<"$output")" '["00:00",2]
["02:00",1]'
}

@test "merge: --live and --shard need --partial, --shards needs --merge" {
	run sentio-window --live
	assert_failure 2
	assert_output --partial "sentio-window: --live: needs --partial"
	run sentio-window --shard x
	assert_failure 2
	assert_output --partial "sentio-window: --shard: needs --partial"
	run sentio-window --shards 2
	assert_failure 2
	assert_output --partial "sentio-window: --shards: needs --merge"
	run sentio-window --partial --shard ''
	assert_failure 2
}

@test "merge: bad watermark records are rejected with the reason, and counted" {
	printf '%s\n' '{"partial":1,"shard":7,"watermark":1}' '{"partial":1,"shard":"a","watermark":"soon"}' \
	    '{"partial":1,"shard":"a"}' '{"partial":1,"shard":"a","watermark":1000}' >in
	run --separate-stderr sentio-window --merge --stats in
	assert_success
	[[ "$stderr" == *'in:1: watermark record: "shard" is not a string'* ]]
	[[ "$stderr" == *'in:2: watermark record without a "watermark" time'* ]]
	[[ "$stderr" == *'in:3: watermark record without a "watermark" time'* ]]
	[[ "$stderr" == *'"in":4,"out":1,"rejected":3,"filtered":0'* ]]
}
