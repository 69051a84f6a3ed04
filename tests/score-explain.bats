#!/usr/bin/env bats
# sentio-score --explain: each token's contribution, inside the sentiment object.

load helpers

T='{"text":"The plot was GOOD, but the acting was not very good!!"}'

@test "explain: scores are unchanged by --explain" {
	run sentio-score <<<"$T"
	plain=$output
	run sentio-score --explain <<<"$T"
	assert_success
	assert_output --partial "${plain%\}\}}"
}

@test "explain: every token, with lexicon valence, valence after the rules and the rules" {
	run sentio-score --explain <<<"$T"
	assert_success
	assert_output --partial '{"token":"GOOD","lexicon":1.9,"valence":1.3165,"rules":["caps","but"]}'
	assert_output --partial '{"token":"very","lexicon":null,"valence":0.0,"rules":["modifier"]}'
	assert_output --partial '{"token":"good","lexicon":1.9,"valence":-2.4342,"rules":["booster","negation","but"]}'
	assert_output --partial '{"token":"The","lexicon":null,"valence":0.0,"rules":[]}'
	# sum: 1.3165 - 2.4342 - 0.584; compound = sum / sqrt(sum * sum + 15) = -0.4023
	assert_output --partial '"punctuation":0.584,"sum":-1.7017}'
}

@test "explain: is inside the sentiment object" {
	command -v jq >/dev/null || skip "no jq"
	run bash -c "sentio-score --explain <<<'$T' | jq -r '.sentiment.explain.tokens | length'"
	assert_output 11
}

@test "explain: idioms, least, never so, no" {
	run sentio-score --explain <<<'{"text":"With VADER, sentiment analysis is the shit!"}'
	assert_output --partial '"token":"shit","lexicon":-2.6,"valence":3.0,"rules":["idiom"]'
	run sentio-score --explain <<<'{"text":"the least good movie"}'
	assert_output --partial '"rules":["least"]'
	run sentio-score --explain <<<'{"text":"It was never so good."}'
	assert_output --partial '"rules":["booster","never-so"]'
	run sentio-score --explain <<<'{"text":"no good"}'
	assert_output --partial '"token":"good","lexicon":1.9,"valence":-1.406,"rules":["no"]'
}

@test "explain: empty text has no tokens" {
	run sentio-score --explain <<<'{"text":""}'
	assert_output --partial '"explain":{"tokens":[],"punctuation":0.0,"sum":0.0}'
}

@test "explain: a lexicon's valence is written as Python writes it, 20.0 not 2e+01" {
	printf 'zork\t20\nzap\t0.00001\n' >"$BATS_TEST_TMPDIR/l.tsv"
	run sentio-score --explain --lexicon-add "$BATS_TEST_TMPDIR/l.tsv" <<<'{"text":"zork zap"}'
	assert_success
	assert_output --partial '"token":"zork","lexicon":20.0,'
	assert_output --partial '"token":"zap","lexicon":1e-05,'
}
