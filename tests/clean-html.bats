#!/usr/bin/env bats
# sentio-clean: HTML to text and character references (lib/html.c through the stage).

load clean-helpers
bats_require_minimum_version 1.5.0

R=$'\xef\xbf\xbd' # U+FFFD

@test "named references: the common ones and the full HTML5 set" {
	run clean_text 'Fish &amp; chips &lt;3 &gt;:( &quot;ok&quot; &apos;s caf&eacute; &hellip; &mdash; &euro;5 &copy;'
	assert_output '{"text":"Fish & chips <3 >:( \"ok\" '"'"'s café … — €5 ©"}'
	run clean_text '&CounterClockwiseContourIntegral; &nGt; &Afr; &bigstar; &NotEqualTilde;'
	assert_output "$(printf '{"text":"\342\210\263 \342\211\253\342\203\222 \360\235\224\204 \342\230\205 \342\211\202\314\270"}')"
}

@test "named references: legacy names without ';', unknown names kept" {
	run clean_text '&amp &lt &copy2026 &notit; &notin; &bogus; AT&T R&D &hellip'
	assert_output '{"text":"& < ©2026 ¬it; ∉ &bogus; AT&T R&D &hellip"}'
}

@test "numeric references: decimal and hex, with and without ';'" {
	run clean_text '&#65;&#x42;&#X43;&#0068; &#128512;&#x1F600 &#233 &#xe9;'
	assert_output '{"text":"ABCD 😀😀 é é"}'
}

@test "numeric references: invalid and huge code points become U+FFFD" {
	run clean_text '[&#0;] [&#xD800;] [&#x110000;] [&#99999999999999999999999;] [&#x100000041;] [&#xFFFE;] [&#27;]'
	assert_output "{\"text\":\"[$R] [$R] [$R] [$R] [$R] [$R] [$R]\"}"
}

@test "numeric references: 0x80-0x9F are read as Windows-1252" {
	run clean_text '&#150; &#147;hi&#148; &#128;'
	assert_output '{"text":"– “hi” €"}'
}

@test "references are decoded once, and a decoded '<' is text" {
	run clean_text '&amp;amp; &amp;lt; &lt;p&gt;not a tag&lt;/p&gt;'
	assert_output '{"text":"&amp; &lt; <p>not a tag</p>"}'
}

@test "auto: markup goes when the text looks like HTML" {
	run clean_text '<p>Hello <b>world</b>!</p><p>Second&nbsp;para</p>'
	assert_output '{"text":"Hello world! Second para"}'
	run clean_text 'line one<br>line two<br/>three<BR />four'
	assert_output '{"text":"line one line two three four"}'
	run clean_text 'see <a href=\"https://example.com\" rel=\"nofollow\">this link</a>'
	assert_output '{"text":"see this link"}'
}

@test "auto: text that merely holds '<' is not HTML" {
	run clean_text 'I <3 you, 1 < 2, a<b and c>d, <<grin>> </3 <-- look'
	assert_output '{"text":"I <3 you, 1 < 2, a<b and c>d, <<grin>> </3 <-- look"}'
}

@test "--html always reads every text as HTML" {
	run clean_text 'a<b and c>d <love> I <3 u' --html always
	assert_output '{"text":"ad I <3 u"}'
}

@test "--html never leaves markup and references alone" {
	run clean_text '<p>a &amp; b</p>' --html never
	assert_output '{"text":"<p>a &amp; b</p>"}'
}

@test "a link keeps its visible text; Mastodon markup becomes plain text" {
	run clean_text '<p>Launch day! <a href=\"https://example.com/x\" rel=\"nofollow noopener\" target=\"_blank\"><span class=\"invisible\">https://</span><span class=\"\">example.com/x</span><span class=\"invisible\"></span></a> <a href=\"https://m.example/tags/happy\" class=\"mention hashtag\" rel=\"tag\">#<span>Happy</span></a> <span class=\"h-card\"><a href=\"https://m.example/@bob\" class=\"u-url mention\">@<span>bob</span></a></span></p><p>It works &amp; I love it</p>' --urls keep --mentions keep
	assert_output '{"text":"Launch day! https://example.com/x Happy @bob It works & I love it","urls":["https://example.com/x"],"mentions":["bob"],"tags":["happy"]}'
}

@test "script and style content is dropped; comments go" {
	run clean_text '<p>a</p><script>alert(\"<b>x</b>\")</script><style>p { color: red }</style>b<!-- note -->c'
	assert_output '{"text":"a bc"}'
}

@test "unterminated tags and comments keep the text around them" {
	run clean_text '<p>good</p> then <b unterminated'
	assert_output '{"text":"good then <b unterminated"}'
	run clean_text '<p>x</p> <!-- never closed'
	assert_output '{"text":"x <!-- never closed"}'
	run clean_text '<p>keep</p><script>all of this'
	assert_output '{"text":"keep all of this"}'
	run clean_text '<p>a</p> <a title=\"x > y\">t</a> z'
	assert_output '{"text":"a t z"}'
}

@test "records whose text was decoded are counted" {
	printf '%s\n' '{"text":"&amp;"}' '{"text":"<p>x</p>"}' '{"text":"plain"}' '{"text":"&bogus;"}' >in.ndjson
	run --separate-stderr sentio-clean --stats in.ndjson
	[[ "$stderr" == *'"html_decoded":2'* ]]
}
