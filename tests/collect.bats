#!/usr/bin/env bats
# sentio-collect: files, standard input, JSON lines, CSV, --follow, --replay,
# --output, --state, and the kill -9 restarts that lose and repeat nothing.

load helpers
load collect/helpers
bats_require_minimum_version 1.5.0

setup() {
	cd "$BATS_TEST_TMPDIR"
}

@test "--help prints the usage on stdout and exits 0" {
	run sentio-collect --help
	assert_success
	assert_line --index 0 "usage: sentio-collect [options] [source ...]"
	assert_output --partial "--state FILE"
	assert_output --partial "mastodon://"
}

@test "--version names the program" {
	run sentio-collect --version
	assert_success
	assert_output --regexp '^sentio-collect [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "bad option arguments are usage errors" {
	run sentio-collect --duration soon
	assert_failure 2
	assert_output --partial "--duration: soon: not a duration"
	run sentio-collect --replay 0
	assert_failure 2
	run sentio-collect --map text
	assert_failure 2
	run sentio-collect --bogus
	assert_failure 2
}

@test "lines of text become records with stable ids, blank lines are skipped" {
	printf 'hello world\n\n  \nsecond "line"\there\r\nno newline' >a.txt
	run sentio-collect a.txt
	assert_success
	ino=$(stat -c %i a.txt)
	assert_equal "${#lines[@]}" 3
	[ "$(jq -r .id <<<"${lines[0]}")" = "file:a.txt:$ino:0" ]
	[ "$(jq -r .id <<<"${lines[1]}")" = "file:a.txt:$ino:16" ]
	[ "$(jq -r .source <<<"${lines[1]}")" = "file:a.txt" ]
	[ "$(jq -r .text <<<"${lines[1]}")" = $'second "line"\there' ]
	[ "$(jq -r .text <<<"${lines[2]}")" = "no newline" ]
	jq -e '.ts | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$")' <<<"${lines[0]}"
	# The same file read again gives the same ids.
	run sentio-collect a.txt
	[ "$(jq -r .id <<<"${lines[2]}")" = "file:a.txt:$ino:36" ]
}

@test "standard input, by default and as -" {
	run sh -c 'printf "a\nb\n" | sentio-collect'
	assert_success
	assert_equal "${#lines[@]}" 2
	[ "$(jq -r .source <<<"${lines[0]}")" = "stdin" ]
	[ "$(jq -r .id <<<"${lines[1]}")" = "stdin:2" ]
	run sh -c 'echo x | sentio-collect -'
	[ "$(jq -r .text <<<"$output")" = "x" ]
}

@test "invalid UTF-8 is repaired, control characters escaped" {
	printf 'caf\xe9 \x01bell\n' >bad.txt
	run sentio-collect --stats bad.txt
	assert_success
	[ "$(jq -r .text <<<"${lines[0]}")" = $'caf\xef\xbf\xbd \x01bell' ]
	[[ "${lines[0]}" == *'\u0001bell'* ]]
}

@test "--ts-from prefix takes the time from the start of a line" {
	printf '2026-11-24T06:15:02Z launch went well\n2026-11-24 07:00:00+01:00  ok\nno time here\n' >log.txt
	run --separate-stderr sentio-collect --ts-from prefix log.txt
	assert_success
	assert_equal "${#lines[@]}" 2
	[ "$(jq -r '.ts + "|" + .text' <<<"${lines[0]}")" = "2026-11-24T06:15:02.000Z|launch went well" ]
	[ "$(jq -r '.ts + "|" + .text' <<<"${lines[1]}")" = "2026-11-24T06:00:00.000Z|ok" ]
	[[ "$stderr" == *"log.txt:3: no RFC 3339 time"* ]]
}

