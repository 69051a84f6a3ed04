#!/usr/bin/env bats
# sentio-score: a record in another language is never scored with English
# words: passed on unscored, counted; --any-lang scores everything.

load helpers
bats_require_minimum_version 1.5.0

setup() {
	cd "$BATS_TEST_TMPDIR"
}

DE='Endlich funktioniert die Synchronisierung, danke!'

@test "score: German text gets de from clean and is not scored (no -0.636 for \"die\")" {
	printf '{"text":"%s"}\n' "$DE" >in.ndjson
	run --separate-stderr sh -c 'sentio-clean in.ndjson | sentio-score --stats'
	assert_success
	assert_output "{\"text\":\"$DE\",\"lang\":\"de\",\"sentiment\":{\"model\":\"vader\",\"unscored\":\"de\"}}"
	[[ "$stderr" == *'"in":1,"out":1,"rejected":0,"filtered":0,'*'"unscored":1}' ]]
	# without clean's lang, as before: English words read in a German text
	run sentio-score in.ndjson
	assert_output --partial '"compound":-0.636,'
}

@test "score: en, en-GB, und, an empty, null or missing lang are scored; others are not" {
	printf '{"n":%d,"text":"good"%s}\n' 1 ',"lang":"en"' 2 ',"lang":"EN-gb"' 3 ',"lang":"und"' \
		4 ',"lang":""' 5 ',"lang":null' 6 '' 7 ',"lang":"fr"' 8 ',"lang":"pt-BR"' \
		9 ',"lang":"eng"' 10 ',"lang":"enx"' >in.ndjson
	run --separate-stderr sentio-score --stats in.ndjson
	assert_success
	run jq -c '[.n, (.sentiment.compound // .sentiment.unscored)]' <<<"$output"
	assert_output "$(printf '%s\n' '[1,0.4404]' '[2,0.4404]' '[3,0.4404]' '[4,0.4404]' '[5,0.4404]' \
		'[6,0.4404]' '[7,"fr"]' '[8,"pt-BR"]' '[9,"eng"]' '[10,"enx"]')"
	[[ "$stderr" == *'"in":10,"out":10,"rejected":0,"filtered":0,'*'"unscored":4}' ]]
}

@test "score: --any-lang scores every language, as before" {
	printf '{"text":"%s","lang":"de"}\n' "$DE" >in.ndjson
	run --separate-stderr sentio-score --any-lang --stats in.ndjson
	assert_output "{\"text\":\"$DE\",\"lang\":\"de\",\"sentiment\":{\"model\":\"vader\",\"compound\":-0.636,\"pos\":0.0,\"neu\":0.488,\"neg\":0.512,\"label\":\"negative\"}}"
	[[ "$stderr" == *'"unscored":0}' ]]
	run sentio-score --model textblob in.ndjson
	assert_output "{\"text\":\"$DE\",\"lang\":\"de\",\"sentiment\":{\"model\":\"textblob\",\"unscored\":\"de\"}}"
}

@test "score: the fast path and jansson's agree on lang: escapes, replaced output, rejects" {
	# An escaped key elsewhere in the line sends it to jansson; the same line
	# without it stays on the scanner.  Both must write the same.
	local lines=(
		'{"text":"good","lang":"d\u0065"}'
		'{"lang":"fr","text":"good","sentiment":{"old":1}}'
		'{"text":"good","lang":"\u0065n"}'
		'{"text":"good","lang":7}'
		'{"text":"good","lang":"x\"y"}'
		'{"lang":"de"}'
		'{"lang":"de","text":3}'
	)
	for l in "${lines[@]}"; do
		printf '%s\n' "$l" >>fast.ndjson
		printf '{"k\\u0065y":0,%s\n' "${l#\{}" >>slow.ndjson
	done
	run --separate-stderr sentio-score --stats fast.ndjson
	local fast=$output fast_err=$stderr
	run --separate-stderr sentio-score --stats slow.ndjson
	assert_equal "$(sed 's/^{"k\\u0065y":0,/{/' <<<"$output")" "$fast"
	assert_equal "$(sed 's/slow/fast/; s/"seconds".*//' <<<"$stderr")" "$(sed 's/"seconds".*//' <<<"$fast_err")"
	assert_equal "$(jq -c .sentiment <<<"$fast")" "$(printf '%s\n' '{"model":"vader","unscored":"de"}' \
		'{"model":"vader","unscored":"fr"}' \
		'{"model":"vader","compound":0.4404,"pos":1.0,"neu":0.0,"neg":0.0,"label":"positive"}' \
		'{"model":"vader","compound":0.4404,"pos":1.0,"neu":0.0,"neg":0.0,"label":"positive"}' \
		'{"model":"vader","unscored":"x\"y"}' | jq -c .)"
	[[ "$fast_err" == *'"in":7,"out":5,"rejected":2,"filtered":0,'*'"unscored":3}' ]]
}

@test "pipeline: German, French, Portuguese, Japanese and English posts without lang: only English counts" {
	{
		echo "{\"ts\":\"2026-01-01T00:00:01Z\",\"text\":\"$DE\"}"
		echo '{"ts":"2026-01-01T00:00:02Z","text":"Cette mise à jour a tout cassé, je suis vraiment déçu."}'
		echo '{"ts":"2026-01-01T00:00:03Z","text":"Esta atualização estragou tudo, estou muito chateado."}'
		echo '{"ts":"2026-01-01T00:00:04Z","text":"このアップデートで全部壊れた、本当にがっかりだ。"}'
		echo '{"ts":"2026-01-01T00:00:05Z","text":"I love the new release, great work everyone!"}'
	} >posts.ndjson
	sentio-clean posts.ndjson | sentio-score >scored.ndjson
	run jq -r '.lang + " " + (.sentiment.unscored // (.sentiment.compound | tostring))' scored.ndjson
	assert_output "$(printf '%s\n' 'de de' 'fr fr' 'pt pt' 'ja ja' 'en 0.8622')"
	run sentio-window --size 1m scored.ndjson
	assert_output --partial '"count":1,"unscored":4,"sum":0.8622,"mean":0.8622,'
}
