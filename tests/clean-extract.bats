#!/usr/bin/env bats
# sentio-clean: URLs, mentions and hashtags: extracted, merged, and taken
# out of the text or kept as the options say.

load clean-helpers
bats_require_minimum_version 1.5.0


@test "URLs are listed and dropped from the text by default" {
	run clean_text 'great read https://example.com/a?b=1&c=2#frag, and www.example.org/x. (see http://x.example/p_(q)) end'
	assert_success
	assert_output '{"text":"great read, and. (see) end","urls":["https://example.com/a?b=1&c=2#frag","www.example.org/x","http://x.example/p_(q)"]}'
}

@test "--urls keep leaves them in the text" {
	run clean_text 'read https://example.com/a now' --urls keep
	assert_output '{"text":"read https://example.com/a now","urls":["https://example.com/a"]}'
}

@test "--urls token puts <url> in their place" {
	run clean_text 'read https://example.com/a and HTTP://EXAMPLE.COM/B now' --urls token
	assert_output '{"text":"read <url> and <url> now","urls":["https://example.com/a","HTTP://EXAMPLE.COM/B"]}'
}

@test "URLs: a truncated one with an ellipsis, none without a host, none inside a word" {
	run clean_text 'cut https://t.co/abc… so http:// and https://. and xhttps://a.b y'
	assert_output '{"text":"cut … so http:// and https://. and xhttps://a.b y","urls":["https://t.co/abc"]}'
}

@test "mentions: @user and @user@instance, listed without '@', dropped by default" {
	run clean_text '@alice: thanks @bob@mastodon.social and @carol_x! cc @d.e-f'
	assert_output '{"text":"thanks and! cc","mentions":["alice","bob@mastodon.social","carol_x","d.e-f"]}'
}

@test "--mentions keep leaves them in the text" {
	run clean_text 'thanks @bob@mastodon.social and @carol' --mentions keep
	assert_output '{"text":"thanks @bob@mastodon.social and @carol","mentions":["bob@mastodon.social","carol"]}'
}

@test "an e-mail address, @_@ and a lone @ are no mentions" {
	run clean_text 'mail me@example.com @_@ @ :@ a @ b'
	assert_output '{"text":"mail me@example.com @_@ @ :@ a @ b"}'
}

@test "hashtags keep their word, listed in lower case" {
	run clean_text '#Happy days #LaunchDay2026 #happy #1 #_ x#notatag'
	assert_output '{"text":"Happy days LaunchDay2026 happy #1 #_ x#notatag","tags":["happy","launchday2026"]}'
}

@test "hashtags of Unicode letters and digits" {
	run clean_text '#Café #日本 #ÉTÉ #naïve #Ünïcödé123 #١٢٣'
	assert_output '{"text":"Café 日本 ÉTÉ naïve Ünïcödé123 #١٢٣","tags":["café","日本","été","naïve","ünïcödé123"]}'
}

@test "--hashtags keep leaves the '#'" {
	run clean_text 'so #Happy' --hashtags keep
	assert_output '{"text":"so #Happy","tags":["happy"]}'
}

@test "extracted lists merge with the record's own, without duplicates" {
	run sh -c "printf '%s\n' '{\"text\":\"#Happy #New https://a.example @bob\",\"tags\":[\"Happy\",\"news\",\"NEWS\"],\"urls\":[\"https://a.example\"],\"mentions\":[\"carol\"]}' | sentio-clean"
	assert_output '{"text":"Happy New","tags":["happy","news","new"],"urls":["https://a.example"],"mentions":["carol","bob"]}'
}

@test "a record's tags are lower-cased even when the text has none" {
	run sh -c "echo '{\"text\":\"plain\",\"tags\":[\"A\",\"a\",1]}' | sentio-clean"
	assert_output '{"text":"plain","tags":["a",1]}'
}

@test "tags that are not an array: rejected when there is something to add" {
	printf '%s\n' '{"text":"#x","tags":"x"}' '{"text":"no tag","tags":"x"}' '{"text":"@a","mentions":{}}' '{"text":"#x","tags":null}' >in.ndjson
	run --separate-stderr sentio-clean in.ndjson
	assert_line --index 0 '{"text":"no tag","tags":"x"}'
	assert_line --index 1 '{"text":"x","tags":["x"]}'
	[[ "$stderr" == *"in.ndjson:1: tags is not an array but a string"* ]]
	[[ "$stderr" == *"in.ndjson:3: mentions is not an array but an object"* ]]
}

@test "no empty arrays are added" {
	run clean_text 'nothing to see'
	assert_output '{"text":"nothing to see"}'
}

@test "cleaning twice changes nothing more" {
	printf '%s\n' '{"text":"<p>RT @bob: #Happy &amp; https://x.example/y &lt;3</p>"}' >in.ndjson
	sentio-clean in.ndjson >once.ndjson
	run sh -c 'sentio-clean once.ndjson | cmp - once.ndjson'
	assert_success
}

@test "what extraction takes out does not glue a combining mark on: normalised again" {
	# The '#' goes and leaves U+0301 after U+00A8: NFC makes them U+0385 (and
	# U+0338 after '<' U+226E), so that cleaning again changes nothing.
	printf '%s\n' '{"text":"a \u00a8#\u0301x"}' '{"text":"<#\u0338y z"}' >in.ndjson
	sentio-clean in.ndjson >once.ndjson
	run jq -r .text once.ndjson
	assert_output "$(printf 'a \u0385x\n\u226ey z')"
	run sh -c 'sentio-clean once.ndjson | cmp - once.ndjson'
	assert_success
	sentio-clean --nfkc in.ndjson >once-k.ndjson
	run sh -c 'sentio-clean --nfkc once-k.ndjson | cmp - once-k.ndjson'
	assert_success
}

@test "what extraction takes out can leave more to take out: taken too, so cleaning again changes nothing" {
	# "#www.example.org" leaves a URL once the '#' goes; "@#bob" a mention.
	printf '%s\n' '{"text":"see #www.example.org now"}' '{"text":"hi @#bob!"}' >in.ndjson
	run sentio-clean in.ndjson
	assert_success
	assert_line --index 0 '{"text":"see now","urls":["www.example.org"],"tags":["www"]}'
	assert_line --index 1 '{"text":"hi!","mentions":["bob"],"tags":["bob"]}'
	for o in "" --nfkc "--hashtags keep" "--urls token" "--mentions keep"; do
		sentio-clean $o in.ndjson >once.ndjson
		run sh -c "sentio-clean $o once.ndjson | cmp - once.ndjson"
		assert_success
	done
}