@test "JSON lines with --map; other fields pass through in order; bad lines rejected" {
	cat >in.ndjson <<-'EOF'
	{"body":"hi there","created_at":"2026-11-24T06:00:00+01:00","uuid":"u1","lang":"en","n":1}
	{"body":2}
	[1]
	not json
	{"body":"no id","created_at":1700000000}
	EOF
	run --separate-stderr sentio-collect --map text=body,ts=created_at,id=uuid --rejects rej in.ndjson --stats
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_equal "${lines[0]}" '{"id":"u1","ts":"2026-11-24T05:00:00.000Z","source":"file:in.ndjson","text":"hi there","lang":"en","n":1}'
	[ "$(jq -r .ts <<<"${lines[1]}")" = "2023-11-14T22:13:20.000Z" ]
	[ "$(jq -r .id <<<"${lines[1]}")" = "file:in.ndjson:$(stat -c %i in.ndjson):$(head -n 4 in.ndjson | wc -c)" ]
	assert_equal "$(wc -l <rej)" 3
	[ "$(jq -r .line rej | tr '\n' ' ')" = "2 3 4 " ]
	[[ "$stderr" == *'"in":5,"out":2,"rejected":3,"filtered":0'* ]]
}

@test "CSV: header row, quoted fields with commas, quotes and line ends" {
	printf 'id,text,when,who\r\n1,"multi\nline, with ""quotes""",2026-01-01T00:00:00Z,bob\r\n2,plain,1700000000,"al"\r\n3,short\r\n' >c.csv
	run --separate-stderr sentio-collect --id-column id --time-column when csv:c.csv
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_equal "${lines[0]}" '{"id":"1","ts":"2026-01-01T00:00:00.000Z","source":"csv:c.csv","text":"multi\nline, with \"quotes\"","who":"bob"}'
	assert_equal "${lines[1]}" '{"id":"2","ts":"2023-11-14T22:13:20.000Z","source":"csv:c.csv","text":"plain","who":"al"}'
	[[ "$stderr" == *"c.csv:5: 2 fields where the header has 4"* ]]
}

@test "CSV: --text-column, ids by position, a missing column is an error" {
	printf 'comment,score\nnice,5\n"two\nlines",1\n' >f.csv
	run sentio-collect --text-column comment f.csv
	assert_success
	ino=$(stat -c %i f.csv)
	[ "$(jq -r .id <<<"${lines[1]}")" = "csv:f.csv:$ino:21" ]
	[ "$(jq -r .score <<<"${lines[1]}")" = "1" ]
	run sentio-collect csv:f.csv
	assert_failure 1
	assert_output --partial 'no column "text"'
}

@test "a missing file is a runtime error; the other sources are still read" {
	echo ok >here.txt
	run --separate-stderr sentio-collect nothere.txt here.txt
	assert_failure 1
	[ "$(jq -r .text <<<"$output")" = "ok" ]
	[[ "$stderr" == *"nothere.txt: No such file"* ]]
}

@test "a write error is status 1" {
	echo ok >a.txt
	run sentio-collect a.txt >/dev/full
	run sh -c 'sentio-collect a.txt >/dev/full'
	assert_failure 1
}

@test "--max-records stops after N, and --state resumes after them" {
	seq 1 10 >n.txt
	run sentio-collect --state st -n 4 n.txt
	assert_success
	[ "$(jq -r .text <<<"$output" | tr '\n' ' ')" = "1 2 3 4 " ]
	run sentio-collect --state st -n 4 n.txt
	[ "$(jq -r .text <<<"$output" | tr '\n' ' ')" = "5 6 7 8 " ]
	run sentio-collect --state st n.txt
	[ "$(jq -r .text <<<"$output" | tr '\n' ' ')" = "9 10 " ]
	seq 11 12 >>n.txt
	run sentio-collect --state st n.txt
	[ "$(jq -r .text <<<"$output" | tr '\n' ' ')" = "11 12 " ]
	jq -e '.sources["n.txt"].offset == 27' st
}

@test "--state resumes a CSV file past its header" {
	printf 'text\na\nb\n' >r.csv
	run sentio-collect --state st -n 1 r.csv
	[ "$(jq -r .text <<<"$output")" = "a" ]
	run sentio-collect --state st r.csv
	assert_success
	[ "$(jq -r .text <<<"$output")" = "b" ]
}

