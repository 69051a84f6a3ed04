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
#include "pattern_fr_lexicon.h"
#include "pattern_it_lexicon.h"
#include "pattern_nl_lexicon.h"
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

#define LEXICON_SLOTS 16384 /* a power of two, well above twice the word count */

struct lexicon {
	const struct textblob_word *v;
	size_t n;
	uint16_t slot[LEXICON_SLOTS]; /* index + 1 into v, 0 = empty */
	size_t *len;                  /* strlen of each word */
};

static uint32_t
hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void
lexicon_init(struct lexicon *lx, const struct textblob_word *v, size_t n)
{
	lx->v = v;
	lx->n = n;
	lx->len = xcalloc(n ? n : 1, sizeof(*lx->len));
	for (size_t k = 0; k < n; k++) {
		const char *w = v[k].word;
		uint32_t h = hash(w, strlen(w)) & (LEXICON_SLOTS - 1);

		lx->len[k] = strlen(w);

		while (lx->slot[h])
			h = (h + 1) & (LEXICON_SLOTS - 1);
		lx->slot[h] = (uint16_t)(k + 1);
	}
}

static const struct textblob_word *
lexicon_find(const struct lexicon *lx, const char *w, size_t n)
{
	uint32_t h = hash(w, n) & (LEXICON_SLOTS - 1);

	for (; lx->slot[h]; h = (h + 1) & (LEXICON_SLOTS - 1)) {
		size_t k = lx->slot[h] - 1u;

		if (lx->len[k] == n && memcmp(lx->v[k].word, w, n) == 0)
			return &lx->v[k];
	}
	return NULL;
}

/* ---- the languages ------------------------------------------------------- */

/*
 * English is TextBlob 0.18's copy of Pattern; French, Italian and Dutch
 * are Pattern 2.6 itself (pattern.text.fr, .it, .nl), whose tokenizer and
 * scorer differ from TextBlob's in a few places, each marked "p26" below:
 * the language's own contractions and abbreviations, straight quotes left
 * in words, @mentions kept whole, emoji, and ")" or closing quotes never
 * ending a sentence.
 */
struct lang {
	struct lexicon lex;
	bool p26;                        /* Pattern 2.6 rather than TextBlob */
	const char *const *negations;    /* ended by NULL */
	const char *const *mod_suffixes; /* an adverb that may take a negation */
	const char *const *abbrevs;      /* ended by NULL */
	const char *const *contractions; /* tokens never split: "l'", "'n" */
};

static const char *const en_negations[] = {"no", "not", "n't", "never", NULL};
static const char *const en_mod[] = {"ly", NULL};
static const char *const en_abbrevs[] = {
    "a.",    "adj.",  "adv.", "al.",  "a.m.", "c.",  "cf.",  "comp.", "conf.", "def.",
    "ed.",   "e.g.",  "esp.", "etc.", "ex.",  "f.",  "fig.", "gen.",  "id.",   "i.e.",
    "int.",  "l.",    "m.",   "Med.", "Mil.", "Mr.", "n.",   "n.q.",  "orig.", "pl.",
    "pred.", "pres.", "p.m.", "ref.", "v.",   "vs.", NULL};
static const char *const en_contractions[] = {NULL};

static const char *const fr_negations[] = {"n'",   "ne",   "ni",    "non",    "pas",
                                           "rien", "sans", "aucun", "jamais", NULL};
static const char *const fr_mod[] = {"ment", NULL};
static const char *const fr_abbrevs[] = {
    "av.",   "boul.",      "C.-B.",      "c.-\u00e0-d.", "ex.",  "\u00e9d.", "fig.",   "I.-P.-E.",
    "J.-C.", "Ltee.",      "Lt\u00e9e.", "M.",           "Me.",  "Mlle.",    "Mlles.", "MM.",
    "N.-B.", "N.-\u00c9.", "p.",         "S.B.E.",       "Ste.", "T.-N.",    "t.a.b.", NULL};
