/*
 * vader.c: VADER as vaderSentiment 3.3.2 computes it.
 *
 * The reference works on Python strings; we work on UTF-8 bytes and
 * reproduce the Python semantics it relies on: str.split() (Unicode
 * white space), str.strip(string.punctuation) (ASCII punctuation),
 * len() in code points, str.lower() and str.isupper().  Every valence
 * goes through the same double operations in the same order, so the
 * scores are bit for bit the reference's before rounding.
 *
 * Per text the work is done in buffers owned by struct vader and grown
 * as needed: scoring allocates nothing once they are large enough.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util.h"
#include "vader.h"
#include "vader_data.h"

#define B_INCR   0.293
#define B_DECR   -0.293
#define C_INCR   0.733
#define N_SCALAR -0.74

const char *const vader_rule_names[] = {"modifier", "no",       "caps",     "booster",
                                        "dampener", "negation", "never-so", "idiom",
                                        "least",    "but",      "phrase"};

/* The words the rules name, found once per token by the hash look-up. */
enum word {
	W_NONE,
	W_NO,
	W_BUT,
	W_KIND,
	W_OF,
	W_NEVER,
	W_SO,
	W_THIS,
	W_WITHOUT,
	W_DOUBT,
	W_LEAST,
	W_AT,
	W_VERY,
	W_OR,
	W_NOR,
	W_THE,
	W_SHIT,
	W_BOMB,
	W_BAD,
	W_ASS,
	W_BUS,
	W_STOP,
	W_YEAH,
	W_RIGHT,
	W_KISS,
	W_DEATH,
	W_TO,
	W_DIE,
	W_FOR,
	W_BEATING,
	W_HEART,
	W_BROKEN,
	W_JUST,
	W_ENOUGH,
	W_SORT,
	W_COUNT
};

static const char *const rule_words[W_COUNT] = {
    [W_NO] = "no",           [W_BUT] = "but",     [W_KIND] = "kind",     [W_OF] = "of",
    [W_NEVER] = "never",     [W_SO] = "so",       [W_THIS] = "this",     [W_WITHOUT] = "without",
    [W_DOUBT] = "doubt",     [W_LEAST] = "least", [W_AT] = "at",         [W_VERY] = "very",
    [W_OR] = "or",           [W_NOR] = "nor",     [W_THE] = "the",       [W_SHIT] = "shit",
    [W_BOMB] = "bomb",       [W_BAD] = "bad",     [W_ASS] = "ass",       [W_BUS] = "bus",
    [W_STOP] = "stop",       [W_YEAH] = "yeah",   [W_RIGHT] = "right",   [W_KISS] = "kiss",
    [W_DEATH] = "death",     [W_TO] = "to",       [W_DIE] = "die",       [W_FOR] = "for",
    [W_BEATING] = "beating", [W_HEART] = "heart", [W_BROKEN] = "broken", [W_JUST] = "just",
    [W_ENOUGH] = "enough",   [W_SORT] = "sort",
};

/* ---- the lexicon: an open-addressing hash table ---- */

struct entry {
	char *key;
	size_t len;
	double valence;
	bool phrase; /* several words from a file of the user's: matched across tokens */
	/* in the table of rule words only: */
	bool is_booster, negation;
	unsigned char word; /* enum word */
	double booster;
};

/* Slots hold (hash << 32 | entry index + 1), 0 when free: probing stays in a small array. */
struct lexicon {
	uint64_t *slots;
	size_t cap; /* a power of two */
	struct entry *ents;
	size_t n, entcap;
	size_t max_words; /* of the active phrases */
};

static inline uint32_t
hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static struct entry *
lex_find_h(const struct lexicon *lx, const char *s, size_t n, uint32_t h)
{
	size_t mask = lx->cap - 1;

	if (!lx->cap)
		return NULL;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		uint64_t sl = lx->slots[i];
		struct entry *e;

		if (!sl)
			return NULL;
		if ((uint32_t)(sl >> 32) != h)
			continue;
		e = &lx->ents[(uint32_t)sl - 1];
		if (e->len == n && memcmp(e->key, s, n) == 0)
			return e;
	}
}

static struct entry *
lex_find(const struct lexicon *lx, const char *s, size_t n)
{
	return lex_find_h(lx, s, n, hash_bytes(s, n));
}

static void
lex_slot(struct lexicon *lx, uint32_t h, size_t idx)
{
	size_t mask = lx->cap - 1, i;

	for (i = h & mask; lx->slots[i]; i = (i + 1) & mask)
		;
	lx->slots[i] = (uint64_t)h << 32 | (uint64_t)(idx + 1);
}

static void
lex_grow(struct lexicon *lx)
{
	lx->cap = lx->cap ? lx->cap * 2 : 256;
	free(lx->slots);
	lx->slots = xcalloc(lx->cap, sizeof(*lx->slots));
	for (size_t i = 0; i < lx->n; i++)
		lex_slot(lx, hash_bytes(lx->ents[i].key, lx->ents[i].len), i);
}

