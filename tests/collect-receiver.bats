#!/usr/bin/env bats
# sentio-collect's HTTP receiver (listen:): POSTed JSON and form data.

load helpers
load collect/helpers
bats_require_minimum_version 1.5.0

setup() {
	cd "$BATS_TEST_TMPDIR"
	sentio-collect --duration 30s --max-body 64k --rejects rej listen:127.0.0.1:0 >out 2>err &
	PID=$!
	for ((i = 0; i < 200; i++)); do
		grep -q "listening on" err 2>/dev/null && break
		sleep 0.05
	done
	PORT=$(grep -o 'http://127.0.0.1:[0-9]*' err | cut -d: -f3)
	URL="http://127.0.0.1:$PORT/"
}

teardown() {
	kill -TERM "$PID" 2>/dev/null || true
	wait "$PID" 2>/dev/null || true
}

finish() {
	kill -TERM "$PID"
	wait "$PID" || [ $? -eq 143 ] # ends by the signal
}

post() {
	curl -s -o body -w '%{http_code}' -X POST "$@"
}

@test "a JSON object becomes a record; 202 with the id given" {
	[ "$(post -H 'Content-Type: application/json' -d '{"text":"great product","rating":5}' "$URL")" = 202 ]
	id=$(jq -r '.ids[0]' body)
	finish
	[ "$(wc -l <out)" = 1 ]
	[ "$(jq -r .id out)" = "$id" ]
	[[ "$id" == "listen:127.0.0.1:$PORT:"* ]]
	jq -e '.source == "listen:127.0.0.1:'"$PORT"'" and .text == "great product" and .rating == 5 and (.ts | test("Z$"))' out
	[ "$(jq -r 'keys_unsorted | join(",")' out)" = "id,ts,source,text,rating" ]
}

@test "a JSON array becomes records; an id and a ts given are kept" {
	[ "$(post -H 'Content-Type: application/json' -d '[{"text":"a"},{"text":"b","id":"mine","ts":"2026-11-24T06:00:00+01:00"}]' "$URL")" = 202 ]
	finish
	[ "$(jq -r '.ids[1]' body)" = mine ]
	[ "$(jq -r .text out | tr '\n' ' ')" = "a b " ]
	[ "$(jq -r .ts out | tail -1)" = "2026-11-24T05:00:00.000Z" ]
}

@test "form data becomes a record" {
	[ "$(post -d 'text=hello+there%21&name=J%C3%BCrgen' "$URL")" = 202 ]
	finish
	assert_equal "$(jq -c '[.text, .name]' out)" '["hello there!","Jürgen"]'
}

@test "bad input is 400 and rejected whole, with the source and the reason" {
	[ "$(post -H 'Content-Type: application/json' -d '[{"text":"a"},{"nope":1}]' "$URL")" = 400 ]
	jq -e '.error == "item 2: no text field (a string)"' body
	[ "$(post -H 'Content-Type: application/json' -d '{"text":' "$URL")" = 400 ]
	[ "$(post -H 'Content-Type: text/plain' -d 'hi' "$URL")" = 400 ]
	[ "$(post -H 'Content-Type: application/json' -d '"text"' "$URL")" = 400 ]
	finish
	[ ! -s out ]
	[ "$(wc -l <rej)" = 4 ]
	[ "$(jq -r .input rej | sort -u)" = "listen:127.0.0.1:$PORT" ]
}

@test "413 over --max-body, 404 elsewhere, 405 for other methods" {
	head -c 100000 /dev/zero | tr '\0' 'x' >big
	[ "$(post -H 'Content-Type: application/json' --data-binary @big "$URL")" = 413 ]
	[ "$(post -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary @big "$URL")" = 413 ]
	[ "$(post -d 'text=x' "${URL}other")" = 404 ]
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL")" = 405 ]
	[ "$(curl -s -D - -o /dev/null -X PUT -d x "$URL" | tr -d '\r' | grep -i '^allow:')" = "Allow: POST" ]
	finish
	[ ! -s out ]
}

@test "concurrent POSTs: every accepted submission appears exactly once" {
	python3 "$BATS_TEST_DIRNAME/collect/post.py" "$PORT" 16 30 >accepted
	finish
	[ "$(wc -l <accepted)" = 640 ]
	sort accepted >a
	jq -r .id out | sort >b
	cmp a b
	[ "$(jq -r .id out | sort | uniq -d | wc -l)" = 0 ]
	# Every line is a whole record.
	jq -e . out >/dev/null
}

@test "a receiver listens on loopback unless told an address" {
	finish
	grep -q "listening on http://127.0.0.1:" err
	run sentio-collect listen:nowhere:80
	assert_failure 2
}

@test "a JSON body takes \\u0000 in a string; a body that is not an object is named" {
	[ "$(post -H 'Content-Type: application/json' -d '{"text":"a\u0000b"}' "$URL")" = 202 ]
	[ "$(post -H 'Content-Type: application/json' -d '"text"' "$URL")" = 400 ]
	jq -e '.error == "not a JSON object but a string"' body
	[ "$(post -H 'Content-Type: application/json' -d '[{"text":"a"},3]' "$URL")" = 400 ]
	jq -e '.error == "item 2: not a JSON object but a number"' body
	finish
	[ "$(jq -c .text out)" = '"a\u0000b"' ]
	[ "$(wc -l <rej)" = 2 ]
}

@test "a bad POST is in the rejects file while the receiver still runs" {
	# issue 12 item 9: the rejects file was flushed only at exit.
	[ "$(post -H 'Content-Type: application/json' -d '{"nope":1}' "$URL")" = 400 ]
	[ "$(post -H 'Content-Type: application/json' -d '{"text":"fine"}' "$URL")" = 202 ]
	wait_lines rej 1
	jq -e '.error == "no text field (a string)" and .raw == "{\"nope\":1}"' rej
	finish
}

