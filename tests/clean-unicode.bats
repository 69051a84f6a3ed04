#!/usr/bin/env bats
# sentio-clean: invalid UTF-8, JSON escapes, controls, invisible
# characters, emoji sequences, white space, NFC and NFKC.

load helpers
load clean-nolang
bats_require_minimum_version 1.5.0

R=$'\xef\xbf\xbd' # U+FFFD

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# Feed printf's rendering of $1 to sentio-clean with the other arguments.
feed() {
	local fmt=$1
	shift
	printf "$fmt" | sentio-clean "$@"
}

# The text of a record whose text holds the bytes printf makes of $1.
text_of() {
	local bytes=$1
	shift
	printf "{\"text\":\"$bytes\"}\n" | sentio-clean "$@"
}

@test "invalid UTF-8: overlong forms become U+FFFD" {
	run text_of 'a\300\257b\340\200\257c\301\277d'
	assert_success
	assert_output "{\"text\":\"a$R${R}b$R$R${R}c$R${R}d\"}"
}

@test "invalid UTF-8: encoded surrogates become U+FFFD" {
	run text_of 'a\355\240\200b\355\277\277c'
	assert_output "{\"text\":\"a$R$R${R}b$R$R${R}c\"}"
}

@test "invalid UTF-8: truncated sequences become one U+FFFD each" {
	run text_of 'a\342\202 b\360\237\230 c\342\202'
	assert_output "{\"text\":\"a$R b$R c$R\"}"
}

@test "invalid UTF-8: stray continuation bytes become U+FFFD" {
	run text_of 'a\200b\277\277c'
	assert_output "{\"text\":\"a${R}b$R${R}c\"}"
}

@test "invalid UTF-8: 0xFE, 0xFF and code points beyond U+10FFFF become U+FFFD" {
	run text_of 'a\376b\377c\364\220\200\200d\370\210\200\200\200e'
	assert_output "{\"text\":\"a${R}b${R}c$R$R$R${R}d$R$R$R$R${R}e\"}"
}

@test "invalid UTF-8 outside the text is repaired too, and counted once a record" {
	run --separate-stderr feed '{"text":"\377","who":"\300x"}\n{"text":"ok"}\n' --stats
	assert_success
	assert_line --index 0 "{\"text\":\"$R\",\"who\":\"${R}x\"}"
	[[ "$stderr" == *'"in":2,"out":2,"rejected":0,"filtered":0'* ]]
	[[ "$stderr" == *'"utf8_repaired":1'* ]]
}

@test "--strict-utf8 rejects each class of invalid UTF-8 instead" {
	printf '{"text":"a\300\257"}\n{"text":"\355\240\200"}\n{"text":"\342\202"}\n{"text":"\200"}\n{"text":"\376\377"}\n{"text":"fine"}\n' >in.ndjson
	run --separate-stderr sentio-clean --strict-utf8 --stats --rejects rej.ndjson in.ndjson
	assert_success
	assert_output '{"text":"fine"}'
	[[ "$stderr" == *"in.ndjson:1: invalid UTF-8 (byte 0xc0 at column 11)"* ]]
	[[ "$stderr" == *"in.ndjson:5: invalid UTF-8 (byte 0xfe at column 10)"* ]]
	[[ "$stderr" == *'"in":6,"out":1,"rejected":5'* ]]
	# The rejects keep the bytes exactly, as base64.
	run grep -c raw_base64 rej.ndjson
	assert_output 5
}

@test "a JSON lone surrogate escape becomes U+FFFD; a pair is a character" {
	command -v jq >/dev/null || skip "no jq"
	run --separate-stderr feed '{"text":"a\\uD800b\\udc00c\\uD83D\\uDE00d\\uD83Dx"}\n' --stats
	assert_success
	[ "$(printf '%s\n' "$output" | jq -r .text)" = "a${R}b${R}c😀d${R}x" ]
	[[ "$stderr" == *'"utf8_repaired":1'* ]]
	# An escaped backslash is no escape.
	run feed '{"text":"a\\\\uD800"}\n'
	assert_output '{"text":"a\\uD800"}'
	# --strict-utf8 rejects it.
	run --separate-stderr feed '{"text":"a\\uD800"}\n' --strict-utf8
	assert_output ""
	[[ "$stderr" == *"<stdin>:1: invalid JSON: invalid Unicode"* ]]
}

@test "JSON \\u0000 in the text is dropped" {
	run feed '{"text":"a\\u0000b \\u0000 c\\u0000"}\n'
	assert_success
	assert_output '{"text":"ab c"}'
}

@test "control characters go; tab, newline and the other separators become spaces" {
	run feed '{"text":"a\\tb\\nc\\r\\nd\\u000be\\u000cf\\u001fg\\u0085h\\u2028i\\u2029j"}\n'
	assert_output '{"text":"a b c d e f g h i j"}'
	run feed '{"text":"a\\u0001\\u0007\\u0008\\u001b\\u007f\\u0080\\u009b\\u009fb"}\n'
	assert_output '{"text":"ab"}'
}

@test "bidi controls and overrides go" {
	run feed '{"text":"pay \\u202Egnp.exe\\u202C \\u202Aa\\u202Bb\\u202Dc \\u2066d\\u2067e\\u2068f\\u2069 \\u200Eg\\u200Fh\\u061Ci"}\n'
	assert_output '{"text":"pay gnp.exe abc def ghi"}'
}

@test "zero-width characters go" {
	run feed '{"text":"\\uFEFFzero\\u200Bwidth\\u200Cjoin\\u2060er soft\\u00ADhyphen"}\n'
	assert_output '{"text":"zerowidthjoiner softhyphen"}'
}