static const char *const fr_contractions[] = {
    "l'",     "c'",      "d'",      "j'",     "m'",      "n'",      "qu'", "s'", "t'",
    "jusqu'", "lorsqu'", "puisqu'", "L'",     "C'",      "D'",      "J'",  "M'", "N'",
    "QU'",    "S'",      "T'",      "JUSQU'", "LORSQU'", "PUISQU'", NULL};

static const char *const it_negations[] = {"mai", "no", "non", NULL};
static const char *const it_mod[] = {"mente", NULL};
static const char *const it_abbrevs[] = {
    "a.C.",  "all.", "apr.",   "art.",   "artt.",  "b.c.",     "c.a.",  "cfr.",  "c.d.",
    "c.m.",  "C.V.", "d.C.",   "Dott.",  "ecc.",   "egr.",     "e.v.",  "fam.",  "giu.",
    "Ing.",  "L.",   "n.",     "op.",    "orch.",  "p.es.",    "Prof.", "prof.", "ql.co.",
    "secc.", "sig.", "s.l.m.", "s.r.l.", "Spett.", "S.P.Q.C.", "v.c.",  NULL};
/* Pattern's it replacements: these, and each capitalized, before an apostrophe. */
static const char *const it_elisions[] = {
    "a",    "co",    "all",     "anch", "nient", "cinquant", "b",    "de",    "dev",
    "bell", "quell", "diciott", "c",    "gl",    "don",      "cent", "quest", "occupo",
    "d",    "po",    "dov",     "dall", "trent", "sessant",  "l",    "un",    "nel",
    "dell", "tropp", "m",       "king", "n",     "nell",     "r",    "sant",  "s",
    "sott", "sull",  "tant",    "tutt", "vent",  NULL};
static const char *const it_contractions[] = {NULL}; /* it_elisions + "'", checked apart */

static const char *const nl_negations[] = {"geen", "gene", "ni", "niet", "nooit", NULL};
static const char *const nl_mod[] = {"ig", "isch", "lijk", NULL};
static const char *const nl_abbrevs[] = {
    "a.d.h.v.", "afb.",   "a.u.b.", "bv.",    "b.v.",   "bijv.",  "blz.",   "ca.",      "cfr.",
    "dhr.",     "dr.",    "d.m.v.", "d.w.z.", "e.a.",   "e.d.",   "e.g.",   "enz.",     "etc.",
    "e.v.",     "evt.",   "fig.",   "i.e.",   "i.h.b.", "ir.",    "i.p.v.", "i.s.m.",   "m.a.w.",
    "max.",     "m.b.t.", "m.b.v.", "mevr.",  "min.",   "n.a.v.", "nl.",    "n.o.t.k.", "n.t.b.",
    "n.v.t.",   "o.a.",   "ong.",   "pag.",   "ref.",   "t.a.v.", "tel.",   "zgn.",     NULL};
static const char *const nl_contractions[] = {"'n", NULL};

static struct lang langs[] = {
    [TEXTBLOB_EN] = {.negations = en_negations,
                     .mod_suffixes = en_mod,
                     .abbrevs = en_abbrevs,
                     .contractions = en_contractions},
    [TEXTBLOB_FR] = {.p26 = true,
                     .negations = fr_negations,
                     .mod_suffixes = fr_mod,
                     .abbrevs = fr_abbrevs,
                     .contractions = fr_contractions},
    [TEXTBLOB_IT] = {.p26 = true,
                     .negations = it_negations,
                     .mod_suffixes = it_mod,
                     .abbrevs = it_abbrevs,
                     .contractions = it_contractions},
    [TEXTBLOB_NL] = {.p26 = true,
                     .negations = nl_negations,
                     .mod_suffixes = nl_mod,
                     .abbrevs = nl_abbrevs,
                     .contractions = nl_contractions},
};

