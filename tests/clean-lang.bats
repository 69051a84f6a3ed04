#!/usr/bin/env bats
# sentio-clean: the language of each text, by CLD2 (--detect-lang), and
# --lang on the result.  tests/clean/lang-short.tsv is the short-post set
# the README's accuracy figures come from.

load helpers
bats_require_minimum_version 1.5.0

setup() {
	cd "$BATS_TEST_TMPDIR"
}

stats_line() {
	printf '%s\n' "$stderr" | tail -n 1
}

DE='Endlich funktioniert die Synchronisierung, danke an alle!'
FR='Enfin la synchronisation marche, merci à tous !'
EN='Finally the sync works again, thanks to everyone who helped!'

@test "a record without lang gets the language of its text: de, fr, en; und when unsure" {
	printf '{"n":1,"text":"%s"}\n' "$DE" "$FR" "$EN" ok >in.ndjson
	run sentio-clean in.ndjson
	assert_success
	assert_output "$(printf '%s\n' \
		"{\"n\":1,\"text\":\"$DE\",\"lang\":\"de\"}" \
		"{\"n\":1,\"text\":\"$FR\",\"lang\":\"fr\"}" \
		"{\"n\":1,\"text\":\"$EN\",\"lang\":\"en\"}" \
		'{"n":1,"text":"ok","lang":"und"}')"
}

@test "detection reads the clean text: URLs, mentions and markup do not count" {
	printf '{"text":"<p>%s https://example.org/the/english/words/here @someone</p>"}\n' "$DE" |
		sentio-clean | jq -e '.lang == "de"'
}

@test "--detect-lang never keeps the behaviour of before: no lang added" {
	printf '{"n":1,"text":"%s"}\n' "$DE" "$FR" >in.ndjson
	run sentio-clean --detect-lang never in.ndjson
	assert_output "$(cat in.ndjson)"
	run sentio-clean --detect-lang never --lang en in.ndjson
	assert_output "$(cat in.ndjson)"
}

@test "auto keeps the source's own lang; always replaces it in place; null or empty is no lang" {
	printf '%s\n' "{\"lang\":\"fr\", \"text\":\"$DE\",\"x\":1}" \
		"{\"l\\u0061ng\":null,\"text\":\"$DE\"}" "{\"lang\":\"\",\"text\":\"$EN\"}" >in.ndjson
	run sentio-clean in.ndjson
	assert_output "$(printf '%s\n' "{\"lang\":\"fr\", \"text\":\"$DE\",\"x\":1}" \
		"{\"lang\":\"de\",\"text\":\"$DE\"}" "{\"lang\":\"en\",\"text\":\"$EN\"}")"
	run sentio-clean --detect-lang always in.ndjson
	assert_output "$(printf '%s\n' "{\"lang\":\"de\", \"text\":\"$DE\",\"x\":1}" \
		"{\"lang\":\"de\",\"text\":\"$DE\"}" "{\"lang\":\"en\",\"text\":\"$EN\"}")"
	# A lang that is right already is not written again.
	printf '{"lang" : "de" ,"text":"%s"}\n' "$DE" >same.ndjson
	run sentio-clean --detect-lang always same.ndjson
	assert_output "$(cat same.ndjson)"
}

@test "--lang en drops a French text without a lang tag; und is kept unless --lang-strict" {
	printf '%s\n' "{\"n\":1,\"text\":\"$FR\"}" "{\"n\":2,\"text\":\"$EN\"}" \
		'{"n":3,"text":"ok"}' '{"n":4}' "{\"n\":5,\"text\":\"$FR\",\"lang\":\"en\"}" >in.ndjson
	run --separate-stderr sentio-clean --lang en --stats in.ndjson
	assert_success
	assert_output "$(printf '%s\n' "{\"n\":2,\"text\":\"$EN\",\"lang\":\"en\"}" \
		'{"n":3,"text":"ok","lang":"und"}' '{"n":4}' "{\"n\":5,\"text\":\"$FR\",\"lang\":\"en\"}")"
	[[ "$(stats_line)" == *'"in":5,"out":4,"rejected":0,"filtered":1,'* ]]
	[[ "$(stats_line)" == *'"filtered_lang":1,'* ]]
	[[ "$(stats_line)" == *'"lang_detected":2,"lang_und":1'* ]]

	run --separate-stderr sentio-clean --lang en --lang-strict --stats in.ndjson
	assert_output "$(printf '%s\n' "{\"n\":2,\"text\":\"$EN\",\"lang\":\"en\"}" \
		"{\"n\":5,\"text\":\"$FR\",\"lang\":\"en\"}")"
	[[ "$(stats_line)" == *'"in":5,"out":2,"rejected":0,"filtered":3,'* ]]

	# always: the text decides, not the tag.
	run --separate-stderr sentio-clean --lang en --detect-lang always --stats in.ndjson
	assert_output "$(printf '%s\n' "{\"n\":2,\"text\":\"$EN\",\"lang\":\"en\"}" \
		'{"n":3,"text":"ok","lang":"und"}' '{"n":4}')"
	[[ "$(stats_line)" == *'"in":5,"out":3,"rejected":0,"filtered":2,'* ]]
}

@test "--detect-lang takes auto, always or never" {
	run --separate-stderr sentio-clean --detect-lang sometimes </dev/null
	assert_failure 2
	[ "$stderr" = "sentio-clean: --detect-lang: sometimes: not auto, always or never" ]
}

@test "short posts of 5 to 15 words in 9 languages: 95% or more right, none wrong (und at most)" {
	local set=$BATS_TEST_DIRNAME/clean/lang-short.tsv
	# The set is what it says: 15 posts a language, of 5 to 15 words (Japanese has no spaces).
	run awk -F'\t' '!/^#/ && $1 != "ja" { n = split($2, w, " "); if (n < 5 || n > 15) print }' "$set"
	assert_output ''
	[ "$(grep -vc '^#' "$set")" -eq 135 ]
	grep -v '^#' "$set" | jq -R -c 'split("\t") | {want: .[0], text: .[1]}' >in.ndjson
	sentio-clean in.ndjson >out.ndjson
	run jq -s -r '[.[] | select(.lang == .want)] | length' out.ndjson
	[ "$output" -ge 129 ] # 95% of 135
	run jq -c 'select(.lang != .want and .lang != "und")' out.ndjson
	assert_output ''
}
