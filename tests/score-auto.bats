#!/usr/bin/env bats
# sentio-score --model auto: VADER for English (and a missing lang or
# und), Pattern 2.6's own lexicons for French, Italian and Dutch; every
# other language passed on unscored.  The numbers in tests/score/auto-cases.tsv
# are what Python Pattern 2.6 (Debian's python3-pattern) prints for each
# text (repr of pattern.text.<lang>.sentiment(text)); the full-corpus parity
# is `make parity-pattern` (score/pattern-parity.py), which needs Pattern.

load helpers
bats_require_minimum_version 1.5.0

setup() {
	cd "$BATS_TEST_DIRNAME/score"
}

# model polarity subjectivity of each output line
triples() {
	sed -E 's/.*"sentiment":\{"model":"([^"]*)","polarity":([^,]*),"subjectivity":([^,]*),.*/\1 \2 \3/'
}

@test "auto: French, Italian and Dutch texts score as Python Pattern 2.6 scores them" {
	cut -f1 auto-cases.tsv >"$BATS_TEST_TMPDIR/in.ndjson"
	run sentio-score --model auto "$BATS_TEST_TMPDIR/in.ndjson"
	assert_success
	run triples <<<"$output"
	assert_output "$(cut -f2 auto-cases.tsv)"
}

@test "auto: the slow path (escaped keys) scores as the fast path" {
	# an escaped key sends every line through jansson
	cut -f1 auto-cases.tsv | sed 's/^{"text"/{"\\u0074ext"/' >"$BATS_TEST_TMPDIR/in.ndjson"
	run sentio-score --model auto "$BATS_TEST_TMPDIR/in.ndjson"
	assert_success
	run triples <<<"$output"
	assert_output "$(cut -f2 auto-cases.tsv)"
}

@test "auto: the model follows lang; English, und and no lang go to VADER; others unscored" {
	printf '{"n":%d,"text":"bon good goed buono"%s}\n' 1 ',"lang":"en"' 2 ',"lang":"fr"' \
		3 ',"lang":"fr-CA"' 4 ',"lang":"IT"' 5 ',"lang":"nl_BE"' 6 ',"lang":"und"' 7 '' \
		8 ',"lang":"de"' 9 ',"lang":"fra"' >"$BATS_TEST_TMPDIR/in.ndjson"
	run --separate-stderr sentio-score --model auto --stats "$BATS_TEST_TMPDIR/in.ndjson"
	assert_success
	run jq -c '[.n, .sentiment.model, (.sentiment.compound // .sentiment.polarity // .sentiment.unscored)]' <<<"$output"
	assert_output "$(printf '%s\n' '[1,"vader",0.4404]' '[2,"pattern-fr",0.7]' '[3,"pattern-fr",0.7]' \
		'[4,"pattern-it",0.4166666666666667]' '[5,"pattern-nl",0.55]' '[6,"vader",0.4404]' '[7,"vader",0.4404]' \
		'[8,"auto","de"]' '[9,"auto","fra"]')"
	[[ "$stderr" == *'"in":9,"out":9,"rejected":0,"filtered":0,'*'"unscored":2}' ]]
}

@test "auto: --any-lang scores other languages with VADER; French still with Pattern" {
	printf '{"text":"gut","lang":"de"}\n{"text":"bon","lang":"fr"}\n' >"$BATS_TEST_TMPDIR/in.ndjson"
	run sentio-score --model auto --any-lang "$BATS_TEST_TMPDIR/in.ndjson"
	assert_success
	run jq -c '.sentiment.model' <<<"$output"
	assert_output "$(printf '%s\n' '"vader"' '"pattern-fr"')"
}

@test "auto: the German \"die\" is never read as English, French is never read as English" {
	printf '{"text":"Endlich funktioniert die Synchronisierung, danke!","lang":"de"}\n{"text":"pas mal du tout","lang":"fr"}\n' >"$BATS_TEST_TMPDIR/in.ndjson"
	run sentio-score --model auto "$BATS_TEST_TMPDIR/in.ndjson"
	assert_success
	assert_line --index 0 --partial '"sentiment":{"model":"auto","unscored":"de"}'
	assert_line --index 1 --partial '"model":"pattern-fr"'
}

@test "auto: --explain and --lexicon-add apply to the VADER-scored records" {
	printf 'zorglub\t2.0\n' >"$BATS_TEST_TMPDIR/add.tsv"
	printf '{"text":"zorglub"}\n{"text":"zorglub bon","lang":"fr"}\n' >"$BATS_TEST_TMPDIR/in.ndjson"
	run sentio-score --model auto --explain --lexicon-add "$BATS_TEST_TMPDIR/add.tsv" "$BATS_TEST_TMPDIR/in.ndjson"
	assert_success
	assert_line --index 0 --partial '"model":"vader","compound":0.4588,'
	assert_line --index 0 --partial '"explain":'
	assert_line --index 1 --partial '"model":"pattern-fr","polarity":0.7,'
	refute_line --index 1 --partial '"explain":'
}

@test "auto: --model textblob still scores French as unscored, not with Pattern" {
	printf '{"text":"bon","lang":"fr"}\n' | sentio-score --model textblob >"$BATS_TEST_TMPDIR/out"
	run cat "$BATS_TEST_TMPDIR/out"
	assert_output '{"text":"bon","lang":"fr","sentiment":{"model":"textblob","unscored":"fr"}}'
}

@test "pipeline: German, French, Portuguese, Japanese and English posts without lang: English and French count" {
	cd "$BATS_TEST_TMPDIR"
	{
		echo '{"ts":"2026-01-01T00:00:01Z","text":"Endlich funktioniert die Synchronisierung, danke!"}'
		echo '{"ts":"2026-01-01T00:00:02Z","text":"Cette mise à jour a tout cassé, je suis vraiment déçu."}'
		echo '{"ts":"2026-01-01T00:00:03Z","text":"Esta atualização estragou tudo, estou muito chateado."}'
		echo '{"ts":"2026-01-01T00:00:04Z","text":"このアップデートで全部壊れた、本当にがっかりだ。"}'
		echo '{"ts":"2026-01-01T00:00:05Z","text":"I love the new release, great work everyone!"}'
	} >posts.ndjson
	sentio-clean posts.ndjson | sentio-score --model auto >scored.ndjson
	run jq -r '.lang + " " + .sentiment.model + " " + (.sentiment.unscored // (.sentiment.compound // .sentiment.polarity | tostring))' scored.ndjson
	# French: Python Pattern 2.6 gives (-0.3933333333333333, 0.5)
	assert_output "$(printf '%s\n' 'de auto de' 'fr pattern-fr -0.3933333333333333' 'pt auto pt' 'ja auto ja' 'en vader 0.8622')"
	run sentio-window --size 1m scored.ndjson
	assert_output --partial '"count":2,"unscored":3,'
	assert_output --partial '"min":-0.3933333333333333,"max":0.8622,'
}
