#!/usr/bin/env bats
# sentio-score: lexicons of one's own (--lexicon, --lexicon-add).
# The numbers of single-word entries are what vaderSentiment prints given the same lexicon.

load helpers

D="$BATS_TEST_DIRNAME/score"

@test "lexicon: --lexicon replaces the word list" {
	run sentio-score --lexicon "$D/small.tsv" <<<'{"text":"good and wonderful"}'
	assert_success
	# good is no longer a word; wonderful is 3.1 (vaderSentiment with this file prints the same)
	assert_output --partial '"compound":0.6249,"pos":0.672,"neu":0.328,"neg":0.0'
}

@test "lexicon: --lexicon-add overrides an entry" {
	run sentio-score --lexicon-add "$D/add.tsv" <<<'{"text":"good"}'
	assert_success
	assert_output --partial '"compound":0.128,'
}

@test "lexicon: --lexicon-add adds a word" {
	run sentio-score --lexicon-add "$D/add.tsv" <<<'{"text":"sentio"}'
	assert_success
	assert_output --partial '"compound":0.5423,'
}

@test "lexicon: multi-word phrases match across tokens, negation applies" {
	run sentio-score --lexicon-add "$D/add.tsv" --explain <<<'{"text":"They never cut corners."}'
	assert_success
	assert_output --partial '"token":"cut corners","lexicon":-2.5,"valence":1.85,"rules":["negation","phrase"]'
	run sentio-score --lexicon-add "$D/add.tsv" <<<'{"text":"the update bricked my phone"}'
	assert_output --partial '"compound":-0.6249,'
}

@test "lexicon: --lexicon-add is repeatable, the last file wins" {
	printf 'sentio\t-1\n' >"$BATS_TEST_TMPDIR/neg.tsv"
	run sentio-score --lexicon-add "$D/add.tsv" --lexicon-add "$BATS_TEST_TMPDIR/neg.tsv" <<<'{"text":"sentio"}'
	assert_success
	assert_output --partial '"compound":-0.25,'
}

@test "lexicon: phrases in a replacement list stay inert, as in VADER" {
	printf 'cut corners\t-2.5\n' >"$BATS_TEST_TMPDIR/ph.tsv"
	run sentio-score --lexicon "$BATS_TEST_TMPDIR/ph.tsv" <<<'{"text":"cut corners"}'
	assert_output --partial '"compound":0.0,'
}

@test "lexicon: without options the built-in list is VADER 3.3.2's" {
	run sentio-score <<<'{"text":"my heart"}'
	assert_output --partial '"compound":0.6369,'
}

@test "lexicon: a bad valence names the file and line, status 1" {
	run sentio-score --lexicon-add "$D/bad-valence.tsv" </dev/null
	assert_failure 1
	assert_output "sentio-score: $D/bad-valence.tsv:2: valence \"very\" is not a number"
}

@test "lexicon: a line without TAB names the file and line" {
	run sentio-score --lexicon "$D/no-tab.tsv" </dev/null
	assert_failure 1
	assert_output "sentio-score: $D/no-tab.tsv:3: no TAB between the token and its valence"
}

@test "lexicon: a missing file" {
	run sentio-score --lexicon "$BATS_TEST_TMPDIR/nope.tsv" </dev/null
	assert_failure 1
	assert_output --partial "nope.tsv: No such file or directory"
}