@test "slowloris: 300 connections sending a byte a second neither lock out real POSTs nor stay" {
	# issue 12 item 5: slow connections took every slot, and were never cut.
	finish
	sentio-collect --duration 120s --receive-timeout 3s listen:127.0.0.1:0 >out 2>err &
	PID=$!
	for ((i = 0; i < 200; i++)); do
		grep -q "listening on" err 2>/dev/null && break
		sleep 0.05
	done
	PORT=$(grep -o 'http://127.0.0.1:[0-9]*' err | cut -d: -f3)
	timeout 120 python3 "$BATS_TEST_DIRNAME/collect/slowloris.py" "$PORT" 300 5 >res
	finish
	[ "$(grep -c '^202$' res)" = 5 ]
	grep -q '^cut [1-9]' res
	grep -q "not whole within --receive-timeout (3.0s): cut" err
	[ "$(jq -r .text out | tr '\n' ' ')" = "real 0 real 1 real 2 real 3 real 4 " ]
}

# listen ARGS...: start sentio-collect ARGS listen:127.0.0.1:0 in the background; sets PID, PORT, URL.
listen() {
	rm -f err
	sentio-collect "$@" listen:127.0.0.1:0 >>out 2>err &
	PID=$!
	for ((i = 0; i < 200; i++)); do
		grep -q "listening on" err 2>/dev/null && break
		sleep 0.05
	done
	PORT=$(grep -o 'http://127.0.0.1:[0-9]*' err | cut -d: -f3)
	URL="http://127.0.0.1:$PORT/"
}

@test "Idempotency-Key: a retried POST is answered with the same ids and written once, across --state too" {
	# issue 12 item 15: a client that got no 202 (SIGTERM in a burst) and retried made duplicates.
	finish
	: >out
	listen --state st --stats
	key() { post -H 'Content-Type: application/json' -H "Idempotency-Key: $1" -d "$2" "$URL"; }
	[ "$(key k1 '[{"text":"a"},{"text":"b"}]')" = 202 ]
	cp body first
	[ "$(key k1 '[{"text":"a"},{"text":"b"}]')" = 202 ]
	cmp body first
	[ "$(key k2 '{"text":"c"}')" = 202 ]
	finish
	grep -q '"in":5,"out":3,"rejected":0,"filtered":2' err
	# A new run, with the state: the keys are remembered.
	listen --state st
	[ "$(key k1 '[{"text":"a"},{"text":"b"}]')" = 202 ]
	cmp body first
	[ "$(key k3 '{"text":"d"}')" = 202 ]
	[ "$(post -H 'Content-Type: application/json' -H 'Idempotency-Key;' -d '{"text":"e"}' "$URL")" = 400 ]
	finish
	[ "$(jq -r .text out | tr '\n' ' ')" = "a b c d " ]
	[ "$(jq -c '[.ids[]]' first)" = "$(jq -c '[.id]' out | head -2 | jq -sc add)" ]
}

@test "fields a receiver does not own keep their bytes: numbers, escapes, nested values" {
	# issue 12 item 7: 4.1 came out as 4.0999999999999996, 1e2 as 100.0, -0 as 0, "\/" as "/".
	[ "$(post -H 'Content-Type: application/json' -d '{"text":"a","rating":4.1,"e":1e2,"z":-0,"s":"\/","o":{"k": [1.50, "\u00e9"]}}' "$URL")" = 202 ]
	[ "$(post -H 'Content-Type: application/json' -d ' [ {"text":"b","n":1E+2} , {"id":"x,]}","text":"c]","v":[{"w":"]"}]} ] ' "$URL")" = 202 ]
	finish
	[ "$(cut -d, -f4- out | head -1)" = '"text":"a","rating":4.1,"e":1e2,"z":-0,"s":"\/","o":{"k": [1.50, "\u00e9"]}}' ]
	[ "$(sed -n 2p out | cut -d, -f4-)" = '"text":"b","n":1E+2}' ]
	[ "$(sed -n 3p out)" = "$(sed -n 3p out | jq -c .)" ]
	jq -e -s '.[2] | .id == "x,]}" and .text == "c]" and .v == [{"w":"]"}]' out
	[ "$(jq -r 'keys_unsorted | join(",")' out | tr '\n' ' ')" = "id,ts,source,text,rating,e,z,s,o id,ts,source,text,n id,ts,source,text,v " ]
}

@test "a large array is answered with every id, as valid JSON" {
	# The answer was cut at 1 KiB (not JSON), one byte past its buffer.
	python3 -c 'import json; print(json.dumps([{"text": "t%d" % i} for i in range(100)]))' >big.json
	[ "$(post -H 'Content-Type: application/json' --data-binary @big.json "$URL")" = 202 ]
	finish
	[ "$(jq '.ids | length' body)" = 100 ]
	cmp <(jq -r '.ids[]' body) <(jq -r .id out)
}

@test "a raw NUL byte in a JSON body is invalid JSON: 400, rejected, never written" {
	# json_loadb() took a NUL after a number until the receiver used the strict loader.
	printf '{"text":"good","a":0\000,"b":1}' >nul.json
	[ "$(post -H 'Content-Type: application/json' --data-binary @nul.json "$URL")" = 400 ]
	jq -e '.error | startswith("invalid JSON: NUL byte")' body
	finish
	[ ! -s out ]
	[ "$(wc -l <rej)" = 1 ]
}
