#!/usr/bin/env bats
# A saved file replayed live: sentio-collect --replay through sentio-score into
# sentio-window --idle.  Event time while the input is silent goes on by the
# wall time elapsed, never jumping to the wall clock, so that --idle rejects
# nothing a run without it accepts.

load helpers
bats_require_minimum_version 1.5.0

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# Nine minutes of posts, 2026-11-24 10:00 to 10:09: three busy minutes with
# quiet spells of three minutes between them (1.5 s at --replay 120, longer
# than --idle 1s), a few records out of order by less than the lateness.
posts() {
	awk 'BEGIN {
		split("good great awful sad fine terrible lovely bad nice meh", w, " ")
		n = 0
		for (c = 0; c < 3; c++)
			for (i = 0; i < 30; i++) {
				t = c * 240 + i * 2
				if (i % 7 == 6)
					t -= 3  # out of order, within the default lateness of 5s
				printf "{\"id\":\"p%d\",\"ts\":\"2026-11-24T10:%02d:%02dZ\",\"text\":\"a %s day at the %s launch\"}\n",
				    n++, int(t / 60), t % 60, w[n % 10 + 1], w[(n * 3) % 10 + 1]
			}
	}' >posts.ndjson
}

# stat FILE FIELD: a number from the --stats line in FILE.
stat() {
	grep '^{"stage"' "$1" | jq -r ".$2"
}

@test "replay: collect --replay 120 | score | window --idle 1s rejects nothing the run without --idle accepts" {
	posts
	[ "$(wc -l <posts.ndjson)" = 90 ]
	sentio-collect --replay 120 posts.ndjson | sentio-score |
		sentio-window --stats --rejects idle.rej --idle 1s >idle.out 2>idle.err
	sentio-collect --replay 120 posts.ndjson | sentio-score |
		sentio-window --stats --rejects plain.rej >plain.out 2>plain.err
	[ "$(stat plain.err rejected)" = 0 ]
	[ "$(stat idle.err rejected)" = 0 ]
	[ "$(stat idle.err late)" = 0 ]
	[ ! -s idle.rej ]
	# The same windows, every record in one.
	cmp plain.out idle.out
	[ "$(jq -s 'map(.count) | add' idle.out)" = 90 ]
	[ "$(wc -l <idle.out)" = 3 ]
}

@test "replay: a replay slower than real time (--replay 0.5) through --idle: idle goes on at its pace, rejects nothing" {
	# Four records 200ms apart, then a quiet spell of 4.4s of event time (8.8s at half
	# speed): going on at the pace of the wall clock, --idle would close 10:00:05 before
	# its record came.
	for t in 00.0 00.2 00.4 00.6 05.0 05.2; do
		printf '{"id":"r%s","ts":"2026-11-24T10:00:%sZ","text":"a good day"}\n' "$t" "$t"
	done >slow.ndjson
	sentio-collect --replay 0.5 slow.ndjson | sentio-score |
		sentio-window --size 1s --lateness 1s --stats --idle 300ms >idle.out 2>idle.err &
	sentio-collect --replay 0.5 slow.ndjson | sentio-score |
		sentio-window --size 1s --lateness 1s --stats >plain.out 2>plain.err
	wait
	[ "$(stat plain.err rejected)" = 0 ]
	[ "$(stat idle.err rejected)" = 0 ]
	cmp plain.out idle.out
	[ "$(jq -s 'map(.count) | add' idle.out)" = 6 ]
}