static struct entry *
lex_put(struct lexicon *lx, const char *s, size_t n, double val, bool phrase)
{
	struct entry *e;

	if ((e = lex_find(lx, s, n))) {
		e->valence = val;
		e->phrase = phrase;
		return e;
	}
	if ((lx->n + 1) * 2 > lx->cap)
		lex_grow(lx);
	if (lx->n == lx->entcap) {
		lx->entcap = lx->entcap ? lx->entcap * 2 : 256;
		lx->ents = xrealloc(lx->ents, lx->entcap * sizeof(*lx->ents));
	}
	e = &lx->ents[lx->n];
	memset(e, 0, sizeof(*e));
	e->key = xstrndup(s, n);
	e->len = n;
	e->valence = val;
	e->phrase = phrase;
	lex_slot(lx, hash_bytes(s, n), lx->n++);
	return e;
}

static void
lex_clear(struct lexicon *lx)
{
	for (size_t i = 0; i < lx->n; i++)
		free(lx->ents[i].key);
	if (lx->cap)
		memset(lx->slots, 0, lx->cap * sizeof(*lx->slots));
	lx->n = 0;
	lx->max_words = 0;
}

/* ---- the fixed word lists of the reference ---- */

static const struct {
	const char *w;
	double v;
} boosters[] = {
    {"absolutely", B_INCR},    {"amazingly", B_INCR},    {"awfully", B_INCR},
    {"completely", B_INCR},    {"considerable", B_INCR}, {"considerably", B_INCR},
    {"decidedly", B_INCR},     {"deeply", B_INCR},       {"effing", B_INCR},
    {"enormous", B_INCR},      {"enormously", B_INCR},   {"entirely", B_INCR},
    {"especially", B_INCR},    {"exceptional", B_INCR},  {"exceptionally", B_INCR},
    {"extreme", B_INCR},       {"extremely", B_INCR},    {"fabulously", B_INCR},
    {"flipping", B_INCR},      {"flippin", B_INCR},      {"frackin", B_INCR},
    {"fracking", B_INCR},      {"fricking", B_INCR},     {"frickin", B_INCR},
    {"frigging", B_INCR},      {"friggin", B_INCR},      {"fully", B_INCR},
    {"fuckin", B_INCR},        {"fucking", B_INCR},      {"fuggin", B_INCR},
    {"fugging", B_INCR},       {"greatly", B_INCR},      {"hella", B_INCR},
    {"highly", B_INCR},        {"hugely", B_INCR},       {"incredible", B_INCR},
    {"incredibly", B_INCR},    {"intensely", B_INCR},    {"major", B_INCR},
    {"majorly", B_INCR},       {"more", B_INCR},         {"most", B_INCR},
    {"particularly", B_INCR},  {"purely", B_INCR},       {"quite", B_INCR},
    {"really", B_INCR},        {"remarkably", B_INCR},   {"so", B_INCR},
    {"substantially", B_INCR}, {"thoroughly", B_INCR},   {"total", B_INCR},
    {"totally", B_INCR},       {"tremendous", B_INCR},   {"tremendously", B_INCR},
    {"uber", B_INCR},          {"unbelievably", B_INCR}, {"unusually", B_INCR},
    {"utter", B_INCR},         {"utterly", B_INCR},      {"very", B_INCR},
    {"almost", B_DECR},        {"barely", B_DECR},       {"hardly", B_DECR},
    {"just enough", B_DECR},   {"kind of", B_DECR},      {"kinda", B_DECR},
    {"kindof", B_DECR},        {"kind-of", B_DECR},      {"less", B_DECR},
    {"little", B_DECR},        {"marginal", B_DECR},     {"marginally", B_DECR},
    {"occasional", B_DECR},    {"occasionally", B_DECR}, {"partly", B_DECR},
    {"scarce", B_DECR},        {"scarcely", B_DECR},     {"slight", B_DECR},
    {"slightly", B_DECR},      {"somewhat", B_DECR},     {"sort of", B_DECR},
    {"sorta", B_DECR},         {"sortof", B_DECR},       {"sort-of", B_DECR},
};

static const char *const negations[] = {
    "aint",   "arent",    "cannot",  "cant",     "couldnt",  "darent",   "didnt",   "doesnt",
    "ain't",  "aren't",   "can't",   "couldn't", "daren't",  "didn't",   "doesn't", "dont",
    "hadnt",  "hasnt",    "havent",  "isnt",     "mightnt",  "mustnt",   "neither", "don't",
    "hadn't", "hasn't",   "haven't", "isn't",    "mightn't", "mustn't",  "neednt",  "needn't",
    "never",  "none",     "nope",    "nor",      "not",      "nothing",  "nowhere", "oughtnt",
    "shant",  "shouldnt", "uhuh",    "wasnt",    "werent",   "oughtn't", "shan't",  "shouldn't",
    "uh-uh",  "wasn't",   "weren't", "without",  "wont",     "wouldnt",  "won't",   "wouldn't",
    "rarely", "seldom",   "despite",
};

/* SPECIAL_CASES of several words (the one-word "badass" never matches an n-gram). */
static const struct {
	unsigned char w[3];
	double v;
} special_cases[] = {
    {{W_THE, W_SHIT, 0}, 3},   {{W_THE, W_BOMB, 0}, 3},        {{W_BAD, W_ASS, 0}, 1.5},
    {{W_BUS, W_STOP, 0}, 0.0}, {{W_YEAH, W_RIGHT, 0}, -2},     {{W_KISS, W_OF, W_DEATH}, -1.5},
    {{W_TO, W_DIE, W_FOR}, 3}, {{W_BEATING, W_HEART, 0}, 3.1}, {{W_BROKEN, W_HEART, 0}, -2.9},
};

