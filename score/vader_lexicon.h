/*
 * vader_lexicon.h: the lexicon of VADER (and the small table of the words
 * its rules name): an open-addressing hash table of entries by token, in
 * lower case, and the loading of lexicon files.
 */
#ifndef SENTIO_VADER_LEXICON_H
#define SENTIO_VADER_LEXICON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hash.h"

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

/* The hash of a token, computed once per token for both tables. */
static inline uint32_t
lex_hash(const char *s, size_t n)
{
	return (uint32_t)hash64(s, n);
}

struct entry *lex_find_h(const struct lexicon *lx, const char *s, size_t n, uint32_t h);
struct entry *lex_find(const struct lexicon *lx, const char *s, size_t n);
/* Add s[0..n) or set its valence; returns the entry. */
struct entry *lex_put(struct lexicon *lx, const char *s, size_t n, double val, bool phrase);
/* Remove every entry (the table keeps its size). */
void lex_clear(struct lexicon *lx);
void lex_free(struct lexicon *lx);

/*
 * Load a lexicon file in VADER's format (token TAB mean [TAB ...]); see
 * vader_load_lexicon() in vader.h, which this is.
 */
int lex_load(struct lexicon *lx, const char *path, bool replace, char *err, size_t errlen);

#endif
