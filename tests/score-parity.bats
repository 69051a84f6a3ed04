#!/usr/bin/env bats
# sentio-score against the Python references (../shared/oracle): make parity.

load helpers

@test "parity: VADER (and TextBlob) match the references on every oracle corpus" {
	[ -d "$ORACLE" ] || skip "no oracle at $ORACLE"
	command -v jq >/dev/null || skip "no jq"
	run sh "$BATS_TEST_DIRNAME/../score/parity.sh" "$(command -v sentio-score)" "$ORACLE"
	assert_success
	assert_output --partial "vader    cases                            63/63      100.000%  ok"
	refute_output --partial FAIL
}
