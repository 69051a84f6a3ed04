# Shared set-up for every bats suite: load bats-support and bats-assert,
bats_require_minimum_version 1.5.0
# put the binaries under test first on PATH, and name the oracle data.
bats_load_library bats-support 2>/dev/null || load /usr/lib/bats/bats-support/load
bats_load_library bats-assert 2>/dev/null || load /usr/lib/bats/bats-assert/load

: "${SENTIO_BIN:=$BATS_TEST_DIRNAME/../bin}"
PATH="$SENTIO_BIN:$PATH"
ORACLE="${SENTIO_ORACLE:-$BATS_TEST_DIRNAME/../../shared/oracle}"
export PATH ORACLE
