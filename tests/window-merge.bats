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