@test "the state file is locked: a second run at the same time is refused" {
	echo x >a.txt
	flock st.lock -c 'sentio-collect --state st a.txt; echo "status $?"' >out 2>err
	grep -q "status 1" out
	grep -q "in use by another run" err
	[ ! -e st ]
}

@test "--follow reads through rotation and truncation" {
	: >f.log
	sentio-collect -f --duration 30s f.log >out 2>err &
	pid=$!
	echo one >>f.log
	wait_lines out 1
	echo two >>f.log
	wait_lines out 2
	mv f.log f.log.1
	echo three >f.log
	wait_lines out 3
	: >f.log
	echo four >>f.log
	wait_lines out 4
	kill -TERM $pid
	wait $pid || [ $? -eq 143 ] # ends by the signal
	[ "$(jq -r .text out | tr '\n' ' ')" = "one two three four " ]
	# Ids are unique across files and truncations.
	[ "$(jq -r .id out | sort -u | wc -l)" = 4 ]
	grep -q "rotated" err
	grep -q "truncated" err
}

@test "--follow waits for a file that is not there yet" {
	sentio-collect -f --duration 30s later.log >out 2>/dev/null &
	pid=$!
	sleep 0.2
	echo hello >later.log
	wait_lines out 1
	kill -TERM $pid
	wait $pid || [ $? -eq 143 ] # ends by the signal
	[ "$(jq -r .text out)" = "hello" ]
}

# follow_all: appends (one after a quiet second), a name moved away and
# its file still written, a new file under the name, truncation, a file
# removed and created again, in a directory of its own.
follow_all() {
	mkdir -p logs
	: >logs/f.log
	sentio-collect -f --duration 30s logs/f.log >out 2>err &
	pid=$!
	echo one >>logs/f.log
	wait_lines out 1
	sleep 1.2 # quiet for longer than any poll
	echo two >>logs/f.log
	wait_lines out 2
	mv logs/f.log logs/f.log.1
	echo three >>logs/f.log.1 # no new file yet: the old one is still read
	wait_lines out 3
	echo "four, longer" >logs/f.log
	wait_lines out 4
	: >logs/f.log
	echo five >>logs/f.log
	wait_lines out 5
	rm logs/f.log
	echo six >logs/f.log
	wait_lines out 6
	kill -TERM $pid
	wait $pid || [ $? -eq 143 ] # ends by the signal
	[ "$(jq -r .text out | tr '\n' ' ')" = "one two three four, longer five six " ]
	[ "$(jq -r .id out | sort -u | wc -l)" = 6 ]
	grep -q "rotated" err
	grep -q "truncated" err
}

@test "--follow on inotify: appends, rotation by mv and by rm, truncation" {
	follow_all
}

@test "--follow polling (SENTIO_COLLECT_POLL, as where there is no inotify): the same" {
	SENTIO_COLLECT_POLL=1 follow_all
}

@test "--from-end: existing lines are not written, new ones are; a file that appears later is read whole" {
	printf 'old one\nold two\nhal' >a.txt
	printf '{"text":"old"}\n{"text":"old too"}\n' >b.ndjson
	printf 'text\nuno\n' >c.csv
	sentio-collect -f --duration 30s --from-end --rejects rej a.txt b.ndjson c.csv later.txt >out 2>err &
	pid=$!
	# Sources are opened in order: once later.txt is missed, the others are at their end.
	for ((i = 0; i < 200; i++)); do grep -q "not there yet" err && break; sleep 0.05; done
	echo "later one" >later.txt
	wait_lines out 1
	printf 'f\nnew\n' >>a.txt
	printf '{bad\n{"text":"new json"}\n' >>b.ndjson
	echo dos >>c.csv
	wait_lines out 5
	kill -TERM $pid
	wait $pid || [ $? -eq 143 ] # ends by the signal
	[ "$(jq -r .text out | sort | tr '\n' '|')" = "dos|half|later one|new|new json|" ]
	# Lines are counted from the file's start, for messages and rejects.
	jq -e '.line == 3 and .raw == "{bad"' rej
	# The ids are those of a run over the whole file.
	sentio-collect a.txt >all
	[ "$(jq -r 'select(.text == "new") | .id' out)" = "$(jq -r 'select(.text == "new") | .id' all)" ]
	# Without --follow there is nothing new to read.
	run sentio-collect --from-end a.txt
	assert_success
	assert_output ""
}

