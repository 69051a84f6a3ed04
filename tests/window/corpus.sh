#!/bin/sh
# corpus.sh ORACLE_DIR: the oracle corpora as timed, scored records for sentio-window tests.
# A record every 7 seconds, each up to 4 seconds early, so the input is out of order
# within the default lateness (5s); tags are a few words of the text.
cat "$1"/*.ndjson | jq -c '(input_line_number) as $i | {
	ts: (1764000000 + $i * 7 - ($i * 37) % 5),
	sentiment: {compound: .vader.compound},
	polarity: .textblob.polarity,
	corpus, id,
	tags: (.text | ascii_downcase | [scan("\\b(good|bad|love|hate|not)\\b")] | map(.[0]))}'
