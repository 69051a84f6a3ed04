#!/usr/bin/env bats
# sentio-clean: the stage as a whole: options, the record contract, the
# accounting, big inputs.  The text itself: clean-unicode.bats,
# clean-html.bats, clean-extract.bats, clean-filters.bats, clean-parity.bats.

load helpers
load clean-nolang
bats_require_minimum_version 1.5.0

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# Feed printf's rendering of $1 to sentio-clean with the other arguments.
feed() {
	local fmt=$1
	shift
	printf "$fmt" | sentio-clean "$@"
}

# Is every line of file $1 strict JSON (RFC 8259), an object each?
strict_json() {
	python3 -c '
import json, sys
def no(c):
    raise ValueError(c)
for n, line in enumerate(open(sys.argv[1], "rb").read().split(b"\n")[:-1], 1):
    try:
        v = json.loads(line.decode("utf-8"), parse_constant=no)
        assert isinstance(v, dict)
    except Exception as e:
        sys.exit("line %d: %r: %s" % (n, line[:60], e))' "$1"
}

@test "--help prints the usage and every option on stdout, exit 0" {
	run --separate-stderr sentio-clean --help
	assert_success
	assert_line --index 0 "usage: sentio-clean [options] [file ...]"
	for o in --html --nfkc --strict-utf8 --urls --hashtags --mentions --drop-reposts \
		--dedupe --lang --lang-strict --min-chars --keep-raw --max-line --rejects --stats \
		--strict --help --version; do
		assert_output --partial -- "$o"
	done
	[ -z "$stderr" ]
}

@test "--version names the program" {
	run sentio-clean --version
	assert_success
	assert_output --regexp '^sentio-clean [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "usage errors exit 2 and name the option" {
	run sentio-clean --bogus
	assert_failure 2
	assert_output --partial "usage: sentio-clean"
	run sentio-clean --urls maybe
	assert_failure 2
	assert_output "sentio-clean: --urls: maybe: not drop, keep or token"
	run sentio-clean --html sometimes
	assert_failure 2
	assert_output --partial "sentio-clean: --html:"
	run sentio-clean --hashtags drop
	assert_failure 2
	run sentio-clean --mentions word
	assert_failure 2
	run sentio-clean --dedupe 0
	assert_failure 2
	assert_output "sentio-clean: --dedupe: 0: not a count from 1 to 67108864"
	run sentio-clean --dedupe -5
	assert_failure 2
	run sentio-clean --dedupe 999999999999
	assert_failure 2
	run sentio-clean --min-chars x
	assert_failure 2
	assert_output "sentio-clean: --min-chars: x: not a count over 0"
	run sentio-clean --lang 'en;fr'
	assert_failure 2
	run sentio-clean --lang ,
	assert_failure 2
	run sentio-clean --lang-strict
	assert_failure 2
	assert_output "sentio-clean: --lang-strict: needs --lang"
}

@test "files are read in order, and - is standard input" {
	echo '{"text":"one  1"}' >a
	echo '{"text":"three  3"}' >c
	run sh -c 'echo "{\"text\":\"two  2\"}" | sentio-clean a - c'
	assert_success
	assert_output "$(printf '%s\n' '{"text":"one 1"}' '{"text":"two 2"}' '{"text":"three 3"}')"
}

@test "an unreadable file: status 1 with a message naming it" {
	run sentio-clean missing.ndjson
	assert_failure 1
	assert_output --partial "sentio-clean: missing.ndjson"
}

@test "other fields pass through untouched and in order; added fields go last" {
	run feed '{"id":"7","ts":"2026-11-24T06:15:02Z","text":"hi  #Yay","n":1.5,"user":{"name":"a"},"repost":false}\n'
	assert_success
	assert_output '{"id":"7","ts":"2026-11-24T06:15:02Z","text":"hi Yay","n":1.5,"user":{"name":"a"},"repost":false,"tags":["yay"]}'
}

@test "a record without text passes through as it is" {
	run feed '{"id":"1","body":"  x  "}\n'
	assert_success
	assert_output '{"id":"1","body":"  x  "}'
}

@test "text that is not a string is rejected, with file and line" {
	printf '{"text":"ok"}\n{"text":5}\n{"text":null}\n{"text":["a"]}\n' >in.ndjson
	run --separate-stderr sentio-clean --rejects rej.ndjson in.ndjson
	assert_success
	assert_output '{"text":"ok"}'
	[[ "$stderr" == *"sentio-clean: in.ndjson:2: text is not a string but a number"* ]]
	[[ "$stderr" == *"sentio-clean: in.ndjson:3: text is not a string but null"* ]]
	[[ "$stderr" == *"sentio-clean: in.ndjson:4: text is not a string but an array"* ]]
	run grep -c '"stage":"sentio-clean"' rej.ndjson
	assert_output 3
}