@test "--from-end with --state: the state's position wins for the files it names" {
	printf 'one\ntwo\n' >a.txt
	run sentio-collect --state st a.txt
	assert_equal "${#lines[@]}" 2
	echo three >>a.txt
	printf 'b1\nb2\n' >b.txt
	run sentio-collect --from-end --state st a.txt b.txt
	assert_success
	[ "$(jq -r .text <<<"$output")" = three ]
	# b.txt is in the state now, at its end.
	echo b3 >>b.txt
	run sentio-collect --from-end --state st a.txt b.txt
	[ "$(jq -r .text <<<"$output")" = b3 ]
}

@test "SIGTERM ends a run cleanly with the state saved" {
	seq 1 3 >s.log
	sentio-collect -f --state st --output out.ndjson s.log 2>/dev/null &
	pid=$!
	wait_lines out.ndjson 3
	kill -TERM $pid
	wait $pid || [ $? -eq 143 ] # ends by the signal
	jq -e '.sources["s.log"].offset == 6' st
	jq -e ".output_length == $(stat -c %s out.ndjson)" st
}

@test "--duration ends a run" {
	: >d.log
	run sentio-collect -f --duration 300ms d.log
	assert_success
}

@test "--replay paces records by their own times and keeps them all, in order" {
	for i in 0 1 2 3; do echo "{\"text\":\"t$i\",\"ts\":\"2026-01-01T00:00:0${i}.000Z\"}"; done >r.ndjson
	run sentio-collect --replay 20 r.ndjson
	assert_success
	[ "$(jq -r .text <<<"$output" | tr '\n' ' ')" = "t0 t1 t2 t3 " ]
	[ "$(jq -r .ts <<<"${lines[3]}")" = "2026-01-01T00:00:03.000Z" ]
}

@test "--output appends; --state keeps the output's length" {
	echo a >a.txt
	echo old >out.ndjson
	run sentio-collect --output out.ndjson --state st a.txt
	assert_success
	assert_output ""
	assert_equal "$(wc -l <out.ndjson)" 2
	jq -e ".output_length == $(stat -c %s out.ndjson)" st
}

@test "a torn last record is cut and records written after the checkpoint are not repeated" {
	seq 1 5 >a.txt
	sentio-collect --output out.ndjson --state st -n 2 a.txt
	# A crash after the checkpoint: two more records were written, the last one torn.
	sentio-collect a.txt | sed -n 3p >>out.ndjson
	sentio-collect a.txt | sed -n 4p | head -c 20 >>out.ndjson
	run --separate-stderr sentio-collect --output out.ndjson --state st a.txt
	assert_success
	[[ "$stderr" == *"torn"* ]]
	[ "$(jq -r .text out.ndjson | tr '\n' ' ')" = "1 2 3 4 5 " ]
}

@test "killed with -9 at random moments and restarted: no record lost, none repeated" {
	seq -f "line %g of the input" 1 200000 >big.txt
	for i in 1 2 3 4 5 6 7 8; do
		sentio-collect --state st --output out.ndjson big.txt 2>>err &
		pid=$!
		sleep "0.0$((RANDOM % 9 + 1))"
		kill -9 $pid 2>/dev/null || true
		wait $pid 2>/dev/null || true
	done
	run sentio-collect --state st --output out.ndjson big.txt
	assert_success
	ino=$(stat -c %i big.txt)
	# Every line, once, by id.
	[ "$(jq -r .id out.ndjson | sort | uniq -d | wc -l)" = 0 ]
	[ "$(jq -r .id out.ndjson | wc -l)" = 200000 ]
	awk -v p="file:big.txt:$ino:" '{ print p (off + 0); off += length($0) + 1 }' big.txt | sort >want
	jq -r .id out.ndjson | sort >got
	cmp want got
}