static const struct lang *L; /* the language of the text being scored */
static enum textblob_lang L_code;

static bool
in_list(const char *const *list, const char *w, size_t n)
{
	for (; *list; list++)
		if (strlen(*list) == n && memcmp(*list, w, n) == 0)
			return true;
	return false;
}

static bool
ends_with(const char *w, size_t n, const char *suffix)
{
	size_t l = strlen(suffix);

	return n >= l && memcmp(w + n - l, suffix, l) == 0;
}

/* Does s[0..n) end with an Italian elision of Pattern's (its capitalized form too)? */
static bool
it_elision_before(const char *s, size_t n)
{
	for (const char *const *e = it_elisions; *e; e++) {
		size_t l = strlen(*e);

		if (n < l)
			continue;
		if (memcmp(s + n - l, *e, l) == 0)
			return true;
		if (s[n - l] == (*e)[0] - 'a' + 'A' && memcmp(s + n - l + 1, *e + 1, l - 1) == 0)
			return true;
	}
	return false;
}

/* Is t[0..n) an Italian elision of Pattern's, or one capitalized? */
static bool
it_elision(const char *t, size_t n)
{
	for (const char *const *e = it_elisions; *e; e++) {
		size_t l = strlen(*e);

		if (l == n && (memcmp(t, *e, l) == 0 ||
		               (t[0] == (*e)[0] - 'a' + 'A' && memcmp(t + 1, *e + 1, l - 1) == 0)))
			return true;
	}
	return false;
}

/* Is token t[0..n) one of the language's contractions, which the tokenizer never splits? */
static bool
contraction(const char *t, size_t n)
{
	if (L_code == TEXTBLOB_IT)
		return n >= 2 && t[n - 1] == '\'' && it_elision(t, n - 1);
	return in_list(L->contractions, t, n);
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
	bool p26; /* only in Pattern 2.6 */
} faces[] = {
    /* love */
    {"<3", 1.0, false},
    {"\u2665", 1.0, false},
    {"\u2764", 1.0, true},
    /* grin */
    {">:D", 1.0, false},
    {":-D", 1.0, false},
    {":D", 1.0, false},
    {"=-D", 1.0, false},
    {"=D", 1.0, false},
    {"X-D", 1.0, false},
    {"x-D", 1.0, false},
    {"XD", 1.0, false},
    {"xD", 1.0, false},
    {"8-D", 1.0, false},
    /* taunt */
    {">:P", 0.75, false},
    {":-P", 0.75, false},
    {":P", 0.75, false},
    {":-p", 0.75, false},
    {":p", 0.75, false},
    {":-b", 0.75, false},
    {":b", 0.75, false},
    {":c)", 0.75, false},
    {":o)", 0.75, false},
    {":^)", 0.75, false},
    /* smile */
    {">:)", 0.5, false},
    {":-)", 0.5, false},
    {":)", 0.5, false},
    {"=)", 0.5, false},
    {"=]", 0.5, false},
    {":]", 0.5, false},
    {":}", 0.5, false},
    {":>", 0.5, false},
    {":3", 0.5, false},
    {"8)", 0.5, false},
    {"8-)", 0.5, false},
    /* wink */
    {">;]", 0.25, false},
    {";-)", 0.25, false},
    {";)", 0.25, false},
    {";-]", 0.25, false},
    {";]", 0.25, false},
    {";D", 0.25, false},
    {";^)", 0.25, false},
    {"*-)", 0.25, false},
    {"*)", 0.25, false},
    /* blank */
    {":-|", 0.0, true},
    {":|", 0.0, true},
    /* gasp */
    {">:o", 0.05, false},
    {":-O", 0.05, false},
    {":O", 0.05, false},
    {":o", 0.05, false},
    {":-o", 0.05, false},
    {"o_O", 0.05, false},
    {"o.O", 0.05, false},
    {"\u00b0O\u00b0", 0.05, false},
    {"\u00b0o\u00b0", 0.05, false},
    /* worry */
    {">:/", -0.25, false},
    {":-/", -0.25, false},
    {":/", -0.25, false},
    {":\\", -0.25, false},
    {">:\\", -0.25, false},
    {":-.", -0.25, false},
    {":-s", -0.25, false},
    {":s", -0.25, false},
    {":S", -0.25, false},
    {":-S", -0.25, false},
    {">.>", -0.25, false},
    /* frown */
    {">:[", -0.75, false},
    {":-(", -0.75, false},
    {":(", -0.75, false},
    {"=(", -0.75, false},
    {":-[", -0.75, false},
    {":[", -0.75, false},
    {":{", -0.75, false},
    {":-<", -0.75, false},
    {":c", -0.75, false},
    {":-c", -0.75, false},
    {"=/", -0.75, false},
    /* cry */
    {":'(", -1.0, false},
    {":'''(", -1.0, false},
    {";'(", -1.0, false},
};