@test "lines that are not JSON objects are rejected" {
	printf '[1,2]\n"text"\n{"text":\n{"a":1,"a":2}\n\n{"text":"ok"}\n' >in.ndjson
	run --separate-stderr sentio-clean --stats in.ndjson
	assert_success
	assert_output '{"text":"ok"}'
	[[ "$stderr" == *"in.ndjson:1: not a JSON object but an array"* ]]
	[[ "$stderr" == *"in.ndjson:2: not a JSON object but a string"* ]]
	[[ "$stderr" == *"in.ndjson:3: invalid JSON"* ]]
	[[ "$stderr" == *"in.ndjson:4: invalid JSON: duplicate object key"* ]]
	[[ "$stderr" == *'"in":5,"out":1,"rejected":4,"filtered":0'* ]]
}

@test "--strict stops at the first rejected input with status 1" {
	run --separate-stderr feed '{"text":"a"}\n{"text":1}\n{"text":"b"}\n' --strict
	assert_failure 1
	assert_output '{"text":"a"}'
}

@test "--keep-raw keeps the original text as text_raw, once" {
	run feed '{"text":"&lt;3  <b>x</b>"}\n{"text":"new","text_raw":"old"}\n' --keep-raw
	assert_success
	assert_line --index 0 '{"text":"<3 x","text_raw":"&lt;3  <b>x</b>"}'
	assert_line --index 1 '{"text":"new","text_raw":"old"}'
}

@test "a text left as it is is written as it was" {
	run feed '{"text":"Good morning :-) <3 :D !!! ?? GREAT"}\n'
	assert_output '{"text":"Good morning :-) <3 :D !!! ?? GREAT"}'
}

@test "the accounting holds: in = out + rejected + filtered, with every kind at once" {
	{
		echo '{"text":"keep me"}'
		echo '{"text":"keep me"}'              # duplicate: filtered
		echo '{"text":"x","lang":"en"}'        # short: filtered
		echo '{"text":"bonjour","lang":"fr"}'  # other language: filtered
		echo '{"text":"again","repost":true}'  # repost: filtered
		echo '{"text":"RT @bob: same"}'        # repost by its text: filtered
		echo 'not json'                        # rejected
		echo '{"text":7}'                      # rejected
		printf '{"text":"bad \377"}\n'         # repaired, out
		echo '{"text":"a <p>b</p> &amp; #c @d https://e.example/f"}'
		echo
		echo '{"id":"no text"}'
	} >mix.ndjson
	run --separate-stderr sentio-clean --stats --dedupe 100 --min-chars 3 --lang en \
		--drop-reposts mix.ndjson
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	local stats
	stats=$(printf '%s\n' "$stderr" | tail -n 1)
	[[ "$stats" == *'"in":11,"out":3,"rejected":2,"filtered":6'* ]] || {
		echo "$stats"
		false
	}
	[[ "$stats" == *'"utf8_repaired":1'* ]]
	[[ "$stats" == *'"filtered_reposts":2,"filtered_duplicates":1,"filtered_lang":1,"filtered_short":2'* ]]
	[[ "$stats" == *'"urls":1,"mentions":1,"tags":1'* ]]
}

@test "a 1 MiB text is cleaned whole" {
	awk 'BEGIN {
		printf "{\"text\":\"";
		for (i = 0; i < 35000; i++) printf "good &amp; <b>bad</b>\\t  ok #t%d ", i % 7;
		printf "\"}\n" }' >big.ndjson
	[ "$(wc -c <big.ndjson)" -gt 1048576 ]
	run sh -c 'sentio-clean --max-line 2M --html always big.ndjson | wc -c'
	assert_success
	[ "$output" -gt 500000 ]
	run sh -c 'sentio-clean --max-line 2M --html always big.ndjson | grep -c "good & bad ok t0 good & bad ok t1"'
	assert_output 1
	# Too long for the default --max-line: rejected, not cut.
	run --separate-stderr sentio-clean --stats big.ndjson
	assert_success
	assert_output ""
	[[ "$stderr" == *"line too long"* ]]
}

