/*
 * textblob.c: the TextBlob-compatible model.
 *
 * TextBlob 0.18's default analyzer is Pattern's sentiment(): the text is
 * cut into tokens the way Pattern's tokenizer cuts it, each token is
 * lower-cased and looked up in the en-sentiment.xml lexicon, and the
 * scores of the words found (and of emoticons) are averaged, with three
 * rules on the way: an adverb multiplies the next word by its intensity
 * ("very good"), a negation before a word flips and halves its polarity
 * ("not good" = -0.5 x good), and "!" raises the previous score by 25%.
 * Only words that carry sentiment count in the averages.
 *
 * The steps below follow the reference's order of operations exactly,
 * including its quirks (documented where they occur), because the point of
 * this model is to give the numbers TextBlob users already have.  The
 * lexicon is compiled in from build/gen/textblob_lexicon.h, generated at
 * build time by score/textblob-gen.awk from Debian's python3-pattern.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "textblob.h"
#include "textblob_lexicon.h"
#include "utf8.h"
#include "util.h"

/* ---- scratch space kept between calls ---------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
};

struct tok {
	const char *s;
	size_t n;
};

struct toks {
	struct tok *v;
	size_t len, cap;
};

static void
buf_reserve(struct buf *b, size_t n)
{
	size_t cap;

	if (n <= b->cap)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap < n)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

static void
toks_push(struct toks *t, const char *s, size_t n)
{
	if (t->len == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	t->v[t->len].s = s;
	t->v[t->len].n = n;
	t->len++;
}

static struct buf pre;        /* the text with quotes spaced out */
static struct buf sent, sarc; /* one sentence joined; after the sarcasm mark */
static struct buf emo, word;  /* after emoticons are joined; one lower-cased word */
static struct toks tokens, tail;

/* ---- the lexicon --------------------------------------------------------- */

#define LEXICON_SLOTS 8192                   /* a power of two, well above twice the word count */
static uint16_t lexicon_slot[LEXICON_SLOTS]; /* index + 1 into textblob_lexicon, 0 = empty */
static size_t lexicon_len[LEN(textblob_lexicon)];

static uint32_t
hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void
lexicon_init(void)
{
	_Static_assert(LEN(textblob_lexicon) < LEXICON_SLOTS / 2, "grow LEXICON_SLOTS");
	for (size_t k = 0; k < LEN(textblob_lexicon); k++) {
		const char *w = textblob_lexicon[k].word;
		uint32_t h = hash(w, strlen(w)) & (LEXICON_SLOTS - 1);

		lexicon_len[k] = strlen(w);

		while (lexicon_slot[h])
			h = (h + 1) & (LEXICON_SLOTS - 1);
		lexicon_slot[h] = (uint16_t)(k + 1);
	}
}

static const struct textblob_word *
lexicon_find(const char *w, size_t n)
{
	uint32_t h = hash(w, n) & (LEXICON_SLOTS - 1);

	for (; lexicon_slot[h]; h = (h + 1) & (LEXICON_SLOTS - 1)) {
		size_t k = lexicon_slot[h] - 1u;

		if (lexicon_len[k] == n && memcmp(textblob_lexicon[k].word, w, n) == 0)
			return &textblob_lexicon[k];
	}
	return NULL;
}

/* ---- emoticons ------------------------------------------------------------ */

/*
 * The faces Pattern knows, by mood, in its order.  The tokenizer joins a
 * face it has cut apart (": )" becomes ":)") when the face is written in
 * exactly this case; the scorer then compares lower-cased tokens with the
 * lower-cased faces, which is why "XD" never scores (all letters) but
 * ":d" would if it survived tokenizing (it does not).
 */
