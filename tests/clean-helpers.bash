# Shared by the sentio-clean suites: each test in its own directory, and
# clean_text to clean one record.
load helpers

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# Clean one record whose text is the JSON string body $1; more arguments are options.
clean_text() {
	local body=$1
	shift
	printf '{"text":"%s"}\n' "$body" | sentio-clean "$@"
}

load clean-nolang