@test "endless combining marks: a megabyte line is cleaned in linear time" {
	# "a" and then U+0301 U+0316 for a megabyte, escaped and as UTF-8: a minute
	# or more when normalising sorted the whole run of marks (quadratic).  KILL:
	# on TERM a stage ends only after the record in hand.
	python3 -c '
import sys
n = (1000000 - 20) // 12
sys.stdout.write("{\"text\":\"a" + "\\u0301\\u0316" * n + "\"}\n")
n = (1000000 - 20) // 4
sys.stdout.write("{\"text\":\"a" + "\u0301\u0316" * n + "\"}\n")' >marks.ndjson
	run timeout -s KILL 20 sh -c 'sentio-clean marks.ndjson >out.ndjson'
	assert_success
	run python3 -c '
import json, sys, unicodedata
n = 0
for line in open("out.ndjson", encoding="utf-8"):
    t = json.loads(line)["text"]
    run = longest = 0
    for ch in unicodedata.normalize("NFD", t):
        run = run + 1 if unicodedata.combining(ch) else 0
        longest = max(longest, run)
    assert t[0] == "\u00e1" and longest == 30, (t[:3], longest)
    n += 1
print(n)'
	assert_output 2
}

@test "a closed pipe downstream ends the stage quietly" {
	run sh -c 'yes "{\"text\":\"a  b\"}" | head -n 100000 | sentio-clean | head -n 1'
	assert_success
	assert_output '{"text":"a b"}'
}

@test "a write error is status 1 with a message" {
	[ -w /dev/full ] || skip "no /dev/full"
	run sh -c 'echo "{\"text\":\"x\"}" | sentio-clean >/dev/full'
	assert_failure 1
	assert_output --partial "sentio-clean: write error"
}

@test "no control or escape character reaches the output" {
	run feed '{"text":"a\\u001b[31mred\\u001b[0m \\u009b2J b\\u0007"}\n'
	assert_success
	assert_output '{"text":"a[31mred[0m 2J b"}'
}

@test "a JSON error near a cut UTF-8 sequence or a control byte is reported safely" {
	command -v jq >/dev/null || skip "no jq"
	printf '{"a":"\\u00\303\251"}\n{"text":"\001\033[31m"}\n{"text":"ok"}\n' >in.ndjson
	run --separate-stderr sentio-clean --rejects rej.ndjson in.ndjson
	assert_success
	assert_output '{"text":"ok"}'
	[[ "$stderr" == *"in.ndjson:1: invalid JSON: invalid escape near '\"\\u00?' (column 11)"* ]]
	[[ "$stderr" != *$'\033'* ]]
	run jq -r .error rej.ndjson
	assert_line --index 1 --partial "invalid JSON: control character 0x1"
	[ "${#lines[@]}" -eq 2 ]
}

@test "the rest of the line is kept byte for byte: numbers, spacing, nesting, escapes" {
	run feed '{"a": 0.6000000000000001, "b": 1e5, "user": {"text": "nested  one"}, "text": "top  level", "c": [1, {"text": "x"}], "d": "\\u00e9\\/"}\n'
	assert_success
	assert_output '{"a": 0.6000000000000001, "b": 1e5, "user": {"text": "nested  one"}, "text": "top level", "c": [1, {"text": "x"}], "d": "\u00e9\/"}'
	# added fields go after the last, before the brace
	run feed '{ "text" : "#a  b" , "z" : null }\r\n'
	assert_output '{ "text" : "a b" , "z" : null ,"tags":["a"]}'
}

@test "a key written with escapes is still the text" {
	run feed '{"t\\u0065xt":"a  b","n":1}\n'
	assert_success
	assert_output '{"text":"a b","n":1}'
}

@test "a clean text written with escapes is re-escaped as needed" {
	run feed '{"text":"say \\"hi\\"  \\\\ back\\/slash"}\n'
	assert_output '{"text":"say \"hi\" \\ back/slash"}'
}

@test "arrays that are null or the record's own are merged in place" {
	run feed '{"tags":null,"text":"#a","mentions":["x"]}\n{"tags":["b"],"text":"#a @x @y","n":2}\n'
	assert_line --index 0 '{"tags":["a"],"text":"a","mentions":["x"]}'
	assert_line --index 1 '{"tags":["b","a"],"text":"a","n":2,"mentions":["x","y"]}'
}

