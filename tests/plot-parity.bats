#!/usr/bin/env bats
# sentio-plot: the fast path (lib/scan.h) draws what the jansson path draws.

load helpers

G="$BATS_TEST_DIRNAME/plot"

@test "plot: the fast path draws the charts and rejects of the jansson path, on tricky lines" {
	# tricky.expected: the output of a build that parses every line with jansson
	# (plot.c with -DPLOT_NO_FAST_PATH); see tests/plot/tricky.sh.  Escaped and
	# duplicate keys, big and odd numbers, bad UTF-8, missing fields, wrong types.
	run bash -c 'bash "$1" "$(command -v sentio-plot)" | diff -u "$2" -' sh \
	    "$G/tricky.sh" "$G/tricky.expected"
	assert_success
}

@test "plot: the tricky lines are what they claim to be" {
	# So that the comparison above cannot pass on nothing.
	run grep -c '^exit 0$' "$G/tricky.expected"
	assert_output 12
	run grep -c '"in":59,' "$G/tricky.expected"
	assert_output 12
	run grep -c 'duplicate object key' "$G/tricky.expected"
	assert [ "$output" -ge 12 ]
	run grep -c 'invalid UTF-8' "$G/tricky.expected"
	assert [ "$output" -ge 12 ]
}

@test "plot: an escaped key is the key it spells, and a duplicate one is rejected" {
	export LC_ALL=C.UTF-8
	run --separate-stderr sentio-plot --static --color never --kind spark --x ts \
	    --y sentiment.compound --series source --stats <<'IN'
{"t\u0073":1,"sentiment":{"comp\u006fund":0.5},"s\u006furce":"esc"}
{"ts":2,"sentiment":{"compound":0.5},"source":"dup","s\u006furce":"x"}
{"ts":3,"sentiment":{"compound":0.25},"source":"plain"}
IN
	assert_success
	assert_line --regexp '^esc '
	assert_line --regexp '^plain '
	refute_output --partial dup
	[[ "$stderr" == *"<stdin>:2: invalid JSON: duplicate object key"* ]]
	[[ "$stderr" == *'"in":3,"out":2,"rejected":1'* ]]
}

@test "plot: numbers the scanner leaves to jansson keep their value" {
	export LC_ALL=C.UTF-8
	run --separate-stderr sentio-plot --static --color never --kind spark --x ts --y v \
	    --series k --stats <<'IN'
{"ts":1,"v":0.5,"k":"short"}
{"ts":1795478406000000000,"v":0.1000000000000000055511151231257827021181583404541015625,"k":"long"}
{"ts":1,"v":99999999999999999999,"k":"big"}
{"ts":2,"v":1e999,"k":"huge"}
IN
	assert_success
	assert_line --regexp '^long '
	refute_output --partial big
	refute_output --partial huge
	[[ "$stderr" == *"<stdin>:3: invalid JSON: too big integer"* ]]
	[[ "$stderr" == *"<stdin>:4: invalid JSON: real number overflow"* ]]
	[[ "$stderr" == *'"in":4,"out":2,"rejected":2'* ]]
}