static const struct {
	const char *face;
	double polarity;
} faces[] = {
    /* love */
    {"<3", 1.0},
    {"\u2665", 1.0},
    /* grin */
    {">:D", 1.0},
    {":-D", 1.0},
    {":D", 1.0},
    {"=-D", 1.0},
    {"=D", 1.0},
    {"X-D", 1.0},
    {"x-D", 1.0},
    {"XD", 1.0},
    {"xD", 1.0},
    {"8-D", 1.0},
    /* taunt */
    {">:P", 0.75},
    {":-P", 0.75},
    {":P", 0.75},
    {":-p", 0.75},
    {":p", 0.75},
    {":-b", 0.75},
    {":b", 0.75},
    {":c)", 0.75},
    {":o)", 0.75},
    {":^)", 0.75},
    /* smile */
    {">:)", 0.5},
    {":-)", 0.5},
    {":)", 0.5},
    {"=)", 0.5},
    {"=]", 0.5},
    {":]", 0.5},
    {":}", 0.5},
    {":>", 0.5},
    {":3", 0.5},
    {"8)", 0.5},
    {"8-)", 0.5},
    /* wink */
    {">;]", 0.25},
    {";-)", 0.25},
    {";)", 0.25},
    {";-]", 0.25},
    {";]", 0.25},
    {";D", 0.25},
    {";^)", 0.25},
    {"*-)", 0.25},
    {"*)", 0.25},
    /* gasp */
    {">:o", 0.05},
    {":-O", 0.05},
    {":O", 0.05},
    {":o", 0.05},
    {":-o", 0.05},
    {"o_O", 0.05},
    {"o.O", 0.05},
    {"\u00b0O\u00b0", 0.05},
    {"\u00b0o\u00b0", 0.05},
    /* worry */
    {">:/", -0.25},
    {":-/", -0.25},
    {":/", -0.25},
    {":\\", -0.25},
    {">:\\", -0.25},
    {":-.", -0.25},
    {":-s", -0.25},
    {":s", -0.25},
    {":S", -0.25},
    {":-S", -0.25},
    {">.>", -0.25},
    /* frown */
    {">:[", -0.75},
    {":-(", -0.75},
    {":(", -0.75},
    {"=(", -0.75},
    {":-[", -0.75},
    {":[", -0.75},
    {":{", -0.75},
    {":-<", -0.75},
    {":c", -0.75},
    {":-c", -0.75},
    {"=/", -0.75},
    /* cry */
    {":'(", -1.0},
    {":'''(", -1.0},
    {";'(", -1.0},
};

static const char PUNCT[] = ",;:!?()[]{}`'\"@#$^&*+-|=~_"; /* split off words; '.' apart */
static bool punct[256];

#define NFACES LEN(faces)
static char face_lower[NFACES][8];
/* The faces the scorer sees (not all letters) by first byte, each list ended by -1. */
static signed char face_lower_by_byte[256][NFACES + 1];
/* The faces by first byte, in order, each list ended by -1: for the tokenizer. */
static signed char face_by_byte[256][NFACES + 1];

static void
faces_init(void)
{
	size_t nby[256] = {0}, nlow[256] = {0};

	_Static_assert(NFACES < 127, "face indices are signed chars");

	for (size_t k = 0; k < NFACES; k++) {
		const char *f = faces[k].face;
		unsigned char c0 = (unsigned char)f[0];
		bool letters = true;
		size_t i;

		for (i = 0; f[i]; i++) {
			char c = f[i];

			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			else if (!(c >= 'a' && c <= 'z'))
				letters = false;
			face_lower[k][i] = c;
		}
		face_lower[k][i] = '\0';
		face_by_byte[c0][nby[c0]++] = (signed char)k;
		if (!letters) {
			unsigned char l0 = (unsigned char)face_lower[k][0];

			face_lower_by_byte[l0][nlow[l0]++] = (signed char)k;
		}
	}
	for (const char *p = PUNCT; *p; p++)
		punct[(unsigned char)*p] = true;
	for (size_t c = 0; c < 256; c++) {
		face_by_byte[c][nby[c]] = -1;
		face_lower_by_byte[c][nlow[c]] = -1;
	}
}

/* ---- characters ----------------------------------------------------------- */

