#!/usr/bin/env bats
# The frame every stage shares (lib/stage.c, reader.c, output.c), driven
# through sentio-passthrough, the smallest stage.

load helpers

setup() {
	: "${SENTIO_TOOLS:=$BATS_TEST_DIRNAME/../build/opt/tests/tools}"
	PT="$SENTIO_TOOLS/sentio-passthrough"
	cd "$BATS_TEST_TMPDIR"
}

@test "--help prints the usage on stdout and exits 0" {
	run "$PT" --help
	assert_success
	assert_line --index 0 --partial "usage: sentio-passthrough"
	assert_output --partial "--rejects FILE"
}

@test "--version names the program" {
	run "$PT" --version
	assert_success
	assert_output --regexp '^sentio-passthrough [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "an unknown option is a usage error: status 2, usage on stderr" {
	run --separate-stderr "$PT" --bogus
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"usage: sentio-passthrough"* ]]
}

@test "a bad option argument names the option and exits 2" {
	run "$PT" --max-line lots
	assert_failure 2
	assert_output "sentio-passthrough: --max-line: lots: not a size"
}

@test "files are read in order, and - is standard input" {
	echo '{"n":1}' >a
	echo '{"n":3}' >c
	run bash -c "echo '{\"n\":2}' | '$PT' a - c"
	assert_success
	assert_output $'{"n":1}\n{"n":2}\n{"n":3}'
}

@test "a missing file is reported, the others are read, status 1" {
	echo '{"n":1}' >a
	run --separate-stderr "$PT" nosuch a
	assert_failure 1
	assert_output '{"n":1}'
	[ "$stderr" = "sentio-passthrough: nosuch: No such file or directory" ]
}

@test "an empty file gives no output and status 0" {
	: >empty
	run "$PT" --stats empty
	assert_success
	assert_output --partial '"in":0,"out":0,"rejected":0,"filtered":0'
}

@test "a last line without a newline is a record" {
	printf '{"a":1}\n{"b":2}' >f
	run "$PT" f
	assert_success
	assert_output $'{"a":1}\n{"b":2}'
}

@test "invalid JSON is rejected with input, line and column" {
	printf '{"a":1}\n{"a":}\n' >f
	run --separate-stderr "$PT" f
	assert_success
	assert_output '{"a":1}'
	[[ "$stderr" == "sentio-passthrough: f:2: invalid JSON: "*"(column 6)" ]]
}

@test "an array, a number, a string and null are not records" {
	printf '[1,2]\n42\n"x"\nnull\n' >f
	run --separate-stderr "$PT" --stats f
	assert_success
	[[ "$stderr" == *"f:1: not a JSON object but an array"* ]]
	[[ "$stderr" == *"f:2: not a JSON object but a number"* ]]
	[[ "$stderr" == *"f:3: not a JSON object but a string"* ]]
	[[ "$stderr" == *"f:4: not a JSON object but null"* ]]
	[[ "$stderr" == *'"in":4,"out":0,"rejected":4,"filtered":0'* ]]
}

@test "invalid UTF-8 is rejected with the offending byte" {
	printf '{"t":"caf\xe9"}\n' >f
	run --separate-stderr "$PT" f
	[[ "$stderr" == "sentio-passthrough: f:1: invalid UTF-8 (byte 0xe9 at column 10)" ]]
}

@test "duplicate keys, deep nesting, NUL bytes and huge integers are rejected" {
	{
		echo '{"a":1,"a":2}'
		printf '{"a":%s1%s}\n' "$(printf '[%.0s' {1..10000})" "$(printf ']%.0s' {1..10000})"
		printf '{"a":1}\0\n'
		echo '{"a":123456789012345678901234567890}'
		echo '{"ok":"\u0000 inside a string is data"}'
	} >f
	run --separate-stderr "$PT" --stats f
	assert_success
	assert_output '{"ok":"\u0000 inside a string is data"}'
	[[ "$stderr" == *"f:1: invalid JSON: duplicate object key"* ]]
	[[ "$stderr" == *"f:2: invalid JSON: maximum parsing depth reached"* ]]
	[[ "$stderr" == *"f:3: invalid JSON"* ]]
	[[ "$stderr" == *"f:4: invalid JSON: too big integer"* ]]
	[[ "$stderr" == *'"in":5,"out":1,"rejected":4,"filtered":0'* ]]
}