/* p26: Pattern 2.6's emoji, by mood; the tokenizer spaces them out. */
static const struct {
	const char *emoji;
	double polarity;
} emoji[] = {
    /* love */
    {"\u2764\ufe0f", 1.0},
    {"\U0001f49c", 1.0},
    {"\U0001f49a", 1.0},
    {"\U0001f499", 1.0},
    {"\U0001f49b", 1.0},
    {"\U0001f495", 1.0},
    /* grin */
    {"\U0001f600", 1.0},
    {"\U0001f604", 1.0},
    {"\U0001f603", 1.0},
    {"\U0001f606", 1.0},
    {"\U0001f605", 1.0},
    {"\U0001f602", 1.0},
    {"\U0001f601", 1.0},
    {"\U0001f63b", 1.0},
    {"\U0001f60d", 1.0},
    {"\U0001f608", 1.0},
    {"\U0001f44c", 1.0},
    /* taunt */
    {"\U0001f61b", 0.75},
    {"\U0001f61d", 0.75},
    {"\U0001f61c", 0.75},
    {"\U0001f60b", 0.75},
    {"\U0001f607", 0.75},
    /* smile */
    {"\U0001f60a", 0.5},
    {"\U0001f60c", 0.5},
    {"\U0001f60f", 0.5},
    {"\U0001f60e", 0.5},
    {"\u263a", 0.5},
    {"\U0001f44d", 0.5},
    /* wink */
    {"\U0001f609", 0.25},
    /* blank */
    {"\U0001f610", 0.0},
    {"\U0001f636", 0.0},
    /* gasp */
    {"\U0001f633", -0.05},
    {"\U0001f62e", -0.05},
    {"\U0001f62f", -0.05},
    {"\U0001f627", -0.05},
    {"\U0001f626", -0.05},
    {"\U0001f640", -0.05},
    /* worry */
    {"\U0001f615", -0.25},
    {"\U0001f62c", -0.25},
    /* frown */
    {"\U0001f61f", -0.75},
    {"\U0001f612", -0.75},
    {"\U0001f614", -0.75},
    {"\U0001f61e", -0.75},
    {"\U0001f620", -0.75},
    {"\U0001f629", -0.75},
    {"\U0001f62b", -0.75},
    {"\U0001f621", -0.75},
    {"\U0001f47f", -0.75},
    /* cry */
    {"\U0001f622", -1.0},
    {"\U0001f625", -1.0},
    {"\U0001f613", -1.0},
    {"\U0001f62a", -1.0},
    {"\U0001f62d", -1.0},
    {"\U0001f63f", -1.0},
};