/* The length of the white-space character at s (Python's str.isspace()), or 0. */
static size_t
space_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];

	if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f))
		return 1;
	if (c < 0xc2 || n < 2)
		return 0;
	if (c == 0xc2)
		return (s[1] == 0x85 || s[1] == 0xa0) ? 2 : 0;
	if (n < 3)
		return 0;
	if (c == 0xe1)
		return (s[1] == 0x9a && s[2] == 0x80) ? 3 : 0;
	if (c == 0xe2 && s[1] == 0x80)
		return (s[2] <= 0x8a || s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf) &&
		               s[2] >= 0x80
		           ? 3
		           : 0;
	if (c == 0xe2 && s[1] == 0x81)
		return s[2] == 0x9f ? 3 : 0;
	if (c == 0xe3)
		return (s[1] == 0x80 && s[2] == 0x80) ? 3 : 0;
	return 0;
}

/* “ ” ‘ ’: E2 80 9C, 9D, 98, 99. */
static bool
curly_quote(const unsigned char *s, size_t n)
{
	return n >= 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	       (s[2] == 0x9c || s[2] == 0x9d || s[2] == 0x98 || s[2] == 0x99);
}

/* Is token t the string literal lit? */
#define TOK_IS(t, lit) ((t)->n == sizeof(lit) - 1 && memcmp((t)->s, lit, sizeof(lit) - 1) == 0)

static const char EOS[] = "END-OF-SENTENCE";

/* ---- the tokenizer -------------------------------------------------------- */

/*
 * Step 1, on the whole text: "n't" gets a space before it, every quote
 * mark (' " “ ” ‘ ’) spaces around it (so "don't" ends as "do n ' t":
 * the reference's contraction rule is undone by its quote rule), and
 * "\r\n" becomes "\n".
 */
static void
space_quotes(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	char *o;

	buf_reserve(&pre, 3 * len + 1);
	o = pre.p;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == 'n' && i + 2 < len && s[i + 1] == '\'' && s[i + 2] == 't') {
			*o++ = ' ';
			*o++ = 'n';
		} else if (s[i] == '\'' || s[i] == '"') {
			*o++ = ' ';
			*o++ = (char)s[i];
			*o++ = ' ';
		} else if (curly_quote(s + i, len - i)) {
			*o++ = ' ';
			memcpy(o, s + i, 3);
			o += 3;
			*o++ = ' ';
			i += 2;
		} else if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') {
			continue;
		} else {
			*o++ = (char)s[i];
		}
	}
	pre.len = (size_t)(o - pre.p);
}

static bool
letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* A word ending in '.' that keeps its period. */
static bool
abbreviation(const char *t, size_t n)
{
	static const char *const known[] = {
	    "a.",   "adj.",  "adv.", "al.",   "a.m.",  "c.",   "cf.",  "comp.", "conf.",
	    "def.", "ed.",   "e.g.", "esp.",  "etc.",  "ex.",  "f.",   "fig.",  "gen.",
	    "id.",  "i.e.",  "int.", "l.",    "m.",    "Med.", "Mil.", "Mr.",   "n.",
	    "n.q.", "orig.", "pl.",  "pred.", "pres.", "p.m.", "ref.", "v.",    "vs."};
	size_t i;

	for (i = 0; i < LEN(known); i++)
		if (strlen(known[i]) == n && memcmp(known[i], t, n) == 0)
			return true;
	/* Letters each followed by a period: "T.", "U.S.". */
	for (i = 0; i + 1 < n && letter(t[i]) && t[i + 1] == '.'; i += 2)
		;
	if (i == n && n > 0)
		return true;
	/* A capital, then consonants (or '|', a slip of the reference's), then the period: "Mr.",
	 * "Dr.", "St.", "Mrs.". */
	if (n >= 3 && t[0] >= 'A' && t[0] <= 'Z') {
		for (i = 1; i < n - 1 && t[i] && strchr("bcdfghjklmnpqrstvwxz|", t[i]); i++)
			;
		if (i == n - 1)
			return true;
	}
	return false;
}

/*
 * Step 2, for each run of non-space characters: punctuation marks at the
 * start and at the end become tokens of their own; "..." stays one token
 * (and swallows more periods); a final period stays on an abbreviation.
 */