@test "blank lines are not records" {
	printf '\n{"a":1}\n   \n\n' >f
	run --separate-stderr "$PT" --stats f
	assert_output '{"a":1}'
	[[ "$stderr" == *'"in":1,"out":1'* ]]
}

@test "a 2 MiB line is rejected by number and the stream goes on" {
	{
		echo '{"a":1}'
		printf '{"t":"%s"}\n' "$(head -c 2097152 /dev/zero | tr '\0' x)"
		echo '{"b":2}'
	} >f
	run --separate-stderr "$PT" --stats f
	assert_success
	assert_output $'{"a":1}\n{"b":2}'
	[[ "$stderr" == *"f:2: line too long (2097160 bytes, --max-line 1048576)"* ]]
	[[ "$stderr" == *'"in":3,"out":2,"rejected":1,"filtered":0'* ]]
}

@test "--max-line sets the limit" {
	printf '{"a":"0123456789"}\n{"b":1}\n' >f
	run --separate-stderr "$PT" --max-line 10 f
	assert_output '{"b":1}'
	[[ "$stderr" == *"f:1: line too long (18 bytes, --max-line 10)"* ]]
}

@test "the rejects file keeps every rejected line byte-exact" {
	{
		echo '{"good":1}'
		echo '{"bad":'
		printf '{"t":"\xff\xfe"}\n'
		printf '{"t":"%s"}\n' "$(head -c 3000 /dev/urandom | base64 -w0)"
		echo '[1]'
	} >f
	run "$PT" --max-line 1000 --rejects rej.ndjson f
	assert_success
	[ "$(wc -l <rej.ndjson)" -eq 4 ]
	# Put the raw lines back together and compare with the bad lines of f.
	jq -j 'if .raw then .raw else (.raw_base64 | @base64d) end, "\n"' rej.ndjson >/dev/null
	while IFS= read -r line; do
		if echo "$line" | jq -e 'has("raw")' >/dev/null; then
			echo "$line" | jq -j '.raw'
		else
			echo "$line" | jq -r '.raw_base64' | base64 -d
		fi
		echo
	done <rej.ndjson >back
	sed -n '2,5p' f >expected
	cmp back expected
	run jq -c '[.stage, .input, .line]' rej.ndjson
	assert_line --index 0 '["sentio-passthrough","f",2]'
	assert_line --index 3 '["sentio-passthrough","f",5]'
}

@test "the rejects file is appended to" {
	echo '[1]' >f
	"$PT" --rejects rej f 2>/dev/null
	"$PT" --rejects rej f 2>/dev/null
	[ "$(wc -l <rej)" -eq 2 ]
}

@test "after ten rejects one summary line stands for the rest" {
	for i in $(seq 25); do echo "[${i}]"; done >f
	run --separate-stderr "$PT" f
	assert_success
	[ "$(echo "$stderr" | wc -l)" -eq 11 ]
	[[ "$stderr" == *"25 rejected inputs in all (15 not shown; --rejects FILE keeps them)"* ]]
}

@test "--strict stops with status 1 at the first reject, after writing what came before" {
	printf '{"a":1}\n[2]\n{"c":3}\n' >f
	run --separate-stderr "$PT" --strict f
	assert_failure 1
	assert_output '{"a":1}'
	[[ "$stderr" == *"f:2: not a JSON object but an array"* ]]
}

@test "--stats keeps in = out + rejected + filtered" {
	printf '{"a":1}\n{"drop":1}\n{"reject":1}\n{"a":2}\nnope\n' >f
	run --separate-stderr "$PT" --drop drop --reject reject --stats f
	stats=$(echo "$stderr" | tail -n 1)
	echo "$stats" | jq -e '.stage == "sentio-passthrough" and .in == 5 and .out == 2
		and .rejected == 2 and .filtered == 1 and .in == .out + .rejected + .filtered
		and (.seconds | type == "number") and (.records_per_second | type == "number")'
}

@test "a write error (a full disk) fails loudly with status 1" {
	seq 1 100000 | sed 's/.*/{"n":&}/' >f
	run "$PT" f >/dev/full
	run bash -c "'$PT' f >/dev/full"
	assert_failure 1
	assert_output "sentio-passthrough: write error: No space left on device"
}