@test "messages never carry control characters from the data" {
	printf '{"a":"\033[31m\n' >esc.ndjson
	run --separate-stderr sentio-collect esc.ndjson
	assert_success
	[[ "$stderr" != *$'\033'* ]]
	[[ "$stderr" == *"invalid JSON: control character"* ]]
}

@test "a line over --max-line is rejected and skipped, held or not in the buffer" {
	{ echo short; head -c 3000 /dev/zero | tr '\0' x; echo; echo after; } >long.txt
	run --separate-stderr sentio-collect --max-line 1k --rejects rej long.txt
	assert_success
	[ "$(jq -r .text <<<"$output" | tr '\n' ' ')" = "short after " ]
	[[ "$stderr" == *"long.txt:2: line too long"* ]]
	{ echo short; head -c 2500000 /dev/zero | tr '\0' x; echo; echo after; } >long2.txt
	run --separate-stderr sentio-collect --stats long2.txt
	assert_success
	[ "$(jq -r .text <<<"$output" | tr '\n' ' ')" = "short after " ]
	[[ "$stderr" == *'"in":3,"out":2,"rejected":1'* ]]
}

@test "--format says the format of standard input and unprefixed files" {
	run sh -c 'echo "{\"text\":\"j\",\"k\":1}" | sentio-collect --format json'
	assert_success
	[ "$(jq -r .k <<<"$output")" = 1 ]
	printf 'text\n"a, b"\n' >form
	run sentio-collect --format csv form
	[ "$(jq -r .text <<<"$output")" = "a, b" ]
	run sentio-collect --format xml form
	assert_failure 2
}

@test "--ts-from mtime, and --ts-from FIELD of JSON lines" {
	echo hello >m.txt
	touch -d '2026-01-02T03:04:05Z' m.txt
	run sentio-collect --ts-from mtime m.txt
	[ "$(jq -r .ts <<<"$output")" = "2026-01-02T03:04:05.000Z" ]
	echo '{"text":"x","when":1700000000.5}' >w.ndjson
	run sentio-collect --ts-from when w.ndjson
	[ "$output" = "{\"id\":\"file:w.ndjson:$(stat -c %i w.ndjson):0\",\"ts\":\"2023-11-14T22:13:20.500Z\",\"source\":\"file:w.ndjson\",\"text\":\"x\"}" ]
}

@test "a source given twice is a usage error" {
	echo a >a.txt
	run sentio-collect a.txt a.txt
	assert_failure 2
}

@test "an output that is also a source is a usage error" {
	echo a >same.txt
	run sentio-collect --output same.txt same.txt
	assert_failure 2
	assert_output --partial "read as a source too"
}

@test "--output without --state still cuts a torn last line before appending" {
	printf '{"id":"1"}\n{"id":"2' >out.ndjson
	run --separate-stderr sh -c 'echo x | sentio-collect --output out.ndjson'
	assert_success
	[[ "$stderr" == *"torn"* ]]
	jq -e . out.ndjson >/dev/null
	[ "$(wc -l <out.ndjson)" = 2 ]
}

@test "JSON lines: \\u0000 in a string is taken, as every stage takes it; non-objects named" {
	run --separate-stderr sh -c 'echo '\''{"text":"a\u0000b","x":"\u0000"}'\'' | sentio-collect --stats json:-'
	assert_success
	[ "$(jq -c '[.text, .x]' <<<"$output")" = '["a\u0000b","\u0000"]' ]
	[[ "$stderr" == *'"in":1,"out":1,"rejected":0'* ]]
	printf '%s\n' '[1]' '"s"' 'null' '{"text":"a","text":"b"}' | {
		run --separate-stderr sentio-collect --rejects rej json:-
		assert_success
		[[ "$stderr" == *':1: not a JSON object but an array'* ]]
		[[ "$stderr" == *':2: not a JSON object but a string'* ]]
		[[ "$stderr" == *':3: not a JSON object but null'* ]]
		[[ "$stderr" == *':4: invalid JSON: duplicate object key'* ]]
		[ "$(jq -r .raw rej | tr '\n' ' ')" = '[1] "s" null {"text":"a","text":"b"} ' ]
	}
}