@test "emoji with ZWJ sequences and skin tones pass whole" {
	# family, rainbow flag, woman technologist with skin tone, thumbs up with skin tone
	local fam=$'\U1F468\u200D\U1F469\u200D\U1F467' flag=$'\U1F3F3\uFE0F\u200D\U1F308'
	local tech=$'\U1F469\U1F3FD\u200D\U1F4BB' thumbs=$'\U1F44D\U1F3FF' heart=$'\u2764\uFE0F'
	run text_of "$fam $flag $tech $thumbs $heart"
	assert_output "{\"text\":\"$fam $flag $tech $thumbs $heart\"}"
}

@test "a zero-width joiner outside an emoji sequence goes" {
	local smile=$'\U1F600'
	run feed "{\"text\":\"a\\\\u200Db \\\\u200D $smile\\\\u200D x\\\\u200D$smile\"}\\n"
	assert_output "{\"text\":\"ab $smile x$smile\"}"
}

@test "white space runs collapse to one space; ends are trimmed" {
	run feed '{"text":"  \\u00A0a \\u00A0\\u2003 b\\u3000c\\u202F\\u205F d\\t\\n  "}\n'
	assert_output '{"text":"a b c d"}'
	run feed '{"text":" \\t\\n "}\n'
	assert_output '{"text":""}'
}

@test "NFC by default" {
	# e + combining acute, A + ring + acute (Ǻ), Hangul jamo
	run feed '{"text":"caf\\u0065\\u0301 \\u0041\\u030a\\u0301 \\u1100\\u1161\\u11a8"}\n'
	assert_output "$(printf '{"text":"caf\303\251 \307\272 \352\260\201"}')"
	# compatibility characters stay
	run text_of '\357\254\201 \342\221\240 \357\274\241'
	assert_output "$(printf '{"text":"\357\254\201 \342\221\240 \357\274\241"}')"
}

@test "--nfkc folds compatibility characters" {
	run text_of '\357\254\201 \342\221\240 \357\274\241 e\314\201' --nfkc
	assert_output "$(printf '{"text":"fi 1 A \303\251"}')"
	# a compatibility mapping that makes a space does not leave two
	run feed '{"text":"a \\u00A8 b"}\n' --nfkc
	assert_output "$(printf '{"text":"a \314\210 b"}')"
}

@test "--nfkc: a zero-width joiner before what NFKC makes letters goes, so cleaning twice changes nothing" {
	# tests/fuzz/KNOWN-BUGS 6 (seed clean/known-nfkc-zwj): man, ZWJ, U+203C
	# (a pictograph, so the joiner was kept) which NFKC makes "!!".
	run text_of '\360\237\221\250\342\200\215\342\200\274' --nfkc
	assert_output "$(printf '{"text":"\360\237\221\250!!"}')"
	run sentio-clean --nfkc <<<"$output"
	assert_output "$(printf '{"text":"\360\237\221\250!!"}')"
	# A joiner still between pictographs after NFKC stays.
	run text_of '\360\237\221\250\342\200\215\342\200\274\342\200\215\360\237\221\251 \360\237\221\250\342\200\215\360\237\221\251' --nfkc
	assert_output "$(printf '{"text":"\360\237\221\250!!\360\237\221\251 \360\237\221\250\342\200\215\360\237\221\251"}')"
}

@test "emoticons, emoji, capitals and punctuation runs pass untouched" {
	run feed '{"text":"GREAT!!! :-) :) :D <3 </3 :( ;-) :P XD ^_^ o_O =) ??? ?!? $$$ 100%% \\ud83d\\ude02\\ud83d\\udc4d"}\n'
	# Nothing changed: the line goes out as it came, escapes and all.
	assert_output '{"text":"GREAT!!! :-) :) :D <3 </3 :( ;-) :P XD ^_^ o_O =) ??? ?!? $$$ 100% \ud83d\ude02\ud83d\udc4d"}'
	run feed '{"text":"GREAT!!!  :-) \\ud83d\\ude02"}\n'
	assert_output '{"text":"GREAT!!! :-) 😂"}'
}

@test "invisible characters removed are counted in --stats" {
	run --separate-stderr feed '{"text":"a\\u200Bb\\u202Ec\\u0007"}\n' --stats
	assert_output '{"text":"abc"}'
	[[ "$stderr" == *'"invisible_removed":3'* ]]
}

@test "more than 30 combining marks in a row get a grapheme joiner (stream-safe text, UAX #15)" {
	local acute=$'\u0301' cgj=$'\u034f' a31='' a29='' k
	for ((k = 0; k < 31; k++)); do a31+='\\u0301'; done
	for ((k = 0; k < 29; k++)); do a29+=$acute; done
	# a and the first acute compose; the joiner goes after the 30th mark.
	run text_of "a$a31 x"
	assert_output "{\"text\":\"$(printf '\303\241')$a29$cgj$acute x\"}"
	run sentio-clean <<<"$output"
	assert_output "{\"text\":\"$(printf '\303\241')$a29$cgj$acute x\"}"
	# Thirty stay as they are; a space or a letter starts the count again.
	run text_of "o${a31#\\\\u0301} o${a31#\\\\u0301}"
	[[ "$output" != *$cgj* ]]
	# Counted as NFKD has them: U+0344 is two marks, U+00E9 a letter and one.
	local dt=''
	for ((k = 0; k < 16; k++)); do dt+='\\u0344'; done
	run text_of "a$dt" --nfkc
	[ "$(grep -o $cgj <<<"$output" | wc -l)" -eq 1 ]
	run text_of "x\\u00e9${a31#\\\\u0301}"
	[ "$(grep -o $cgj <<<"$output" | wc -l)" -eq 1 ]
}
