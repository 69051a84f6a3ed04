/*
 * vader_tokens.h: a text cut into tokens as vaderSentiment 3.3.2 cuts it
 * (emoji by their names, str.split(), punctuation stripped, lower case,
 * str.isupper()), each looked up once in the lexicon and in the small
 * table of the words the rules name.  The rules (vader.c) read the tokens.
 */
#ifndef SENTIO_VADER_TOKENS_H
#define SENTIO_VADER_TOKENS_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "vader_lexicon.h"

struct tok {
	size_t start, len;   /* in text: the token as VADER sees it */
	size_t lstart, llen; /* in lower: its lower case */
	bool upper;          /* str.isupper() */
	bool cased_upper, cased_lower;
	bool in_lex;
	double lexval;
	double booster; /* BOOSTER_DICT value, 0 when none */
	bool is_booster;
	bool negated;       /* in NEGATE or contains "n't" */
	unsigned char word; /* the rule word it is (vader.c), from the small table */
	double sent;
	unsigned rules;
};

/* The tokens of the last text, in buffers reused from text to text. */
struct vader_text {
	struct buf text;    /* the text with emoji replaced by their names */
	struct buf lower;   /* the tokens' lower case */
	struct buf scratch; /* phrases being matched */
	struct tok *toks;
	size_t ntoks, tokcap;
};

/*
 * Cut text[0..len) (UTF-8) into tx->toks: the user's phrases of lex merged
 * into one token each, every token looked up in lex and in small.
 */
void vader_tokenize(struct vader_text *tx, const struct lexicon *lex, const struct lexicon *small,
                    const char *text, size_t len);
void vader_text_free(struct vader_text *tx);

#endif