# b64 FILE N: the bytes of the Nth reject's raw_base64.
b64() {
	jq -r "select(.line == $2) | .raw_base64" "$1" | base64 -d
}

@test "a line over --max-line goes whole to the rejects file as raw_base64: text, JSON, CSV" {
	long() { head -c "$1" /dev/zero | tr '\0' "$2"; }
	# Held in the buffer (1k) and streamed past it (2.5 MB), and one without a line end.
	{ echo short; long 3000 x; echo; long 2500000 y; printf '\r\n'; echo after; long 1500000 z; } >t.txt
	run --separate-stderr sentio-collect --stats --max-line 1k --rejects rej t.txt
	assert_success
	[ "$(jq -r .text <<<"$output" | tr '\n' ' ')" = "short after " ]
	[[ "$stderr" == *'"in":5,"out":2,"rejected":3'* ]]
	[[ "$stderr" == *"t.txt:3: line too long (2500001 bytes, --max-line 1024)"* ]]
	[ "$(jq -r .line rej | tr '\n' ' ')" = "2 3 5 " ]
	[ "$(b64 rej 2)" = "$(long 3000 x)" ]
	[ "$(b64 rej 3 | tail -c 2 | od -An -tx1)" = " 79 0d" ]
	[ "$(b64 rej 3 | wc -c)" = 2500001 ]
	[ "$(b64 rej 5)" = "$(long 1500000 z)" ]
	# JSON lines.
	{ printf '{"text":"'; long 2000000 a; printf '"}\n{"text":"ok"}\n'; } >j.ndjson
	run --separate-stderr sentio-collect --stats --rejects rej2 j.ndjson
	assert_success
	[ "$(jq -r .text <<<"$output")" = ok ]
	[ "$(b64 rej2 1)" = "$(head -1 j.ndjson)" ]
	# A CSV record with line ends in quotes, over --max-line: skipped to its real end.
	{ printf 'text,n\n"'; long 2000 b; printf '\n,""\n'; long 2000 c; printf '",1\nok,2\n'; } >c.csv
	run --separate-stderr sentio-collect --stats --max-line 1k --rejects rej3 c.csv
	assert_success
	[ "$(jq -c '[.text, .n]' <<<"$output")" = '["ok","2"]' ]
	[[ "$stderr" == *'"in":2,"out":1,"rejected":1'* ]]
	[ "$(jq .line rej3)" = 2 ]
	[ "$(b64 rej3 2)" = "$(sed -n 2,4p c.csv)" ]
	{ printf 'text,n\n"'; long 2000000 b; printf '\n,""\n'; long 2000 c; printf '",1\nok,2\n'; } >c2.csv
	run --separate-stderr sentio-collect --stats --rejects rej4 c2.csv
	assert_success
	[ "$(jq -c '[.text, .n]' <<<"$output")" = '["ok","2"]' ]
	[[ "$stderr" == *'"in":2,"out":1,"rejected":1'* ]]
	[ "$(b64 rej4 2)" = "$(sed -n 2,4p c2.csv)" ]
	# Without --rejects nothing is kept, and the count is the same.
	run --separate-stderr sentio-collect --stats j.ndjson
	[[ "$stderr" == *'"in":2,"out":1,"rejected":1'* ]]
}

