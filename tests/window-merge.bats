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
