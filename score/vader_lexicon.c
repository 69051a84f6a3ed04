/*
 * vader_lexicon.c: VADER's word list as a hash table, and the lexicon
 * files of the user's (--lexicon, --lexicon-add) loaded into it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vader_lexicon.h"

struct entry *
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

struct entry *
lex_find(const struct lexicon *lx, const char *s, size_t n)
{
	return lex_find_h(lx, s, n, lex_hash(s, n));
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
		lex_slot(lx, lex_hash(lx->ents[i].key, lx->ents[i].len), i);
}

struct entry *
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
	lex_slot(lx, lex_hash(s, n), lx->n++);
	return e;
}

void
lex_clear(struct lexicon *lx)
{
	for (size_t i = 0; i < lx->n; i++)
		free(lx->ents[i].key);
	if (lx->cap)
		memset(lx->slots, 0, lx->cap * sizeof(*lx->slots));
	lx->n = 0;
	lx->max_words = 0;
}

void
lex_free(struct lexicon *lx)
{
	lex_clear(lx);
	free(lx->slots);
	free(lx->ents);
}

/* ---- lexicon files ---- */

int
lex_load(struct lexicon *lx, const char *path, bool replace, char *err, size_t errlen)
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
		lex_clear(lx);
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
		lex_put(lx, words, wl, d, nw > 1 && !replace);
		if (nw > 1 && !replace && nw > lx->max_words)
			lx->max_words = nw;
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