@test "impossible dates are rejected, not moved to the next month: RFC 822, RFC 3339, epoch" {
	# rfc822_parse gave timegm() 31 February, which it moved to 3 March.
	printf '%s\n' 'id,text,when' \
		'1,a,"Tue, 31 Feb 2026 10:00:00 GMT"' \
		'2,b,"Sun, 29 Feb 2026 10:00:00 GMT"' \
		'3,c,"Sat, 29 Feb 2020 10:00:00 GMT"' \
		'4,d,"Tue, 24 Nov 2026 -1:15:02 GMT"' \
		'5,e,"Tue, 31 Apr 2026 10:00:00 GMT"' \
		'6,f,2026-02-29T10:00:00Z' \
		'7,g,2024-02-29T10:00:00Z' \
		'8,h,"Wed, 31 Dec 2025 23:59:60 GMT"' >d.csv
	run --separate-stderr sentio-collect --id-column id --time-column when --stats csv:d.csv
	assert_success
	[ "$(jq -r '.id + " " + .ts' <<<"$output" | tr '\n' ' ')" = "3 2020-02-29T10:00:00.000Z 7 2024-02-29T10:00:00.000Z 8 2025-12-31T23:59:59.000Z " ]
	[[ "$stderr" == *'"in":8,"out":3,"rejected":5'* ]]
	[[ "$stderr" == *"d.csv:2: column when: not a time"* ]]
	# JSON lines and --ts-from FIELD go through the same parser.
	printf '%s\n' '{"text":"a","ts":"2026-02-31T00:00:00Z"}' '{"text":"b","at":"2026-04-31 00:00:00Z"}' >d.ndjson
	run --separate-stderr sentio-collect --stats d.ndjson
	[[ "$stderr" == *'"in":2,"out":1,"rejected":1'* ]]
	run --separate-stderr sentio-collect --stats --ts-from at d.ndjson
	[[ "$stderr" == *'"in":2,"out":1,"rejected":1'* ]]
}

@test "--state leaves an unterminated last line for the next run, a UTF-8 character uncut" {
	printf 'first\nsecond li' >a.txt
	run --separate-stderr sentio-collect --state st a.txt
	assert_success
	assert_equal "${#lines[@]}" 1
	[ "$(jq -r .text <<<"${lines[0]}")" = first ]
	printf 'ne\n' >>a.txt
	run --separate-stderr sentio-collect --state st a.txt
	assert_equal "${#lines[@]}" 1
	[ "$(jq -r .text <<<"${lines[0]}")" = "second line" ]
	# Cut inside a character: never U+FFFD.
	printf 'caf\xc3' >b.txt
	run --separate-stderr sentio-collect --state st2 --stats b.txt
	assert_equal "${#lines[@]}" 0
	[[ "$stderr" == *'"in":0,"out":0'* ]]
	printf '\xa9\n' >>b.txt
	run --separate-stderr sentio-collect --state st2 b.txt
	[ "$(jq -r .text <<<"${lines[0]}")" = "café" ]
	# JSON lines and CSV records wait the same way.
	printf '{"text":"one"}\n{"text":"tw' >c.ndjson
	printf 'text\nuno\n"dos' >c.csv
	run --separate-stderr sentio-collect --state st3 c.ndjson c.csv
	[ "$(jq -r .text <<<"$output" | sort | tr '\n' ' ')" = "one uno " ]
	printf 'o"}\n' >>c.ndjson
	printf ' y tres"\n' >>c.csv
	run --separate-stderr sentio-collect --state st3 c.ndjson c.csv
	[ "$(jq -r .text <<<"$output" | sort | tr '\n' ' ')" = "dos y tres two " ]
	# Without --state the file ends where it ends: its last line is a record.
	printf 'x\ny' >d.txt
	run sentio-collect d.txt
	assert_equal "${#lines[@]}" 2
}

@test "--follow holds an unterminated last line until it is finished" {
	printf 'first\nsecond li' >a.txt
	sentio-collect -f --output out a.txt 2>err &
	pid=$!
	wait_lines out 1
	sleep 0.3 # the half line is read meanwhile, and must be held
	printf 'ne\nthird\n' >>a.txt
	wait_lines out 3
	kill -TERM $pid
	wait $pid || [ $? -eq 143 ] # ends by the signal
	[ "$(jq -r .text out | tr '\n' '|')" = "first|second line|third|" ]
}