@test "fields clean does not write keep their bytes when it merges into the arrays" {
	# Merging into tags, urls or mentions wrote the record again with
	# jansson: 4.0999999999999996, 100.0, 0, "/".
	printf '%s\n' \
		'{"text":"a #x","rating":4.1,"e":1e2,"z":-0,"s":"\/","tags":["y"]}' \
		'{"t\u0065xt":"a #x  @m https://x.example/","e":1e2,"tags":null,"m\u0065ntions":["n"],"urls" : [ ]}' \
		'{"text":"#X #y","tags":[ "Y" , 1.10, "\/z", "y", {"a" : 1e0} ] , "n":1.0}' \
		'{"t\u0065xt":"a #x","e":1e2,"tags":["x"]}' >in.ndjson
	run sentio-clean in.ndjson
	assert_success
	assert_line --index 0 '{"text":"a x","rating":4.1,"e":1e2,"z":-0,"s":"\/","tags":["y","x"]}'
	assert_line --index 1 '{"text":"a x","e":1e2,"tags":["x"],"mentions":["n","m"],"urls" : ["https://x.example/"]}'
	# The record's own elements as they were written, but a tag in lower case, once.
	assert_line --index 2 '{"text":"X y","tags":["y",1.10,"\/z",{"a" : 1e0},"x"] , "n":1.0}'
	assert_line --index 3 '{"text":"a x","e":1e2,"tags":["x"]}'
	[ "${#lines[@]}" -eq 4 ]
}

@test "a NUL byte after a value is rejected, in every path; what goes out is strict JSON" {
	# Written as they came (nothing to clean, or no text), with the text
	# spliced in, with arrays merged, nested: each came out with its NUL.
	printf '%s\n' '{"text":"good","a":0@,"b":1}' '{"text":"go  od","a":0@,"b":1}' \
		'{"text":"#x","a":1.5@,"b":1,"tags":[]}' '{"a":true@}' '{"text":"x","a":[1@]}' \
		'{"text":"x","a":{"b":null@}}' '{"text":"fine  ","n":-0}' | tr @ '\000' >in.ndjson
	run --separate-stderr sentio-clean --stats --rejects rej.ndjson in.ndjson
	assert_success
	assert_output '{"text":"fine","n":-0}'
	[[ "$stderr" == *'"in":7,"out":1,"rejected":6'* ]]
	sentio-clean in.ndjson >out.ndjson 2>/dev/null
	strict_json out.ndjson
	[ "$(wc -l <rej.ndjson)" -eq 6 ]
}

@test "pathological megabyte lines are cleaned in one pass" {
	command -v jq >/dev/null || skip "no jq"
	# Each would take minutes if any step rescanned the text for each item.
	awk 'BEGIN {
		printf "{\"text\":\""; for (i = 0; i < 25000; i++) printf "#t%d @u%d https://x.example/%d ", i, i, i; print "\"}"
		printf "{\"text\":\"https://a"; for (i = 0; i < 500000; i++) printf ")"; print " x\"}"
		printf "{\"text\":\"<p>"; for (i = 0; i < 300000; i++) printf "<a<!--&#9"; print "\"}"
		printf "{\"text\":\"#x\",\"tags\":["; for (i = 0; i < 100000; i++) printf "\"T%d\",", i; print "\"t5\"]}"
	}' >evil.ndjson
	run sh -c 'sentio-clean --max-line 4M evil.ndjson | jq -c "[(.urls | length), (.mentions | length), (.tags | length), (.text | length)]"'
	assert_success
	[ "${#lines[@]}" -eq 4 ]
	# t0 t1 ... t24999: mentions and URLs gone
	assert_line --index 0 "[25000,25000,25000,$((2 * 10 + 3 * 90 + 4 * 900 + 5 * 9000 + 6 * 15000 + 24999))]"
	assert_line --index 1 "[1,0,0,500002]"
	assert_line --index 2 "[0,0,0,$((300000 * 7 - 1))]"
	assert_line --index 3 "[0,0,100001,1]"
}

@test "strings around the text keep their bytes whatever their escapes' offsets" {
	# The writer skips the record's other strings eight bytes at a time:
	# an escaped quote, a backslash or a \u escape at any offset in a chunk
	# must end (or not end) the string exactly where JSON says.
	: >in.ndjson
	for off in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do
		pad=$(printf '%*s' "$off" '' | tr ' ' 'a')
		printf '{"a":"%s\\"}{","text":"x  #y","b":"%s\\\\","c":"%s\\u00e9bbbbbbbbb\\"","tags":["%s\\""]}\n' \
			"$pad" "$pad" "$pad" "$pad" >>in.ndjson
	done
	run sentio-clean in.ndjson
	assert_success
	[ "${#lines[@]}" -eq 18 ]
	for off in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do
		pad=$(printf '%*s' "$off" '' | tr ' ' 'a')
		assert_line --index "$off" "$(printf '{"a":"%s\\"}{","text":"x y","b":"%s\\\\","c":"%s\\u00e9bbbbbbbbb\\"","tags":["%s\\"","y"]}' \
			"$pad" "$pad" "$pad" "$pad")"
	done
}