/* ---- per-text state ---- */

struct tok {
	size_t start, len;   /* in v->buf: the token as VADER sees it */
	size_t lstart, llen; /* in v->lower: its lower case */
	bool upper;          /* str.isupper() */
	bool cased_upper, cased_lower;
	bool in_lex;
	double lexval;
	double booster; /* BOOSTER_DICT value, 0 when none */
	bool is_booster;
	bool negated;       /* in NEGATE or contains "n't" */
	unsigned char word; /* enum word */
	double sent;
	unsigned rules;
};

struct vader {
	struct lexicon lex;
	char *buf; /* the text with emoji replaced by their names */
	size_t bufcap, buflen;
	char *lower;
	size_t lowercap, lowerlen;
	struct tok *toks;
	size_t ntoks, tokcap;
	char *scratch;
	size_t scratchcap;
	double punct, sum; /* of the last text: the amplification by ! and ?, the sum normalised */
	struct lexicon small; /* boosters, negations and rule words, by lower-case token */
};

static inline void
grow(char **p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	while (*cap < need)
		*cap = *cap ? *cap * 2 : 256;
	*p = xrealloc(*p, *cap);
}

/* Decode one code point at s (len > 0); returns its length (ill-formed bytes: 1, U+FFFD). */
static size_t
decode(const unsigned char *s, size_t len, int32_t *cp)
{
	utf8proc_ssize_t n = utf8proc_iterate(s, (utf8proc_ssize_t)len, cp);

	if (n <= 0) {
		*cp = 0xFFFD;
		return 1;
	}
	return (size_t)n;
}

