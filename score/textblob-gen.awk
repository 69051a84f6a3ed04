# textblob-gen.awk: turn Pattern's en-sentiment.xml into the C table that
# score/textblob.c compiles in (build/gen/textblob_lexicon.h).
#
#   awk -f score/textblob-gen.awk en-sentiment.xml > textblob_lexicon.h
#
# Each <word form= pos= polarity= subjectivity= intensity=/> is one sense.
# The scores a word gets are computed as Pattern (TextBlob 0.18) computes
# them when it loads the file:
#   1. the senses of a word are averaged per part of speech;
#   2. those per-tag averages are averaged again (the tag-less entry,
#      the one a plain string is scored with);
#   3. every adjective "xy" also gives the adverb "xily" ("xle" gives
#      "xly"), with the adjective's scores, replacing the tag-less scores
#      of that adverb if it exists (the last adjective wins);
#   4. a word may modify the next one when it has an adverb (RB) sense.
# With -v lang=fr, it or nl (and -v name=TABLE), the lexicon of that
# language is made as Pattern 2.6 loads it instead of step 3: French words
# also give their form without diacritics ("precaire" for "précaire"),
# Dutch adjectives their attributive form ("verschrikkelijke"), and a
# Dutch word may modify the next one when it has an adjective (JJ) sense too.
# The sums are taken in file order, as Python's sum() takes them, and the
# numbers are printed with 17 significant digits so that the C compiler
# reads back the same doubles.