static void
split_word(const char *t, size_t n)
{
	while (n > 0 && punct[(unsigned char)t[0]]) {
		toks_push(&tokens, t, 1);
		t++;
		n--;
	}
	tail.len = 0;
	while (n > 0 && (t[n - 1] == '.' || punct[(unsigned char)t[n - 1]])) {
		if (t[n - 1] != '.') {
			toks_push(&tail, t + n - 1, 1);
			n--;
		}
		if (n >= 3 && memcmp(t + n - 3, "...", 3) == 0) {
			toks_push(&tail, "...", 3);
			n -= 3;
			while (n > 0 && t[n - 1] == '.')
				n--;
		}
		if (n > 0 && t[n - 1] == '.') {
			if (abbreviation(t, n))
				break;
			toks_push(&tail, t + n - 1, 1);
			n--;
		}
	}
	if (n > 0)
		toks_push(&tokens, t, n);
	while (tail.len > 0) {
		tail.len--;
		toks_push(&tokens, tail.v[tail.len].s, tail.v[tail.len].n);
	}
}

/* Steps 1 and 2 over the text: the tokens, with two or more line breaks as an EOS token. */
static void
tokenize(const char *text, size_t len)
{
	const unsigned char *s;
	size_t i = 0, n;

	space_quotes(text, len);
	s = (const unsigned char *)pre.p;
	n = pre.len;
	tokens.len = 0;
	while (i < n) {
		size_t w = space_len(s + i, n - i), start;

		if (w) {
			if (s[i] == '\n' && i + 1 < n && s[i + 1] == '\n') {
				toks_push(&tokens, EOS, sizeof(EOS) - 1);
				while (i < n && s[i] == '\n')
					i++;
			} else {
				i += w;
			}
			continue;
		}
		for (start = i; i < n; i++) {
			if (s[i] > ' ' && s[i] < 0x80)
				continue; /* the common case, kept out of space_len() */
			if (space_len(s + i, n - i))
				break;
		}
		split_word(pre.p + start, i - start);
	}
}

static bool
ends_sentence(const struct tok *t)
{
	return TOK_IS(t, ".") || TOK_IS(t, "!") || TOK_IS(t, "?") || TOK_IS(t, "...") ||
	       TOK_IS(t, EOS);
}

/* What may follow the end of a sentence and still belong to it. */
static bool
closes_sentence(const struct tok *t)
{
	return ends_sentence(t) || TOK_IS(t, ")") || TOK_IS(t, "\u201d") || TOK_IS(t, "\u2019") ||
	       TOK_IS(t, "'") || TOK_IS(t, "\"");
}

/* Step 4: "( ! )" becomes the sarcasm mark "(!)". */
static void
join_sarcasm(const struct buf *in, struct buf *out)
{
	const char *s = in->p;
	size_t n = in->len, i = 0;

	buf_reserve(out, n + 1);
	out->len = 0;
	while (i < n) {
		size_t q = i;

		if (s[q] == '(') {
			q++;
			if (q < n && s[q] == ' ')
				q++;
			if (q < n && s[q] == '!') {
				q++;
				if (q < n && s[q] == ' ')
					q++;
				if (q < n && s[q] == ')') {
					memcpy(out->p + out->len, "(!)", 3);
					out->len += 3;
					i = q + 1;
					continue;
				}
			}
		}
		out->p[out->len++] = s[i++];
	}
}

/* The length of the UTF-8 sequence led by c (1 for a stray byte). */
static size_t
seq_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/*
 * Does face f match at s[0..n), a space allowed between its characters,
 * and followed by a space or the end?  The length matched, or 0.
 */
static size_t
face_match(const char *f, const char *s, size_t n)
{
	size_t q = 0;

	for (size_t k = 0; f[k];) {
		size_t l = seq_len((unsigned char)f[k]);

		if (k > 0 && q < n && s[q] == ' ')
			q++;
		if (n - q < l || memcmp(s + q, f + k, l) != 0)
			return 0;
		q += l;
		k += l;
	}
	return (q == n || s[q] == ' ') ? q : 0;
}