@test "a reader that goes away downstream ends the stage quietly" {
	seq 1 200000 | sed 's/.*/{"n":&}/' >f
	run bash -c "set -o pipefail; '$PT' f 2>err | head -n 1; echo \"status \${PIPESTATUS[0]}\"; cat err"
	assert_output $'{"n":1}\nstatus 0'
}

@test "output is flushed as soon as the input goes idle" {
	mkfifo in
	# Keep the fifo open for writing while we read the first output line.
	exec 5<>in
	"$PT" <in >out 5>&- &
	pid=$!
	echo '{"live":1}' >&5
	for _ in $(seq 100); do
		[ -s out ] && break
		sleep 0.05
	done
	run cat out
	assert_output '{"live":1}'
	exec 5>&-
	wait "$pid"
}

@test "a batch is written in large blocks" {
	seq 1 100000 | sed 's/.*/{"n":&}/' >f
	# LeakSanitizer cannot run under ptrace.
	ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=write -o trace "$PT" f >/dev/null
	writes=$(grep -c 'write(1,' trace)
	[ "$writes" -lt 100 ]
}

@test "SIGTERM mid-stream ends after writing what was read, by the signal (143)" {
	mkfifo in
	exec 5<>in
	"$PT" --stats <in >out 2>err 5>&- &
	pid=$!
	for i in 1 2 3; do echo "{\"n\":$i}" >&5; done
	for _ in $(seq 100); do
		[ "$(wc -l <out)" -eq 3 ] && break
		sleep 0.05
	done
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 143 ] # ended by the signal, as the Unix way is
	[ "$(wc -l <out)" -eq 3 ]
	grep -q '"in":3,"out":3' err
	exec 5>&-
}

@test "SIGINT ends a live stream cleanly, every record whole, by the signal (130)" {
	mkfifo in
	(for i in $(seq 1000); do echo "{\"n\":$i}"; sleep 0.01; done >in) &
	writer=$!
	"$PT" <in >out &
	pid=$!
	sleep 0.5
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	kill "$writer" 2>/dev/null || true
	[ "$rc" -eq 130 ]
	n=$(wc -l <out)
	[ "$n" -gt 0 ] && [ "$n" -lt 1000 ]
	jq -e . out >/dev/null
}

@test "messages and rejects never carry control bytes or broken UTF-8 from the input" {
	printf '{"a":"\\u00\xc3\xa9"}\n{"b":1}\n{"a":1\x1b[2J}\n' >f
	run --separate-stderr "$PT" --rejects rej f
	assert_success
	assert_output '{"b":1}'
	! printf '%s' "$stderr" | grep -q $'\x1b'
	printf '%s' "$stderr" | iconv -f UTF-8 -t UTF-8 >/dev/null
	[ "$(wc -l <rej)" -eq 2 ]
	jq -e . rej >/dev/null
}

@test "a file name with escape characters is shown harmless" {
	run --separate-stderr "$PT" $'no\x1b[31msuch'
	assert_failure 1
	[ "$stderr" = "sentio-passthrough: no?[31msuch: No such file or directory" ]
}

@test "SIGHUP mid-stream ends after writing what was read, as SIGTERM, by the signal (129)" {
	mkfifo in
	exec 5<>in
	"$PT" --stats <in >out 2>err 5>&- &
	pid=$!
	for i in 1 2 3; do echo "{\"n\":$i}" >&5; done
	for _ in $(seq 100); do
		[ "$(wc -l <out)" -eq 3 ] && break
		sleep 0.05
	done
	kill -HUP "$pid"
	rc=0
	wait "$pid" || rc=$?
	exec 5>&-
	[ "$rc" -eq 129 ]
	[ "$(wc -l <out)" -eq 3 ]
	grep -q '"in":3,"out":3' err
}

@test "SIGHUP ignored at start (nohup) stays ignored" {
	mkfifo in
	exec 5<>in
	nohup "$PT" <in >out 2>err 5>&- &
	pid=$!
	echo '{"n":1}' >&5
	for _ in $(seq 100); do
		[ -s out ] && break
		sleep 0.05
	done
	kill -HUP "$pid"
	echo '{"n":2}' >&5
	exec 5>&-
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 0 ]
	[ "$(wc -l <out)" -eq 2 ]
}

