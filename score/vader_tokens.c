/*
 * vader_tokens.c: VADER's tokens.  The reference works on Python strings;
 * we work on UTF-8 bytes and reproduce the Python semantics it relies on:
 * str.split() (Unicode white space), str.strip(string.punctuation) (ASCII
 * punctuation), len() in code points, str.lower() and str.isupper().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "utf8.h"
#include "util.h"
#include "vader.h" /* the rule bits */
#include "vader_data.h"
#include "vader_tokens.h"

/* Decode one code point at s (len > 0); returns its length (ill-formed: its maximal subpart,
 * U+FFFD). */
static size_t
decode(const unsigned char *s, size_t len, int32_t *cp)
{
	uint32_t c;
	int n = utf8_decode(s, len, &c);

	*cp = (int32_t)c;
	return n < 0 ? (size_t)-n : (size_t)n;
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

/* Append cp's lower case (Python's str.lower()) to tx->lower. */
static void
put_lower(struct vader_text *tx, int32_t cp)
{
	utf8proc_uint8_t tmp[8];
	utf8proc_ssize_t n;

	if (cp == 0x130) { /* İ: Python gives i and U+0307 */
		buf_add(&tx->lower, "i\xcc\x87", 3);
		return;
	}
	n = utf8proc_encode_char(utf8proc_tolower(cp), tmp);
	buf_add(&tx->lower, tmp, (size_t)n);
}

static struct tok *
new_tok(struct vader_text *tx)
{
	if (tx->ntoks == tx->tokcap) {
		tx->tokcap = tx->tokcap ? tx->tokcap * 2 : 64;
		tx->toks = xrealloc(tx->toks, tx->tokcap * sizeof(*tx->toks));
	}
	return &tx->toks[tx->ntoks++];
}

/* The token buf[s..e): strip ASCII punctuation unless two code points or fewer remain. */
static void
add_token(struct vader_text *tx, size_t s, size_t e)
{
	const unsigned char *b = (const unsigned char *)tx->text.p;
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
	t = new_tok(tx);
	memset(t, 0, sizeof(*t));
	t->start = s;
	t->len = e - s;
	t->lstart = tx->lower.len;
	for (size_t i = s; i < e;) {
		unsigned char c = b[i];

		if (c < 0x80) {
			if (c >= 'A' && c <= 'Z') {
				t->cased_upper = true;
				c += 32;
			} else if (c >= 'a' && c <= 'z') {
				t->cased_lower = true;
			}
			buf_addc(&tx->lower, (char)c);
			i++;
		} else {
			int32_t cp, next;
			const utf8proc_property_t *pr;
			size_t at = i;

			i += decode(b + i, e - i, &cp);
			if (cp == 0x3A3 && at > s && is_letter(b, s, at) &&
			    !(i < e && (decode(b + i, e - i, &next), is_cased(next)))) {
				/* Python's Final_Sigma: Σ ending a word becomes ς */
				buf_add(&tx->lower, "\xcf\x82", 2);
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
			put_lower(tx, cp);
		}
	}
	t->llen = tx->lower.len - t->lstart;
}

/* Merge the user's multi-word phrases into single tokens (longest first, left to right). */
static void
merge_phrases(struct vader_text *tx, const struct lexicon *lex)
{
	size_t out = 0, maxw = lex->max_words;

	for (size_t i = 0; i < tx->ntoks;) {
		size_t k, best = 0;
		struct entry *hit = NULL;

		for (k = maxw < tx->ntoks - i ? maxw : tx->ntoks - i; k >= 2; k--) {
			size_t n = 0;

			for (size_t j = i; j < i + k; j++)
				n += tx->toks[j].llen + 1;
			buf_reserve(&tx->scratch, n);
			n = 0;
			for (size_t j = i; j < i + k; j++) {
				if (j > i)
					tx->scratch.p[n++] = ' ';
				memcpy(tx->scratch.p + n, tx->lower.p + tx->toks[j].lstart,
				       tx->toks[j].llen);
				n += tx->toks[j].llen;
			}
			if ((hit = lex_find(lex, tx->scratch.p, n)) && hit->phrase) {
				best = k;
				break;
			}
		}
		if (best) {
			struct tok t = tx->toks[i];
			const struct tok *last = &tx->toks[i + best - 1];

			t.len = last->start + last->len - t.start;
			for (size_t j = i + 1; j < i + best; j++) {
				t.cased_upper |= tx->toks[j].cased_upper;
				t.cased_lower |= tx->toks[j].cased_lower;
			}
			/* the joined lower case goes at the end of tx->lower */
			t.lstart = tx->lower.len;
			t.llen = hit->len;
			buf_add(&tx->lower, hit->key, hit->len);
			t.rules = VADER_RULE_PHRASE;
			tx->toks[out++] = t;
			i += best;
		} else {
			tx->toks[out++] = tx->toks[i++];
		}
	}
	tx->ntoks = out;
}

void
vader_tokenize(struct vader_text *tx, const struct lexicon *lex, const struct lexicon *small,
               const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	bool prev_space = true;
	size_t i, start;
	bool in_tok;

	/* Emoji by their names, with a space before a name unless one is there already. */
	tx->text.len = 0;
	buf_reserve(&tx->text, len);
	for (i = 0; i < len;) {
		if (s[i] < 0x80) {
			tx->text.p[tx->text.len++] = (char)s[i];
			prev_space = s[i] == ' ';
			i++;
		} else {
			int32_t cp;
			size_t n = decode(s + i, len - i, &cp);
			const char *name = cp >= 0xA9 ? emoji_name(cp) : NULL;

			if (name) {
				size_t nl = strlen(name);

				/* keep room for the rest of the text */
				buf_reserve(&tx->text, nl + 1 + (len - i));
				if (!prev_space)
					tx->text.p[tx->text.len++] = ' ';
				memcpy(tx->text.p + tx->text.len, name, nl);
				tx->text.len += nl;
			} else {
				memcpy(tx->text.p + tx->text.len, s + i, n);
				tx->text.len += n;
			}
			prev_space = false;
			i += n;
		}
	}

	/* str.split() */
	tx->ntoks = 0;
	tx->lower.len = 0;
	s = (const unsigned char *)tx->text.p;
	in_tok = false;
	start = 0;
	for (i = 0; i < tx->text.len;) {
		int32_t cp;
		size_t n = s[i] < 0x80 ? (cp = s[i], 1) : decode(s + i, tx->text.len - i, &cp);

		if (py_space(cp)) {
			if (in_tok)
				add_token(tx, start, i);
			in_tok = false;
		} else if (!in_tok) {
			in_tok = true;
			start = i;
		}
		i += n;
	}
	if (in_tok)
		add_token(tx, start, tx->text.len);

	if (lex->max_words > 1)
		merge_phrases(tx, lex);

	for (i = 0; i < tx->ntoks; i++) {
		struct tok *t = &tx->toks[i];
		const char *l = tx->lower.p + t->lstart;
		struct entry *e;

		t->upper = t->cased_upper && !t->cased_lower;
		uint32_t h = lex_hash(l, t->llen);

		if ((e = lex_find_h(lex, l, t->llen, h))) {
			t->in_lex = true;
			t->lexval = e->valence;
		}
		if ((e = lex_find_h(small, l, t->llen, h))) {
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

void
vader_text_free(struct vader_text *tx)
{
	buf_free(&tx->text);
	buf_free(&tx->lower);
	buf_free(&tx->scratch);
	free(tx->toks);
}