/*
 * Step 5: faces the tokenizer cut apart are joined again ("8 - )" is
 * "8-)"), the first face in the table's order winning at each place, left
 * to right, as the reference's regular expression does.
 */
static void
join_faces(const struct buf *in, struct buf *out)
{
	const char *s = in->p;
	size_t n = in->len, i = 0;

	buf_reserve(out, n + 1);
	out->len = 0;
	while (i < n) {
		const signed char *cand = face_by_byte[(unsigned char)s[i]];
		size_t m = 0;
		int k;

		for (; (k = *cand) >= 0; cand++)
			if ((m = face_match(faces[k].face, s + i, n - i)) > 0)
				break;
		if (m > 0) {
			size_t l = strlen(faces[k].face);

			memcpy(out->p + out->len, faces[k].face, l);
			out->len += l;
			i += m;
			continue;
		}
		out->p[out->len++] = s[i++];
	}
}

/* ---- the scorer ----------------------------------------------------------- */

/*
 * The assessments: each is a word with its scores, possibly widened by the
 * words before it.  Only the last one can still change, so the earlier
 * ones are summed as soon as a new one starts, in the same order as the
 * reference sums them.
 */
struct scorer {
	bool have;           /* there is a last assessment */
	double p, s, i;      /* its polarity, subjectivity, intensity */
	bool negated;        /* it is negated: its polarity counts x -0.5 */
	double sum_p, sum_s; /* the assessments before it */
	size_t count;
	bool modifier;    /* the last known word was an adverb ... */
	bool modifier_ly; /* ... ending in "ly" */
	bool negation;    /* a negation waits for the next known word */
};

static double
clamp(double x)
{
	/* max(-1.0, min(x, +1.0)), as Python's min() and max() pick. */
	double t = (1.0 < x) ? 1.0 : x;

	return (t > -1.0) ? t : -1.0;
}

/* The last assessment is final: "not good" = slightly bad, "not bad" = slightly good. */
static void
flush(struct scorer *sc)
{
	if (sc->have) {
		sc->sum_p += sc->negated ? sc->p * -0.5 : sc->p;
		sc->sum_s += sc->s;
		sc->count++;
		sc->have = false;
	}
}

static void
assess(struct scorer *sc, double p, double s, double i)
{
	flush(sc);
	sc->have = true;
	sc->p = p;
	sc->s = s;
	sc->i = i;
	sc->negated = false;
}

static bool
is_negation(const char *w, size_t n)
{
	return (n == 2 && memcmp(w, "no", 2) == 0) || (n == 3 && memcmp(w, "not", 3) == 0) ||
	       (n == 3 && memcmp(w, "n't", 3) == 0) || (n == 5 && memcmp(w, "never", 5) == 0);
}

/* Lower-case s[0..n) into word, as Python's str.lower(); its length in characters. */
static size_t
lower(const char *s, size_t n)
{
	size_t chars = 0, i = 0;

	buf_reserve(&word, 2 * n + 4);
	word.len = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		int l;

		chars++;
		if (c < 0x80) {
			word.p[word.len++] = (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
			i++;
			continue;
		}
		l = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (l <= 0) {
			word.p[word.len++] = (char)c; /* a stray byte: one character */
			i++;
			continue;
		}
		i += (size_t)l;
		if (cp == 0x130) { /* İ: "i" and a combining dot, two characters */
			memcpy(word.p + word.len, "i\xcc\x87", 3);
			word.len += 3;
			chars++;
			continue;
		}
		word.len += utf8_encode(word.p + word.len,
		                        (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp));
	}
	return chars;
}