@test "CR as the other stages take it: a line of blanks and CR is skipped, a rejected line keeps its CR" {
	printf ' \r \n{"text":"a"}\r\n{bad\r\n\r\n' >c.ndjson
	run --separate-stderr sentio-collect --stats --rejects rej c.ndjson
	assert_success
	assert_equal "${#lines[@]}" 1
	[ "$(jq -r .text <<<"${lines[0]}")" = a ]
	[[ "$stderr" == *'"in":2,"out":1,"rejected":1'* ]]
	jq -e '.line == 3 and .raw == "{bad\r"' rej
	# Text lines: the same blanks skipped; a CR ending a line is not text.
	printf ' \r \nhello\r\n\t\r\n' >c.txt
	run --separate-stderr sentio-collect --stats c.txt
	assert_equal "${#lines[@]}" 1
	[ "$(jq -r .text <<<"${lines[0]}")" = hello ]
	[[ "$stderr" == *'"in":1,"out":1'* ]]
	# A text line rejected (--ts-from prefix) keeps its CR too.
	printf 'no time here\r\n' >p.txt
	run --separate-stderr sentio-collect --ts-from prefix --rejects rej2 p.txt
	jq -e '.raw == "no time here\r"' rej2
	# CSV: a rejected record keeps its CR.
	printf 'text,n\r\na,1\r\nb\r\n' >c.csv
	run --separate-stderr sentio-collect --rejects rej3 c.csv
	assert_equal "${#lines[@]}" 1
	jq -e '.raw == "b\r"' rej3
}

@test "JSON lines: fields collect does not own keep their bytes" {
	printf '%s\n' '{"text":"a","rating":4.1,"e":1e2,"z":-0,"s":"\/","o":{"x" : [1.50, "\u00e9"]}}' >k.ndjson
	run sentio-collect json:k.ndjson
	assert_success
	[[ "$output" == *'"text":"a","rating":4.1,"e":1e2,"z":-0,"s":"\/","o":{"x" : [1.50, "\u00e9"]}}' ]]
	# --map and --ts-from move fields; the others keep their bytes and order.
	printf '%s\n' '{"body":"b","when":1.0e9,"k":1E+2,"id":"x"}' >m.ndjson
	run sentio-collect --map text=body --ts-from when json:m.ndjson
	assert_output '{"id":"x","ts":"2001-09-09T01:46:40.000Z","source":"file:m.ndjson","text":"b","k":1E+2}'
}

@test "times in the wild: epoch ms, us, ns and RFC 2822 in CSV and JSON lines read as RFC 3339" {
	printf '%s\n' 'id,text,when' '1,a,2026-11-24T06:15:02.5Z' '2,b,1795500902.5' '3,c,1795500902500' \
		'4,d,1795500902500000' '5,e,1795500902500000000' '6,f,"Tue, 24 Nov 2026 06:15:02 GMT"' \
		'7,g,-1795500902' '8,h,99999999999' '9,i,0x10' >t.csv
	run --separate-stderr sentio-collect --id-column id --time-column when --stats csv:t.csv
	assert_success
	[ "$(jq -r '.id + " " + .ts' <<<"$output" | tr '\n' ' ')" = "1 2026-11-24T06:15:02.500Z 2 2026-11-24T06:15:02.500Z 3 2026-11-24T06:15:02.500Z 4 2026-11-24T06:15:02.500Z 5 2026-11-24T06:15:02.500Z 6 2026-11-24T06:15:02.000Z " ]
	[[ "$stderr" == *"t.csv:8: column when: not a time: epoch number is negative (before 1970)"* ]]
	[[ "$stderr" == *"t.csv:9: column when: not a time: epoch seconds out of range (after 2262)"* ]]
	[[ "$stderr" == *"t.csv:10: column when: not a time: not an RFC 3339 time, RFC 2822 date or epoch number"* ]]
	printf '%s\n' '{"text":"a","at":1795500902500}' '{"text":"b","at":"Tue, 24 Nov 2026 06:15:02 GMT"}' \
		'{"text":"c","at":1795500902500000000}' >t.ndjson
	run --separate-stderr sentio-collect --ts-from at t.ndjson
	assert_success
	[ "$(jq -r .ts <<<"$output" | tr '\n' ' ')" = "2026-11-24T06:15:02.500Z 2026-11-24T06:15:02.000Z 2026-11-24T06:15:02.500Z " ]
	# The unit said wins over magnitude.
	run --separate-stderr sentio-collect --epoch-unit us --ts-from at t.ndjson
	assert_success
	[ "$(jq -r .ts <<<"$output" | head -1)" = "1970-01-21T18:45:00.902Z" ]
}