@test "each write() holds whole records, however long a record and wherever the buffer fills" {
	# Records of 1,000 bytes fill the buffer mid-record; one of 200 KiB is longer than it.
	python3 -c '
import json
for i in range(300):
    print(json.dumps({"n": i, "pad": "x" * (200 * 1024 if i == 150 else 1000)}, separators=(",", ":")))' >f
	ASAN_OPTIONS=detect_leaks=0 strace -e trace=write -o trace "$PT" f >out
	cmp f out
	python3 -c '
import re, sys
out = open("out", "rb").read()
at = 0
for line in open("trace"):
    m = re.match(r"write\(1, .*\) = (\d+)$", line.strip())
    if m:
        at += int(m.group(1))
        if out[at - 1:at] != b"\n":
            sys.exit("a write() ends at byte %d, inside a record" % at)
if at != len(out):
    sys.exit("writes add up to %d bytes of %d" % (at, len(out)))'
}

@test "a closed standard input is a read error, not a hang on the wake-up pipe" {
	rc=0
	timeout 10 "$PT" <&- >out 2>err || rc=$?
	[ "$rc" -eq 1 ]
	[ "$(cat err)" = "sentio-passthrough: <stdin>: read error: Bad file descriptor" ]
}

@test "a closed standard output is a write error" {
	echo '{"n":1}' >f
	rc=0
	"$PT" f >&- 2>err || rc=$?
	[ "$rc" -eq 1 ]
	[ "$(cat err)" = "sentio-passthrough: write error: Bad file descriptor" ]
}

@test "a raw NUL byte after a number or a literal is invalid JSON (jansson alone takes it)" {
	printf '{"a":0\0,"b":1}\n{"t":true\0}\n{"ok":1}\n' >f
	run --separate-stderr "$PT" --rejects rej f
	assert_success
	assert_output '{"ok":1}'
	[[ "$stderr" == *"f:1: invalid JSON: NUL byte (column 7)"* ]]
	[[ "$stderr" == *"f:2: invalid JSON: NUL byte (column 10)"* ]]
	head -n 1 rej | jq -e '.raw == "{\"a\":0\u0000,\"b\":1}"'  # kept byte for byte
}

@test "CR: a line of blanks and CRs holds no record; a rejected line keeps its CR" {
	# The rules of reader.h, which collect's framing follows too (issue 12 item 13).
	printf ' \r \n\r\n{"a":1}\r\n{"a":\r\n' >f
	run --separate-stderr "$PT" --stats --rejects rej f
	assert_success
	[[ "$stderr" == *'"in":2,"out":1,"rejected":1,'* ]]
	[ "$(jq -r .line rej)" = 4 ]
	jq -e '.raw == "{\"a\":\r"' rej
}

@test "lib/ is built by a fragment of its own, by no stage's (issue 11)" {
	TOP=$BATS_TEST_DIRNAME/..
	run grep -nE '\$\(BUILD\)/lib/|(^|[[:space:]])lib/|html_entities|gen-entities' "$TOP"/collect/*.mk "$TOP"/clean/*.mk \
		"$TOP"/score/*.mk "$TOP"/window/*.mk "$TOP"/plot/*.mk
	assert_failure 1
	grep -q '^$(GEN)/html_entities.h: scripts/gen-entities.py' "$TOP/lib/lib.mk"
}

@test "each write() to the rejects file holds whole rejects" {
	python3 -c '
for i in range(3000):
    print("{\"n\":%d,\"bad\":%s}" % (i, "1" if i % 2 else "x" * (i % 50)))' >f
	ASAN_OPTIONS=detect_leaks=0 strace -e trace=openat,write -o trace "$PT" --rejects rej f >/dev/null 2>&1
	[ "$(wc -l <rej)" -eq 1500 ]
	python3 -c '
import re, sys
fd = None
rej = open("rej", "rb").read()
at = 0
for line in open("trace"):
    m = re.match(r"openat\(.*\"rej\".* = (\d+)$", line.strip())
    if m:
        fd = m.group(1)
    m = re.match(r"write\((\d+), .*\) = (\d+)$", line.strip())
    if m and m.group(1) == fd:
        at += int(m.group(2))
        if rej[at - 1:at] != b"\n":
            sys.exit("a write() ends at byte %d, inside a reject" % at)
if fd is None or at != len(rej):
    sys.exit("writes add up to %d bytes of %d" % (at, len(rej)))'
}