static void
score_word(struct scorer *sc, const char *raw, size_t rawlen)
{
	size_t chars = lower(raw, rawlen), n = word.len;
	const char *w = word.p;
	const struct textblob_word *e = lexicon_find(w, n);

	if (e) {
		if (!sc->modifier || !sc->have) {
			assess(sc, e->polarity, e->subjectivity, e->intensity);
		} else { /* "very good": good, times the intensity of very */
			sc->p = clamp(e->polarity * sc->i);
			sc->s = clamp(e->subjectivity * sc->i);
			sc->i = e->intensity;
		}
		if (sc->negation) { /* "not (very) good" */
			sc->i = 1.0 / sc->i;
			sc->negated = true;
		}
		sc->modifier = e->adverb;
		sc->modifier_ly = n >= 2 && memcmp(w + n - 2, "ly", 2) == 0;
		sc->negation = is_negation(w, n);
		return;
	}
	if (is_negation(w, n)) {
		sc->negation = true;
	} else if (sc->negation) {
		/* A negation carries over short words ("not a good"): one character, quotes
		 * aside. */
		size_t a = 0, b = n;

		while (a < b && w[a] == '\'')
			a++;
		while (b > a && w[b - 1] == '\'')
			b--;
		if (chars - (n - (b - a)) > 1)
			sc->negation = false;
	}
	if (sc->negation && sc->modifier && sc->modifier_ly) {
		/* "really not good": the negation goes to the adverb's assessment. */
		sc->negated = true;
		sc->negation = false;
	} else if (sc->modifier && chars > 2) {
		/* An adverb carries over words of two characters ("really is a good"). */
		sc->modifier = false;
	}
	if (n == 1 && w[0] == '!' && sc->have)
		sc->p = clamp(sc->p * 1.25);
	if (n == 3 && memcmp(w, "(!)", 3) == 0)
		assess(sc, 0.0, 1.0, 1.0);
	for (const signed char *k = face_lower_by_byte[(unsigned char)w[0]]; *k >= 0; k++) {
		if (strlen(face_lower[*k]) == n && memcmp(face_lower[*k], w, n) == 0) {
			assess(sc, faces[*k].polarity, 1.0, 1.0);
			break;
		}
	}
}

/* Steps 4 to 6 for one sentence: join, mark sarcasm and faces, score each word. */
static void
score_sentence(struct scorer *sc, size_t from, size_t to, bool drop_eos)
{
	size_t need = 0;

	for (size_t k = from; k < to; k++)
		need += tokens.v[k].n + 1;
	buf_reserve(&sent, need + 1);
	sent.len = 0;
	for (size_t k = from; k < to; k++) {
		const struct tok *t = &tokens.v[k];

		if (drop_eos && TOK_IS(t, EOS))
			continue;
		if (sent.len > 0)
			sent.p[sent.len++] = ' ';
		memcpy(sent.p + sent.len, t->s, t->n);
		sent.len += t->n;
	}
	if (sent.len == 0)
		return;
	join_sarcasm(&sent, &sarc);
	join_faces(&sarc, &emo);
	for (size_t i = 0; i < emo.len;) {
		size_t j = i;

		while (j < emo.len && emo.p[j] != ' ')
			j++;
		if (j > i)
			score_word(sc, emo.p + i, j - i);
		i = j + 1;
	}
}

void
textblob_score(const char *text, size_t len, struct textblob_result *r)
{
	static bool ready;
	struct scorer sc = {0};
	size_t i = 0, j = 0, n;

	if (!ready) {
		lexicon_init();
		faces_init();
		ready = true;
	}
	tokenize(text, len);
	/*
	 * Step 3: sentences end after ". ! ? ..." or a paragraph break, with
	 * what closes them (more of those, ")", closing quotes; a straight
	 * quote always starts the next sentence).  Sentences matter only
	 * because a face is never joined across their boundary.
	 */
	n = tokens.len;
	while (j < n) {
		if (ends_sentence(&tokens.v[j])) {
			while (j < n && closes_sentence(&tokens.v[j])) {
				if (TOK_IS(&tokens.v[j], "'") || TOK_IS(&tokens.v[j], "\""))
					break;
				j++;
			}
			score_sentence(&sc, i, j, true);
			i = j;
		}
		j++;
	}
	score_sentence(&sc, i, n, false);
	flush(&sc);
	r->polarity = sc.sum_p / (double)(sc.count ? sc.count : 1);
	r->subjectivity = sc.sum_s / (double)(sc.count ? sc.count : 1);
}