function decode(v, out, i, j, ent, c)
{
	out = ""
	while ((i = index(v, "&")) > 0) {
		out = out substr(v, 1, i - 1)
		v = substr(v, i)
		j = index(v, ";")
		if (j == 0)
			break
		ent = substr(v, 2, j - 2)
		if (ent == "amp")
			c = "&"
		else if (ent == "lt")
			c = "<"
		else if (ent == "gt")
			c = ">"
		else if (ent == "quot")
			c = "\""
		else if (ent == "apos")
			c = "'"
		else if (ent ~ /^#[0-9]+$/ && substr(ent, 2) + 0 < 128)
			c = sprintf("%c", substr(ent, 2) + 0)
		else {
			printf "textblob-gen: unsupported entity &%s;\n", ent > "/dev/stderr"
			failed = 1
			exit 1
		}
		out = out c
		v = substr(v, j + 1)
	}
	return out v
}

# attr(tag, name): the value of attribute name in tag, or the string
# NOATTR when it is absent.
function attr(tag, name, rest, m, v, q)
{
	rest = " " tag
	while (match(rest, /[ \t\r\n][A-Za-z_:][-A-Za-z0-9_:.]*[ \t\r\n]*=[ \t\r\n]*/)) {
		m = substr(rest, RSTART + 1, RLENGTH - 1)
		sub(/[ \t\r\n]*=.*/, "", m)
		rest = substr(rest, RSTART + RLENGTH)
		q = substr(rest, 1, 1)
		v = substr(rest, 2)
		v = substr(v, 1, index(v, q) - 1)
		rest = substr(rest, length(v) + 3)
		if (m == name)
			return decode(v)
	}
	return NOATTR
}

function cstring(s)
{
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	return "\"" s "\""
}

# Pattern 2.6's pattern.text.nl.inflect.attributive().
function nl_vowel(c)
{
	return c == "a" || c == "e" || c == "i" || c == "o" || c == "u"
}

function nl_attributive(w, n, c1, c2, c3)
{
	w = tolower(w)
	if (w in NL_ATTR)
		return NL_ATTR[w]
	n = length(w)
	if (w ~ /e$/)
		return w
	if (w ~ /(er|st)$/ && n > 4)
		return w "e"
	if (w ~ /ees$/)
		return substr(w, 1, n - 2) substr(w, n, 1) "e"
	c1 = substr(w, n, 1)
	c2 = substr(w, n - 1, 1)
	c3 = substr(w, n - 2, 1)
	if (w ~ /el$/ && n > 2 && !nl_vowel(c3))
		return w "e"
	if (w ~ /ig$/)
		return w "e"
	if (n > 2 && ((!nl_vowel(c1) && nl_vowel(c2) && nl_vowel(c3)) || substr(w, 1, n - 1) ~ /ij$/)) {
		if (w ~ /f$/)
			w = substr(w, 1, n - 1) "v"
		if (w ~ /s$/)
			w = substr(w, 1, n - 1) "z"
		if (substr(w, n - 1, 1) == substr(w, n - 2, 1))
			w = substr(w, 1, n - 2) substr(w, n, 1)
	} else if (n > 1 && nl_vowel(c2) && index("bdfgklmnprst", c1) > 0)
		w = w c1
	return w "e"
}

BEGIN {
	if (lang == "")
		lang = "en"
	if (name == "")
		name = "textblob_lexicon"
	split("civiel civiele complex complexe enkel enkele grof grove half halve luttel luttele " \
	      "mobiel mobiele parijs parijse ruw ruwe simpel simpele stabiel stabiele steriel " \
	      "steriele subtiel subtiele teer tere", nla, " ")
	for (k = 1; k in nla; k += 2)
		NL_ATTR[nla[k]] = nla[k + 1]
	NOATTR = "\001none"
	SEP = "\034"
}

{
	xml = xml $0 "\n"
}

END {
	if (failed)
		exit 1
	# Comments first: they may mention tags.
	while ((i = index(xml, "<!--")) > 0) {
		j = index(substr(xml, i + 4), "-->")
		if (j == 0)
			break
		xml = substr(xml, 1, i - 1) substr(xml, i + 4 + j + 2)
	}
	nwords = 0
	nsenses = 0
	rest = xml
	while (match(rest, /<word[ \t\r\n\/>]/)) {
		rest = substr(rest, RSTART + 5)
		tag = substr(rest, 1, index(rest, ">") - 1)
		sub(/\/$/, "", tag)
		w = attr(tag, "form")
		if (w == NOATTR || w == "")
			continue
		pos = attr(tag, "pos")
		p = attr(tag, "polarity")
		s = attr(tag, "subjectivity")
		i = attr(tag, "intensity")
		p = (p == NOATTR) ? 0.0 : p + 0
		s = (s == NOATTR) ? 0.0 : s + 0
		i = (i == NOATTR) ? 1.0 : i + 0
		nsenses++
		if (!(w in seen)) {
			seen[w] = 1
			order[++nwords] = w
			npos[w] = 0
		}
		k = w SEP pos
		if (!(k in cnt)) {
			cnt[k] = 0
			posat[w, ++npos[w]] = pos
		}
		cnt[k]++
		sp[k] += p
		ss[k] += s
		si[k] += i
	}
	if (nsenses < 1000) {
		print "textblob-gen: too few <word> entries; is this en-sentiment.xml?" > "/dev/stderr"
		exit 1
	}
	# Per part of speech, then over the parts of speech.
	for (n = 1; n <= nwords; n++) {
		w = order[n]
		tp = ts = ti = 0
		for (m = 1; m <= npos[w]; m++) {
			k = w SEP posat[w, m]
			tp += sp[k] / cnt[k]
			ts += ss[k] / cnt[k]
			ti += si[k] / cnt[k]
			if (posat[w, m] == "RB" || (lang == "nl" && posat[w, m] == "JJ"))
				rb[w] = 1
		}
		P[w] = tp / npos[w]
		S[w] = ts / npos[w]
		I[w] = ti / npos[w]
		key[w] = 1
	}
	if (lang == "fr") {
		# Pattern's fr Sentiment.load(): "précaire" is also "precaire".
		for (n = 1; n <= nwords; n++) {
			w = order[n]
			if (w ~ /(à|è|é|ê|ï)$/)
				continue
			a = w
			gsub(/à/, "a", a)
			gsub(/é/, "e", a)
			gsub(/è/, "e", a)
			gsub(/ê/, "e", a)
			gsub(/ï/, "i", a)
			if (a == w)
				continue
			P[a] = P[w]
			S[a] = S[w]
			I[a] = I[w]
			if (w in rb)
				rb[a] = 1
			key[a] = 1
		}
	}
	if (lang == "nl") {
		# Pattern's nl Sentiment.load(): each adjective also gives its
		# attributive form, with the adjective's scores (read as they are
		# then: an earlier word may have changed them).
		for (n = 1; n <= nwords; n++) {
			w = order[n]
			if (!((w SEP "JJ") in cnt) && !(w in jjp))
				continue
			if (!(w in jjp)) {
				k = w SEP "JJ"
				jjp[w] = sp[k] / cnt[k]
				jjs[w] = ss[k] / cnt[k]
				jji[w] = si[k] / cnt[k]
			}
			a = nl_attributive(w)
			p = jjp[w]; s = jjs[w]; i = jji[w]
			jjp[a] = p; jjs[a] = s; jji[a] = i
			P[a] = p; S[a] = s; I[a] = i
			rb[a] = 1
			key[a] = 1
		}
	}
	# Adverbs from adjectives (English only).
	for (n = 1; n <= nwords && lang == "en"; n++) {
		w = order[n]
		k = w SEP "JJ"
		if (!(k in cnt))
			continue
		a = w
		if (a ~ /y$/)
			a = substr(a, 1, length(a) - 1) "i"
		if (a ~ /le$/)
			a = substr(a, 1, length(a) - 2)
		a = a "ly"
		P[a] = sp[k] / cnt[k]
		S[a] = ss[k] / cnt[k]
		I[a] = si[k] / cnt[k]
		rb[a] = 1
		key[a] = 1
	}
	printf "/* Generated by score/textblob-gen.awk from Pattern's %s-sentiment.xml: do not edit. */\n", lang
	printf "#ifndef SENTIO_%s_H\n", toupper(name)
	printf "#define SENTIO_%s_H\n", toupper(name)
	print "#ifndef SENTIO_TEXTBLOB_WORD"
	print "#define SENTIO_TEXTBLOB_WORD"
	print "struct textblob_word {"
	print "\tconst char *word;"
	print "\tdouble polarity, subjectivity, intensity;"
	print "\tint adverb; /* has a modifier (RB) sense: may modify the next word */"
	print "};"
	print "#endif"
	printf "static const struct textblob_word %s[] = {\n", name
	for (w in key)
		printf "\t{%s, %.17g, %.17g, %.17g, %d},\n", cstring(w), P[w], S[w], I[w], (w in rb) ? 1 : 0
	print "};"
	print "#endif"
}