/* Python's str.isspace() for a code point, which is what str.split() splits on. */
static bool
py_space(int32_t c)
{
	if (c < 0x80)
		return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
	return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
	       c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static bool
ascii_punct(unsigned char c)
{
	return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
	       (c >= 0x7B && c <= 0x7E);
}

static const char *
emoji_name(int32_t cp)
{
	size_t lo = 0, hi = vader_emoji_size;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (vader_emoji_data[mid].cp == (unsigned)cp)
			return vader_emoji_data[mid].name;
		if (vader_emoji_data[mid].cp < (unsigned)cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct entry *
small_put(struct lexicon *lx, const char *w)
{
	struct entry *e = lex_find(lx, w, strlen(w));

	return e ? e : lex_put(lx, w, strlen(w), 0, false);
}

struct vader *
vader_new(void)
{
	struct vader *v = xcalloc(1, sizeof(*v));

	for (size_t i = 0; i < vader_lexicon_size; i++)
		lex_put(&v->lex, vader_lexicon_data[i].word, strlen(vader_lexicon_data[i].word),
		        vader_lexicon_data[i].valence, false);
	/* small: boosters, negations and the words the rules name */
	for (size_t i = 0; i < LEN(boosters); i++) {
		struct entry *e = small_put(&v->small, boosters[i].w);

		e->is_booster = true;
		e->booster = boosters[i].v;
	}
	for (size_t i = 0; i < LEN(negations); i++)
		small_put(&v->small, negations[i])->negation = true;
	for (int w = W_NONE + 1; w < W_COUNT; w++)
		small_put(&v->small, rule_words[w])->word = (unsigned char)w;
	return v;
}

void
vader_free(struct vader *v)
{
	if (!v)
		return;
	lex_clear(&v->lex);
	free(v->lex.slots);
	free(v->lex.ents);
	lex_clear(&v->small);
	free(v->small.slots);
	free(v->small.ents);
	free(v->buf);
	free(v->lower);
	free(v->toks);
	free(v->scratch);
	free(v);
}

/* ---- lexicon files ---- */

int
vader_load_lexicon(struct vader *v, const char *path, bool replace, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, *words = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int rc = 0;

	if (!fp) {
		snprintf(err, errlen, ": %s", strerror(errno));
		return -1;
	}
	if (replace)
		lex_clear(&v->lex);
	while ((n = getline(&line, &cap, fp)) > 0) {
		char *p = line, *e = line + n, *tab, *val, *end;
		size_t nw = 0, wl = 0;
		double d;

		lineno++;
		while (e > p && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (p == e)
			continue; /* empty lines are skipped, as VADER does */
		if (memchr(p, '\0', (size_t)(e - p))) {
			snprintf(err, errlen, ":%zu: a NUL byte", lineno);
			rc = -1;
			break;
		}
		if (!(tab = strchr(p, '\t'))) {
			snprintf(err, errlen, ":%zu: no TAB between the token and its valence",
			         lineno);
			rc = -1;
			break;
		}
		*tab = '\0';
		val = tab + 1;
		if ((tab = strchr(val, '\t')))
			*tab = '\0';
		errno = 0;
		d = strtod(val, &end);
		if (!*val || *end || errno == ERANGE || !isfinite(d) || strpbrk(val, "xX")) {
			/* quoted safe for a terminal */
			for (char *q = val; *q; q++)
				if ((unsigned char)*q < 0x20 || *q == 0x7f)
					*q = '?';
			snprintf(err, errlen, ":%zu: valence \"%.40s\" is not a number", lineno,
			         val);
			rc = -1;
			break;
		}
		/* Split the token on spaces: several words make a phrase, joined by one space. */
		words = xrealloc(words, strlen(p) + 1);
		for (char *w = strtok(p, " "); w; w = strtok(NULL, " ")) {
			size_t l = strlen(w);

			if (nw++)
				words[wl++] = ' ';
			memcpy(words + wl, w, l);
			wl += l;
		}
		if (nw == 0) {
			snprintf(err, errlen, ":%zu: an empty token", lineno);
			rc = -1;
			break;
		}
		/* phrases match across tokens when added (--lexicon-add); in a
		 * replacement list they stay inert, as VADER's own do */
		lex_put(&v->lex, words, wl, d, nw > 1 && !replace);
		if (nw > 1 && !replace && nw > v->lex.max_words)
			v->lex.max_words = nw;
	}
	if (rc == 0 && ferror(fp)) {
		snprintf(err, errlen, ": %s", strerror(errno));
		rc = -1;
	}
	free(words);
	free(line);
	fclose(fp);
	return rc;
}

/* ---- tokens ---- */

static bool
in_ranges(int32_t cp, const struct vader_range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if ((unsigned)cp < r[mid].lo)
			hi = mid;
		else if ((unsigned)cp > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

static bool
is_cased(int32_t cp)
{
	if (cp < 0x80)
		return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
	return utf8proc_get_property(cp)->category == UTF8PROC_CATEGORY_LT ||
	       in_ranges(cp, vader_lower_ranges, vader_lower_size) ||
	       in_ranges(cp, vader_upper_ranges, vader_upper_size);
}

/* Is the code point ending before b[at] (within a token starting at s) cased? */
static bool
is_letter(const unsigned char *b, size_t s, size_t at)
{
	size_t k = at - 1;
	int32_t cp;

	while (k > s && (b[k] & 0xC0) == 0x80)
		k--;
	decode(b + k, at - k, &cp);
	return is_cased(cp);
}

/* Append cp's lower case (Python's str.lower()) to v->lower. */
static void
put_lower(struct vader *v, int32_t cp)
{
	utf8proc_uint8_t tmp[8];
	utf8proc_ssize_t n;

	if (cp == 0x130) { /* İ: Python gives i and U+0307 */
		grow(&v->lower, &v->lowercap, v->lowerlen + 3);
		memcpy(v->lower + v->lowerlen, "i\xcc\x87", 3);
		v->lowerlen += 3;
		return;
	}
	n = utf8proc_encode_char(utf8proc_tolower(cp), tmp);
	grow(&v->lower, &v->lowercap, v->lowerlen + (size_t)n);
	memcpy(v->lower + v->lowerlen, tmp, (size_t)n);
	v->lowerlen += (size_t)n;
}

static struct tok *
new_tok(struct vader *v)
{
	if (v->ntoks == v->tokcap) {
		v->tokcap = v->tokcap ? v->tokcap * 2 : 64;
		v->toks = xrealloc(v->toks, v->tokcap * sizeof(*v->toks));
	}
	return &v->toks[v->ntoks++];
}

/* The token buf[s..e): strip ASCII punctuation unless two code points or fewer remain. */
static void
add_token(struct vader *v, size_t s, size_t e)
{
	const unsigned char *b = (const unsigned char *)v->buf;
	size_t ss = s, se = e, ncp = 0;
	struct tok *t;

	while (ss < se && ascii_punct(b[ss]))
		ss++;
	while (se > ss && ascii_punct(b[se - 1]))
		se--;
	for (size_t i = ss; i < se && ncp <= 2; i++)
		if ((b[i] & 0xC0) != 0x80)
			ncp++;
	if (ncp > 2) {
		s = ss;
		e = se;
	}
	t = new_tok(v);
	memset(t, 0, sizeof(*t));
	t->start = s;
	t->len = e - s;
	t->lstart = v->lowerlen;
	for (size_t i = s; i < e;) {
		unsigned char c = b[i];

		if (c < 0x80) {
			grow(&v->lower, &v->lowercap, v->lowerlen + 1);
			if (c >= 'A' && c <= 'Z') {
				t->cased_upper = true;
				c += 32;
			} else if (c >= 'a' && c <= 'z') {
				t->cased_lower = true;
			}
			v->lower[v->lowerlen++] = (char)c;
			i++;
		} else {
			int32_t cp, next;
			const utf8proc_property_t *pr;
			size_t at = i;

			i += decode(b + i, e - i, &cp);
			if (cp == 0x3A3 && at > s && is_letter(b, s, at) &&
			    !(i < e && (decode(b + i, e - i, &next), is_cased(next)))) {
				/* Python's Final_Sigma: Σ ending a word becomes ς */
				grow(&v->lower, &v->lowercap, v->lowerlen + 2);
				memcpy(v->lower + v->lowerlen, "\xcf\x82", 2);
				v->lowerlen += 2;
				t->cased_upper = true;
				continue;
			}
			/* str.isupper(): no Lowercase nor titlecase letter, an Uppercase one */
			pr = utf8proc_get_property(cp);
			if (pr->category == UTF8PROC_CATEGORY_LT ||
			    in_ranges(cp, vader_lower_ranges, vader_lower_size))
				t->cased_lower = true;
			else if (in_ranges(cp, vader_upper_ranges, vader_upper_size))
				t->cased_upper = true;
			put_lower(v, cp);
		}
	}
	t->llen = v->lowerlen - t->lstart;
}

static inline bool
tok_is(const struct vader *v, size_t i, unsigned char w)
{
	return v->toks[i].word == w;
}

/* Merge the user's multi-word phrases into single tokens (longest first, left to right). */
static void
merge_phrases(struct vader *v)
{
	size_t out = 0, maxw = v->lex.max_words;

	for (size_t i = 0; i < v->ntoks;) {
		size_t k, best = 0;
		struct entry *hit = NULL;

		for (k = maxw < v->ntoks - i ? maxw : v->ntoks - i; k >= 2; k--) {
			size_t n = 0;

			for (size_t j = i; j < i + k; j++)
				n += v->toks[j].llen + 1;
			grow(&v->scratch, &v->scratchcap, n);
			n = 0;
			for (size_t j = i; j < i + k; j++) {
				if (j > i)
					v->scratch[n++] = ' ';
				memcpy(v->scratch + n, v->lower + v->toks[j].lstart,
				       v->toks[j].llen);
				n += v->toks[j].llen;
			}
			if ((hit = lex_find(&v->lex, v->scratch, n)) && hit->phrase) {
				best = k;
				break;
			}
		}
		if (best) {
			struct tok t = v->toks[i];
			const struct tok *last = &v->toks[i + best - 1];

			t.len = last->start + last->len - t.start;
			for (size_t j = i + 1; j < i + best; j++) {
				t.cased_upper |= v->toks[j].cased_upper;
				t.cased_lower |= v->toks[j].cased_lower;
			}
			/* the joined lower case goes at the end of v->lower */
			grow(&v->lower, &v->lowercap, v->lowerlen + hit->len);
			memcpy(v->lower + v->lowerlen, hit->key, hit->len);
			t.lstart = v->lowerlen;
			t.llen = hit->len;
			v->lowerlen += hit->len;
			t.rules = VADER_RULE_PHRASE;
			v->toks[out++] = t;
			i += best;
		} else {
			v->toks[out++] = v->toks[i++];
		}
	}
	v->ntoks = out;
}

static void
tokenize(struct vader *v, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	bool prev_space = true;
	size_t i, start;
	bool in_tok;

	/* Emoji by their names, with a space before a name unless one is there already. */
	v->buflen = 0;
	grow(&v->buf, &v->bufcap, len + 1);
	for (i = 0; i < len;) {
		if (s[i] < 0x80) {
			v->buf[v->buflen++] = (char)s[i];
			prev_space = s[i] == ' ';
			i++;
		} else {
			int32_t cp;
			size_t n = decode(s + i, len - i, &cp);
			const char *name = cp >= 0xA9 ? emoji_name(cp) : NULL;

			if (name) {
				size_t nl = strlen(name);

				/* keep room for the rest of the text */
				grow(&v->buf, &v->bufcap, v->buflen + nl + 1 + (len - i));
				if (!prev_space)
					v->buf[v->buflen++] = ' ';
				memcpy(v->buf + v->buflen, name, nl);
				v->buflen += nl;
			} else {
				memcpy(v->buf + v->buflen, s + i, n);
				v->buflen += n;
			}
			prev_space = false;
			i += n;
		}
	}

	/* str.split() */
	v->ntoks = 0;
	v->lowerlen = 0;
	s = (const unsigned char *)v->buf;
	in_tok = false;
	start = 0;
	for (i = 0; i < v->buflen;) {
		int32_t cp;
		size_t n = s[i] < 0x80 ? (cp = s[i], 1) : decode(s + i, v->buflen - i, &cp);

		if (py_space(cp)) {
			if (in_tok)
				add_token(v, start, i);
			in_tok = false;
		} else if (!in_tok) {
			in_tok = true;
			start = i;
		}
		i += n;
	}
	if (in_tok)
		add_token(v, start, v->buflen);

	if (v->lex.max_words > 1)
		merge_phrases(v);

	for (i = 0; i < v->ntoks; i++) {
		struct tok *t = &v->toks[i];
		const char *l = v->lower + t->lstart;
		struct entry *e;

		t->upper = t->cased_upper && !t->cased_lower;
		uint32_t h = hash_bytes(l, t->llen);

		if ((e = lex_find_h(&v->lex, l, t->llen, h))) {
			t->in_lex = true;
			t->lexval = e->valence;
		}
		if ((e = lex_find_h(&v->small, l, t->llen, h))) {
			t->negated = e->negation;
			t->is_booster = e->is_booster;
			t->booster = e->booster;
			t->word = e->word;
		}
		if (!t->negated && t->llen >= 3) {
			const char *q = memchr(l + 1, '\'', t->llen - 2);

			while (q && !t->negated) {
				t->negated = q[-1] == 'n' && q[1] == 't';
				q = memchr(q + 1, '\'', (size_t)(l + t->llen - 1 - (q + 1)));
			}
		}
	}
}

/* ---- the rules ---- */

static double
scalar_inc_dec(const struct tok *t, double valence, bool cap_diff, unsigned *rules)
{
	double scalar = 0.0;

	if (t->is_booster) {
		scalar = t->booster;
		*rules |= scalar > 0 ? VADER_RULE_BOOSTER : VADER_RULE_DAMPENER;
		if (valence < 0)
			scalar *= -1;
		if (t->upper && cap_diff) {
			if (valence > 0)
				scalar += C_INCR;
			else
				scalar -= C_INCR;
			*rules |= VADER_RULE_CAPS;
		}
	}
	return scalar;
}

static bool
is_so_this(const struct vader *v, size_t j)
{
	return tok_is(v, j, W_SO) || tok_is(v, j, W_THIS);
}

static double
negation_check(const struct vader *v, double valence, size_t start_i, size_t i, unsigned *rules)
{
	const struct tok *t = v->toks;

	if (start_i == 0) {
		if (t[i - 1].negated) {
			valence *= N_SCALAR;
			*rules |= VADER_RULE_NEGATION;
		}
	} else if (start_i == 1) {
		if (tok_is(v, i - 2, W_NEVER) && is_so_this(v, i - 1)) {
			valence *= 1.25;
			*rules |= VADER_RULE_NEVER_SO;
		} else if (tok_is(v, i - 2, W_WITHOUT) && tok_is(v, i - 1, W_DOUBT)) {
			;
		} else if (t[i - 2].negated) {
			valence *= N_SCALAR;
			*rules |= VADER_RULE_NEGATION;
		}
	} else {
		if ((tok_is(v, i - 3, W_NEVER) && is_so_this(v, i - 2)) || is_so_this(v, i - 1)) {
			valence *= 1.25;
			*rules |= VADER_RULE_NEVER_SO;
		} else if (tok_is(v, i - 3, W_WITHOUT) &&
		           (tok_is(v, i - 2, W_DOUBT) || tok_is(v, i - 1, W_DOUBT))) {
			;
		} else if (t[i - 3].negated) {
			valence *= N_SCALAR;
			*rules |= VADER_RULE_NEGATION;
		}
	}
	return valence;
}

/* The n-gram of tokens a..a+n-1 equals words w[0..n)? */
static bool
ngram_is(const struct vader *v, size_t a, size_t n, const unsigned char *w)
{
	if (n != (w[2] ? 3u : 2u))
		return false;
	for (size_t k = 0; k < n; k++)
		if (!tok_is(v, a + k, w[k]))
			return false;
	return true;
}

static bool
special_case(const struct vader *v, size_t a, size_t n, double *val)
{
	for (size_t k = 0; k < LEN(special_cases); k++) {
		if (ngram_is(v, a, n, special_cases[k].w)) {
			*val = special_cases[k].v;
			return true;
		}
	}
	return false;
}

/* A two-word booster ("kind of", "sort of", "just enough") at tokens a, a+1. */
static bool
booster_bigram(const struct vader *v, size_t a, double *val)
{
	static const unsigned char bg[][2] = {{W_JUST, W_ENOUGH}, {W_KIND, W_OF}, {W_SORT, W_OF}};

	for (size_t k = 0; k < LEN(bg); k++) {
		if (tok_is(v, a, bg[k][0]) && tok_is(v, a + 1, bg[k][1])) {
			*val = B_DECR;
			return true;
		}
	}
	return false;
}

static double
special_idioms_check(const struct vader *v, double valence, size_t i, unsigned *rules)
{
	size_t n = v->ntoks;
	double sc;

	/* onezero, twoonezero, twoone, threetwoone, threetwo: the first that is a special case */
	if (special_case(v, i - 1, 2, &sc) || special_case(v, i - 2, 3, &sc) ||
	    special_case(v, i - 2, 2, &sc) || special_case(v, i - 3, 3, &sc) ||
	    special_case(v, i - 3, 2, &sc)) {
		valence = sc;
		*rules |= VADER_RULE_IDIOM;
	}
	if (n - 1 > i && special_case(v, i, 2, &sc)) {
		valence = sc;
		*rules |= VADER_RULE_IDIOM;
	}
	if (n - 1 > i + 1 && special_case(v, i, 3, &sc)) {
		valence = sc;
		*rules |= VADER_RULE_IDIOM;
	}
	/* booster n-grams: threetwoone (never one), threetwo, twoone */
	if (booster_bigram(v, i - 3, &sc)) {
		valence = valence + sc;
		*rules |= VADER_RULE_IDIOM;
	}
	if (booster_bigram(v, i - 2, &sc)) {
		valence = valence + sc;
		*rules |= VADER_RULE_IDIOM;
	}
	return valence;
}

static double
least_check(const struct vader *v, double valence, size_t i, unsigned *rules)
{
	const struct tok *t = v->toks;

	if (i > 1 && !t[i - 1].in_lex && tok_is(v, i - 1, W_LEAST)) {
		if (!tok_is(v, i - 2, W_AT) && !tok_is(v, i - 2, W_VERY)) {
			valence *= N_SCALAR;
			*rules |= VADER_RULE_LEAST;
		}
	} else if (i > 0 && !t[i - 1].in_lex && tok_is(v, i - 1, W_LEAST)) {
		valence *= N_SCALAR;
		*rules |= VADER_RULE_LEAST;
	}
	return valence;
}

static double
sentiment_valence(struct vader *v, size_t i, bool cap_diff)
{
	struct tok *t = v->toks, *it = &v->toks[i];
	size_t n = v->ntoks;
	double valence;
	unsigned *rules = &it->rules;

	if (!it->in_lex)
		return 0;
	valence = it->lexval;
	if (tok_is(v, i, W_NO) && i != n - 1 && t[i + 1].in_lex) {
		valence = 0.0;
		*rules |= VADER_RULE_NO;
	}
	if ((i > 0 && tok_is(v, i - 1, W_NO)) || (i > 1 && tok_is(v, i - 2, W_NO)) ||
	    (i > 2 && tok_is(v, i - 3, W_NO) &&
	     (tok_is(v, i - 1, W_OR) || tok_is(v, i - 1, W_NOR)))) {
		valence = it->lexval * N_SCALAR;
		*rules |= VADER_RULE_NO;
	}
	if (it->upper && cap_diff) {
		if (valence > 0)
			valence += C_INCR;
		else
			valence -= C_INCR;
		*rules |= VADER_RULE_CAPS;
	}
	for (size_t start_i = 0; start_i < 3; start_i++) {
		if (i > start_i && !t[i - (start_i + 1)].in_lex) {
			double s = scalar_inc_dec(&t[i - (start_i + 1)], valence, cap_diff, rules);

			if (start_i == 1 && s != 0)
				s = s * 0.95;
			if (start_i == 2 && s != 0)
				s = s * 0.9;
			valence = valence + s;
			valence = negation_check(v, valence, start_i, i, rules);
			if (start_i == 2)
				valence = special_idioms_check(v, valence, i, rules);
		}
	}
	return least_check(v, valence, i, rules);
}

/*
 * _but_check, with its quirk: for each position p in turn, the value v
 * there is rescaled at the first index holding a value equal to v, which
 * may be an earlier index already rescaled.  Short texts search from the
 * start; long ones keep, for each value, a min-heap of the indices up to p
 * holding it, so that a long text cannot take quadratic time.
 */
struct vheap {
	double key; /* 0: free slot (zeros never enter) */
	size_t *a, n, cap;
};

static struct vheap *
vheap_get(struct vheap *tab, size_t cap, double key)
{
	uint64_t bits;
	size_t i;

	memcpy(&bits, &key, sizeof(bits));
	bits ^= bits >> 29;
	bits *= 0xbf58476d1ce4e5b9u;
	bits ^= bits >> 32;
	for (i = bits & (cap - 1); tab[i].key != 0 && tab[i].key != key; i = (i + 1) & (cap - 1))
		;
	tab[i].key = key;
	return &tab[i];
}

static void
vheap_push(struct vheap *h, size_t x)
{
	size_t i;

	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 8;
		h->a = xrealloc(h->a, h->cap * sizeof(*h->a));
	}
	for (i = h->n++; i > 0 && h->a[(i - 1) / 2] > x; i = (i - 1) / 2)
		h->a[i] = h->a[(i - 1) / 2];
	h->a[i] = x;
}

static size_t
vheap_pop(struct vheap *h)
{
	size_t top = h->a[0], x = h->a[--h->n], i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->a[c + 1] < h->a[c])
			c++;
		if (h->a[c] >= x)
			break;
		h->a[i] = h->a[c];
		i = c;
	}
	if (h->n)
		h->a[i] = x;
	return top;
}

static void
rescale(struct tok *t, size_t si, size_t bi, double s)
{
	if (si < bi) {
		t[si].sent = s * 0.5;
		t[si].rules |= VADER_RULE_BUT;
	} else if (si > bi) {
		t[si].sent = s * 1.5;
		t[si].rules |= VADER_RULE_BUT;
	}
}

static void
but_check(struct vader *v)
{
	struct tok *t = v->toks;
	size_t n = v->ntoks, bi, cap;
	struct vheap *tab;

	for (bi = 0; bi < n; bi++)
		if (tok_is(v, bi, W_BUT))
			break;
	if (bi == n)
		return;
	if (n <= 256) {
		for (size_t p = 0; p < n; p++) {
			double s = t[p].sent;
			size_t si;

			if (s == 0)
				continue; /* 0 * 0.5 and 0 * 1.5 are 0: nothing changes */
			for (si = 0; t[si].sent != s; si++)
				;
			rescale(t, si, bi, s);
		}
		return;
	}
	for (cap = 16; cap < 4 * n; cap *= 2)
		;
	tab = xcalloc(cap, sizeof(*tab));
	for (size_t p = 0; p < n; p++) {
		double s = t[p].sent;
		struct vheap *h;
		size_t si;

		if (s == 0)
			continue;
		h = vheap_get(tab, cap, s);
		vheap_push(h, p);
		si = vheap_pop(h);
		rescale(t, si, bi, s);
		vheap_push(t[si].sent == s ? h : vheap_get(tab, cap, t[si].sent), si);
	}
	for (size_t i = 0; i < cap; i++)
		free(tab[i].a);
	free(tab);
}

static double
punctuation_emphasis(const char *text, size_t len)
{
	size_t ep = 0, qm = 0;
	double ep_amp, qm_amp = 0;

	for (size_t i = 0; i < len; i++) {
		if (text[i] == '!')
			ep++;
		else if (text[i] == '?')
			qm++;
	}
	if (ep > 4)
		ep = 4;
	ep_amp = (double)ep * 0.292;
	if (qm > 1) {
		if (qm <= 3)
			qm_amp = (double)qm * 0.18;
		else
			qm_amp = 0.96;
	}
	return ep_amp + qm_amp;
}

double
vader_round(double x, int ndigits, char *buf, size_t size)
{
	static const double p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
	double y, f, frac;
	char *p;

	if (ndigits >= 0 && ndigits < (int)LEN(p10) && fabs(x) < 1e9) {
		/* x * 10^n is off by 1e-6 at most: far from a tie, the nearest integer is sure */
		y = x * p10[ndigits];
		f = floor(y);
		frac = y - f;
		if (fabs(frac - 0.5) > 1e-6 && size >= 24) {
			long long k = (long long)f + (frac > 0.5);
			unsigned long long a =
			    k < 0 ? (unsigned long long)-k : (unsigned long long)k;
			unsigned long long ip = a / (unsigned long long)p10[ndigits];
			unsigned long long fp = a % (unsigned long long)p10[ndigits];
			bool neg = k < 0 || (k == 0 && signbit(x));
			char digits[8];
			int nd = ndigits;

			for (int i = ndigits - 1; i >= 0; i--, fp /= 10)
				digits[i] = (char)('0' + fp % 10);
			while (nd > 1 && digits[nd - 1] == '0')
				nd--;
			if (nd == 0)
				digits[nd++] = '0';
			char tmp[24], *o = buf;
			int t = 0;

			if (neg)
				*o++ = '-';
			do
				tmp[t++] = (char)('0' + ip % 10);
			while ((ip /= 10));
			while (t)
				*o++ = tmp[--t];
			*o++ = '.';
			memcpy(o, digits, (size_t)nd);
			o[nd] = '\0';
			return neg && k == 0 ? -0.0 : (double)k / p10[ndigits];
		}
	}
	/* glibc prints the exact binary value rounded half to even, as Python's round() does */
	snprintf(buf, size, "%.*f", ndigits, x);
	p = buf + strlen(buf);
	while (p[-1] == '0' && p[-2] != '.')
		*--p = '\0';
	return strtod(buf, NULL);
}

void
vader_score(struct vader *v, const char *text, size_t len, struct vader_scores *out)
{
	size_t n, allcaps = 0;
	bool cap_diff;
	double compound = 0.0, pos = 0.0, neg = 0.0, neu = 0.0;

	tokenize(v, text, len);
	n = v->ntoks;
	for (size_t i = 0; i < n; i++)
		allcaps += v->toks[i].upper;
	cap_diff = allcaps > 0 && allcaps < n;

	for (size_t i = 0; i < n; i++) {
		struct tok *t = &v->toks[i];

		t->sent = 0;
		if (t->is_booster) {
			t->rules |= VADER_RULE_MODIFIER;
			continue;
		}
		if (i < n - 1 && tok_is(v, i, W_KIND) && tok_is(v, i + 1, W_OF)) {
			t->rules |= VADER_RULE_MODIFIER;
			continue;
		}
		t->sent = sentiment_valence(v, i, cap_diff);
	}
	but_check(v);

	v->punct = v->sum = 0;
	if (n) {
		double sum_s = 0, punct, pos_sum = 0.0, neg_sum = 0.0, total;
		size_t neu_count = 0;

		for (size_t i = 0; i < n; i++)
			sum_s += v->toks[i].sent;
		/* counted in the text with emoji names, which may have some ("ON! arrow") */
		punct = punctuation_emphasis(v->buf, v->buflen);
		v->punct = punct;
		if (sum_s > 0)
			sum_s += punct;
		else if (sum_s < 0)
			sum_s -= punct;
		v->sum = sum_s;
		compound = sum_s / sqrt(sum_s * sum_s + 15);
		if (compound < -1.0)
			compound = -1.0;
		else if (compound > 1.0)
			compound = 1.0;
		for (size_t i = 0; i < n; i++) {
			double s = v->toks[i].sent;

			if (s > 0)
				pos_sum += s + 1;
			if (s < 0)
				neg_sum += s - 1;
			if (s == 0)
				neu_count++;
		}
		if (pos_sum > fabs(neg_sum))
			pos_sum += punct;
		else if (pos_sum < fabs(neg_sum))
			neg_sum -= punct;
		total = pos_sum + fabs(neg_sum) + (double)neu_count;
		pos = fabs(pos_sum / total);
		neg = fabs(neg_sum / total);
		neu = fabs((double)neu_count / total);
	}
	out->compound = vader_round(compound, 4, out->compound_s, sizeof(out->compound_s));
	out->pos = vader_round(pos, 3, out->pos_s, sizeof(out->pos_s));
	out->neu = vader_round(neu, 3, out->neu_s, sizeof(out->neu_s));
	out->neg = vader_round(neg, 3, out->neg_s, sizeof(out->neg_s));
}

size_t
vader_ntokens(const struct vader *v)
{
	return v->ntoks;
}

void
vader_get_token(const struct vader *v, size_t i, struct vader_token *t)
{
	const struct tok *k = &v->toks[i];

	t->text = v->buf + k->start;
	t->len = k->len;
	t->in_lexicon = k->in_lex;
	t->lexicon = k->lexval;
	t->valence = k->sent;
	t->rules = k->rules;
}

double
vader_punctuation(const struct vader *v)
{
	return v->punct;
}

double
vader_sum(const struct vader *v)
{
	return v->sum;
}
