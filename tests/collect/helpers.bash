# Helpers of the sentio-collect suites: bounded waits and fake servers on loopback.

# wait_lines FILE N: wait (at most 10 s) until FILE has at least N lines.
wait_lines() {
	local i
	for ((i = 0; i < 200; i++)); do
		if [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; then
			return 0
		fi
		sleep 0.05
	done
	echo "timed out waiting for $2 lines in $1 (have $(wc -l <"$1" 2>/dev/null))" >&2
	return 1
}

# wait_file FILE: wait (at most 10 s) until FILE exists and is not empty.
wait_file() {
	local i
	for ((i = 0; i < 200; i++)); do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	echo "timed out waiting for $1" >&2
	return 1
}

SERVERS="$BATS_TEST_DIRNAME/servers"

# start_server SCRIPT ARGS...: run a fake server on a free loopback port; sets PORT and SERVER_PID.
start_server() {
	rm -f port.txt
	python3 "$SERVERS/$1" --port-file port.txt "${@:2}" 2>server.err &
	SERVER_PID=$!
	wait_file port.txt
	PORT=$(cat port.txt)
}

stop_server() {
	[ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null || true
}
