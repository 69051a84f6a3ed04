/*
 * vader.c: VADER as vaderSentiment 3.3.2 computes it.
 *
 * The rules and the scoring: every valence goes through the same double
 * operations in the same order as the reference's, so the scores are bit
 * for bit its own before rounding.  The tokens are vader_tokens.c's, the
 * lexicon vader_lexicon.c's (lexicon <- tokens <- rules).
 *
 * Per text the work is done in buffers owned by struct vader and grown
 * as needed: scoring allocates nothing once they are large enough.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vader.h"
#include "vader_data.h"
#include "vader_lexicon.h"
#include "vader_tokens.h"

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

struct vader {
	struct lexicon lex;
	struct lexicon small; /* boosters, negations and rule words, by lower-case token */
	struct vader_text tx; /* the last text */
	double punct, sum; /* of the last text: the amplification by ! and ?, the sum normalised */
};

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
	lex_free(&v->lex);
	lex_free(&v->small);
	vader_text_free(&v->tx);
	free(v);
}

int
vader_load_lexicon(struct vader *v, const char *path, bool replace, char *err, size_t errlen)
{
	return lex_load(&v->lex, path, replace, err, errlen);
}

/* ---- the rules ---- */

static inline bool
tok_is(const struct vader *v, size_t i, unsigned char w)
{
	return v->tx.toks[i].word == w;
}

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
	const struct tok *t = v->tx.toks;

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
	size_t n = v->tx.ntoks;
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
	const struct tok *t = v->tx.toks;

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
	struct tok *t = v->tx.toks, *it = &v->tx.toks[i];
	size_t n = v->tx.ntoks;
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
	struct tok *t = v->tx.toks;
	size_t n = v->tx.ntoks, bi, cap;
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

	vader_tokenize(&v->tx, &v->lex, &v->small, text, len);
	n = v->tx.ntoks;
	for (size_t i = 0; i < n; i++)
		allcaps += v->tx.toks[i].upper;
	cap_diff = allcaps > 0 && allcaps < n;

	for (size_t i = 0; i < n; i++) {
		struct tok *t = &v->tx.toks[i];

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
			sum_s += v->tx.toks[i].sent;
		/* counted in the text with emoji names, which may have some ("ON! arrow") */
		punct = punctuation_emphasis(v->tx.text.p, v->tx.text.len);
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
			double s = v->tx.toks[i].sent;

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
	return v->tx.ntoks;
}

void
vader_get_token(const struct vader *v, size_t i, struct vader_token *t)
{
	const struct tok *k = &v->tx.toks[i];

	t->text = v->tx.text.p + k->start;
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
