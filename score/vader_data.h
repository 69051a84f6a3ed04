/* vader_data.h: the tables generated at build time into build/gen/vader_data.c. */
#ifndef SENTIO_VADER_DATA_H
#define SENTIO_VADER_DATA_H

#include <stddef.h>

struct vader_lex_entry {
	const char *word;
	double valence;
};

struct vader_emoji_entry {
	unsigned cp;
	const char *name;
};

struct vader_range {
	unsigned lo, hi;
};

/* VADER's word list in file order (a later entry of the same word wins). */
extern const struct vader_lex_entry vader_lexicon_data[];
extern const size_t vader_lexicon_size;
/* Emoji of one code point and their names, sorted by code point. */
extern const struct vader_emoji_entry vader_emoji_data[];
extern const size_t vader_emoji_size;
/* The Lowercase and Uppercase properties of Unicode, as sorted code point ranges. */
extern const struct vader_range vader_lower_ranges[], vader_upper_ranges[];
extern const size_t vader_lower_size, vader_upper_size;

#endif
