#!/usr/bin/env bats
# Each VADER rule on its own: the expected numbers are what vaderSentiment 3.3.2
# (the Python reference) prints for the same text.

load helpers

score() {
	run sentio-score --explain
}

# check TEXT_JSON COMPOUND POS NEU NEG [RULE]
check() {
	run sentio-score <<<"{\"text\":$1}"
	assert_success
	assert_output "{\"text\":$1,\"sentiment\":{\"model\":\"vader\",\"compound\":$2,\"pos\":$3,\"neu\":$4,\"neg\":$5,\"label\":\"$6\"}}"
	if [ -n "${7:-}" ]; then
		run sentio-score --explain <<<"{\"text\":$1}"
		assert_output --partial "\"$7\""
	fi
}

@test "rule: a lexicon word" {
	check '"The book was good."' 0.4404 0.492 0.508 0.0 positive
}

@test "rule: a booster word" {
	check '"The book was very good."' 0.4927 0.444 0.556 0.0 positive booster
}

@test "rule: a dampener word" {
	check '"The book was slightly good."' 0.3832 0.395 0.605 0.0 positive dampener
}

@test "rule: a booster two words back (x0.95)" {
	check '"The book was very much good."' 0.4902 0.389 0.611 0.0 positive booster
}

@test "rule: a booster three words back (x0.9)" {
	check '"The book was extremely much so good."' 0.6213 0.404 0.596 0.0 positive booster
}

@test "rule: ALL CAPS among lower case" {
	check '"The book was GOOD."' 0.5622 0.548 0.452 0.0 positive caps
}

@test "rule: an ALL CAPS booster" {
	check '"The book was VERY good."' 0.6028 0.495 0.505 0.0 positive caps
}

@test "rule: ALL CAPS everywhere is no emphasis" {
	check '"THE BOOK WAS GOOD"' 0.4404 0.492 0.508 0.0 positive
}

@test "rule: negation" {
	check '"The book was not good."' -0.3412 0.0 0.624 0.376 negative negation
}

@test "rule: negation by contraction" {
	check '"The book isn'\''t good."' -0.3412 0.0 0.555 0.445 negative negation
}

@test "rule: negation by any n't" {
	check '"The book wouldn'\''t be good."' -0.3412 0.0 0.624 0.376 negative negation
}

@test "rule: negation three words back" {
	check '"It is not really very good."' -0.427 0.0 0.639 0.361 negative negation
}

@test "rule: never so" {
	check '"It was never so good."' 0.6626 0.525 0.475 0.0 positive never-so
}

@test "rule: never this" {
	check '"It has never been this good!"' 0.5672 0.423 0.577 0.0 positive never-so
}

@test "rule: without doubt is no negation" {
	check '"Without a doubt, excellent idea."' 0.7013 0.659 0.341 0.0 positive
}

@test "rule: no before a lexicon word" {
	check '"no good"' -0.3412 0.0 0.294 0.706 negative no
}

@test "rule: no on its own" {
	check '"no"' -0.296 0.0 0.0 1.0 negative
}

@test "rule: no two words back" {
	check '"no big success"' -0.6367 0.0 0.161 0.839 negative no
}

@test "rule: no ... or" {
	check '"no fun or joy"' -0.6979 0.0 0.257 0.743 negative no
}

@test "rule: but" {
	check '"The food was good, but the service was horrible."' -0.5859 0.142 0.511 0.347 negative but
}

@test "rule: but, repeated equal valences" {
	check '"good good but good"' 0.775 0.886 0.114 0.0 positive but
}

@test "rule: kind of" {
	check '"The book was kind of good."' 0.3832 0.343 0.657 0.0 positive idiom
}

@test "rule: idiom: the shit" {
	check '"With VADER, sentiment analysis is the shit!"' 0.6476 0.417 0.583 0.0 positive idiom
}

@test "rule: idiom: kiss of death" {
	check '"This is truly the kiss of death"' -0.2732 0.244 0.336 0.42 negative idiom
}

@test "rule: idiom: broken heart" {
	check '"She has a broken heart"' -0.8316 0.0 0.278 0.722 negative idiom
}

@test "rule: least" {
	check '"the least good movie"' -0.3412 0.0 0.555 0.445 negative least
}

@test "rule: at least" {
	check '"at least it is good"' 0.4404 0.42 0.58 0.0 positive
}

@test "rule: very least" {
	check '"very least good"' 0.4902 0.614 0.386 0.0 positive
}

@test "rule: exclamation marks" {
	check '"The book was good!"' 0.4926 0.516 0.484 0.0 positive
}

@test "rule: at most four exclamation marks" {
	check '"The book was good!!!!!!"' 0.6209 0.576 0.424 0.0 positive
}

@test "rule: question marks" {
	check '"Was the book good??"' 0.504 0.521 0.479 0.0 positive
}

@test "rule: more than three question marks" {
	check '"Was the book good????"' 0.594 0.563 0.437 0.0 positive
}

@test "rule: emoji by name" {
	check '"I love it \ud83d\ude00"' 0.7717 0.691 0.309 0.0 positive
}

@test "rule: emoji next to a word" {
	check '"nice\ud83d\ude00"' 0.6486 0.841 0.159 0.0 positive
}

@test "rule: emoji with ! in its name" {
	check '"sad \ud83d\udd1b"' -0.5255 0.0 0.371 0.629 negative
}

@test "rule: emoji named as in Unicode 11" {
	check '"\ud83d\ude21"' 0.0 0.0 1.0 0.0 neutral
}

@test "rule: emoticon" {
	check '"Make sure you :) today"' 0.6486 0.639 0.361 0.0 positive
}

@test "rule: emoticon <3" {
	check '"I <3 you"' 0.4404 0.592 0.408 0.0 positive
}

@test "rule: punctuation stripped, short tokens kept" {
	check '"'\''good'\'', ok?! :-)"' 0.6696 0.846 0.154 0.0 positive
}

@test "rule: empty text" {
	check '""' 0.0 0.0 0.0 0.0 neutral
}

@test "rule: white space only" {
	check '"  \t "' 0.0 0.0 0.0 0.0 neutral
}

@test "rule: no lexicon word" {
	check '"The table is brown"' 0.0 0.0 1.0 0.0 neutral
}

@test "rule: heart (3.3.2)" {
	check '"my heart"' 0.6369 0.808 0.192 0.0 positive
}

@test "rule: flawed (3.3.2)" {
	check '"a flawed plan"' -0.4767 0.0 0.392 0.608 negative
}

@test "rule: badass (3.3.2)" {
	check '"such a badass"' 0.34 0.545 0.455 0.0 positive
}

@test "rule: no-break space splits" {
	check '"good\u00a0movie"' 0.4404 0.744 0.256 0.0 positive
}

@test "rule: Unicode upper case" {
	check '"The book was GOOD and \u00c9PIC"' 0.5622 0.421 0.579 0.0 positive
}

@test "rule: compound near zero" {
	check '"good but bad bad"' -0.8608 0.157 0.08 0.763 negative
}