/* The emoji at s[0..n), longest first: its length, or 0. */
static size_t
emoji_at(const char *s, size_t n, size_t *which)
{
	size_t best = 0;

	if (n < 3 || (unsigned char)s[0] < 0xe2)
		return 0;
	for (size_t k = 0; k < LEN(emoji); k++) {
		size_t l = strlen(emoji[k].emoji);

		if (l <= n && l > best && memcmp(s, emoji[k].emoji, l) == 0) {
			best = l;
			*which = k;
		}
	}
	return best;
}

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
static bool
fr_elision(const unsigned char *s, size_t i, bool upper)
{
	const char *one = upper ? "LCDJMNST" : "lcdjmnst";

	if (i >= 1 && strchr(one, s[i - 1]) && s[i - 1])
		return true;
	return i >= 2 && s[i - 1] == (upper ? 'U' : 'u') && s[i - 2] == (upper ? 'Q' : 'q');
}

/*
 * p26, step 1: the language's contractions get a space after them (fr
 * "l'", "qu'"; it "dell'"; nl "'n" a space before), curly quotes are
 * spaced out (but French "l’" is kept, as Pattern's &rsquo; detour keeps
 * it; "L’" ends as "L&RSQUO ;", as there), straight quotes stay in words,
 * "\r\n" becomes "\n".
 */
static void
space_quotes_p26(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	char *o;

	buf_reserve(&pre, 9 * len + 1);
	o = pre.p;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\'') {
			bool after = false, before = false;

			if (L_code == TEXTBLOB_FR)
				after = fr_elision(s, i, false) || fr_elision(s, i, true);
			else if (L_code == TEXTBLOB_IT)
				after = it_elision_before(text, i);
			else if (L_code == TEXTBLOB_NL)
				before = i + 1 < len && s[i + 1] == 'n';
			if (before)
				*o++ = ' ';
			*o++ = '\'';
			if (after)
				*o++ = ' ';
		} else if (curly_quote(s + i, len - i)) {
			if (L_code == TEXTBLOB_FR && s[i + 2] == 0x99 && fr_elision(s, i, false)) {
				memcpy(o, s + i, 3);
				o += 3;
				*o++ = ' ';
			} else if (L_code == TEXTBLOB_FR && s[i + 2] == 0x99 &&
			           fr_elision(s, i, true)) {
				memcpy(o, "&RSQUO; ", 8);
				o += 8;
			} else {
				*o++ = ' ';
				memcpy(o, s + i, 3);
				o += 3;
				*o++ = ' ';
			}
			i += 2;
		} else if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') {
			continue;
		} else {
			*o++ = (char)s[i];
		}
	}
	pre.len = (size_t)(o - pre.p);
}

static void
space_quotes(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	char *o;

	if (L->p26) {
		space_quotes_p26(text, len);
		return;
	}
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
	size_t i;

	if (in_list(L->abbrevs, t, n))
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
/* p26: Pattern's RE_MENTION: "@name" followed by the end or one of ",:.!?". */
static bool
mention(const char *t, size_t n)
{
	size_t i = 1;

	if (n < 2 || t[0] != '@')
		return false;
	while (i < n && ((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'A' && t[i] <= 'z')))
		i++;
	return i > 1 && (i == n || strchr(",:.!?", t[i]));
}

static void
split_word(const char *t, size_t n)
{
	bool p26 = L->p26;
	bool keep_lead = p26 && mention(t, n);

	/* p26: a leading '.' is split off too, one by one ("...bien" is ". . . bien") */
	while (!keep_lead && n > 0 && (punct[(unsigned char)t[0]] || (p26 && t[0] == '.')) &&
	       !(p26 && contraction(t, n))) {
		toks_push(&tokens, t, 1);
		t++;
		n--;
	}
	tail.len = 0;
	while (n > 0 && (t[n - 1] == '.' || punct[(unsigned char)t[n - 1]]) &&
	       !(p26 && contraction(t, n))) {
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

	buf_reserve(out, 3 * n + 1); /* p26: room for spaces around each emoji */
	out->len = 0;
	while (i < n) {
		const signed char *cand = face_by_byte[(unsigned char)s[i]];
		size_t m = 0;
		int k;

		for (; (k = *cand) >= 0; cand++)
			if ((!faces[k].p26 || L->p26) &&
			    (m = face_match(faces[k].face, s + i, n - i)) > 0)
				break;
		if (m > 0) {
			size_t l = strlen(faces[k].face);

			memcpy(out->p + out->len, faces[k].face, l);
			out->len += l;
			i += m;
			continue;
		}
		if (L->p26) { /* Pattern 2.6 spaces emoji out */
			size_t which, l = emoji_at(s + i, n - i, &which);

			if (l > 0) {
				out->p[out->len++] = ' ';
				memcpy(out->p + out->len, s + i, l);
				out->len += l;
				out->p[out->len++] = ' ';
				i += l;
				continue;
			}
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
	return in_list(L->negations, w, n);
}

/* May the adverb w[0..n) take a negation after it ("really not good")? */
static bool
is_modifier(const char *w, size_t n)
{
	for (const char *const *m = L->mod_suffixes; *m; m++)
		if (ends_with(w, n, *m))
			return true;
	return false;
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
	const struct textblob_word *e = lexicon_find(&L->lex, w, n);

	if (e) {
		if (!sc->modifier || !sc->have) {
			assess(sc, e->polarity, e->subjectivity, e->intensity);
		} else { /* "very good": good, times the intensity of very */
			sc->p = clamp(e->polarity * sc->i);
			sc->s = clamp(e->subjectivity * sc->i);
			sc->i = e->intensity;
		}
		if (sc->negation) { /* "not (very) good" */
			sc->i = 1.0 / (L->p26 && sc->i == 0.0 ? 1.0 : sc->i);
			sc->negated = true;
		}
		sc->modifier = e->adverb;
		sc->modifier_ly = is_modifier(w, n);
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
		if (faces[*k].p26 && !L->p26)
			continue;
		if (strlen(face_lower[*k]) == n && memcmp(face_lower[*k], w, n) == 0) {
			/* p26: Pattern 2.6 has a gasp at -0.05, TextBlob at +0.05 */
			double p = faces[*k].polarity;

			assess(sc, L->p26 && p == 0.05 ? -0.05 : p, 1.0, 1.0);
			break;
		}
	}
	if (L->p26 && (unsigned char)w[0] >= 0xe2) {
		for (size_t k = 0; k < LEN(emoji); k++) {
			if (strlen(emoji[k].emoji) == n && memcmp(emoji[k].emoji, w, n) == 0) {
				assess(sc, emoji[k].polarity, 1.0, 1.0);
				break;
			}
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
	textblob_score_lang(TEXTBLOB_EN, text, len, r);
}

void
textblob_score_lang(enum textblob_lang lang, const char *text, size_t len,
                    struct textblob_result *r)
{
	static bool ready;
	struct scorer sc = {0};
	size_t i = 0, j = 0, n;

	if (!ready) {
		faces_init();
		ready = true;
	}
	L = &langs[lang];
	L_code = lang;
	if (!L->lex.v) {
		switch (lang) {
		case TEXTBLOB_EN:
			lexicon_init(&langs[lang].lex, textblob_lexicon, LEN(textblob_lexicon));
			break;
		case TEXTBLOB_FR:
			lexicon_init(&langs[lang].lex, pattern_fr_lexicon, LEN(pattern_fr_lexicon));
			break;
		case TEXTBLOB_IT:
			lexicon_init(&langs[lang].lex, pattern_it_lexicon, LEN(pattern_it_lexicon));
			break;
		case TEXTBLOB_NL:
			lexicon_init(&langs[lang].lex, pattern_nl_lexicon, LEN(pattern_nl_lexicon));
			break;
		}
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
			while (j < n && (L->p26 ? ends_sentence(&tokens.v[j])
			                        : closes_sentence(&tokens.v[j]))) {
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
