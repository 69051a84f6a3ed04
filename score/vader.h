/*
 * vader.h: the VADER sentiment model, computed exactly as vaderSentiment
 * 3.3.2 computes it (same tokens, same rules, same floating-point
 * operations in the same order, same rounding), plus two extensions:
 * lexicons of one's own and multi-word phrases.
 */
#ifndef SENTIO_VADER_H
#define SENTIO_VADER_H

#include <stdbool.h>
#include <stddef.h>

/* The rules that changed a token's valence (struct vader_token.rules). */
enum {
	VADER_RULE_MODIFIER = 1 << 0, /* the token is a booster or dampener itself: scores 0 */
	VADER_RULE_NO = 1 << 1,       /* "no" before it (or "no" as negation of the next word) */
	VADER_RULE_CAPS = 1 << 2,     /* ALL CAPS among words that are not */
	VADER_RULE_BOOSTER = 1 << 3,  /* a booster up to three words before */
	VADER_RULE_DAMPENER = 1 << 4, /* a dampener up to three words before */
	VADER_RULE_NEGATION = 1 << 5, /* a negation up to three words before */
	VADER_RULE_NEVER_SO = 1 << 6, /* "never so", "never this": intensified */
	VADER_RULE_IDIOM = 1 << 7,    /* a special idiom ("the shit", "kind of" ...) */
	VADER_RULE_LEAST = 1 << 8,    /* "least" before it */
	VADER_RULE_BUT = 1 << 9,      /* before (halved) or after (x1.5) "but" */
	VADER_RULE_PHRASE = 1 << 10   /* a multi-word phrase of a custom lexicon */
};

/* Names of the rules, in bit order, for explanations. */
extern const char *const vader_rule_names[];
#define VADER_NRULES 11

struct vader_scores {
	double compound, pos, neu, neg; /* rounded as the reference rounds them */
	char compound_s[24], pos_s[24], neu_s[24], neg_s[24]; /* the same as Python's repr() */
};

/* One token of the last text scored, for explanations. */
struct vader_token {
	const char *text; /* not NUL-terminated */
	size_t len;
	bool in_lexicon;
	double lexicon; /* the lexicon's valence when in_lexicon */
	double valence; /* after every rule */
	unsigned rules;
};

struct vader;

/* A scorer with the built-in lexicon and emoji table. */
struct vader *vader_new(void);
void vader_free(struct vader *v);

/*
 * Load a lexicon file in VADER's format (token TAB mean [TAB ...]); with
 * replace, it takes the place of the word list, otherwise its entries
 * are added or override.  Entries of several words are phrases.  Returns
 * 0, or -1 with a message in err to follow the file name: ":N: reason"
 * for line N, or ": " and the errno text.
 */
int vader_load_lexicon(struct vader *v, const char *path, bool replace, char *err, size_t errlen);

/* Score text[0..len) (UTF-8). */
void vader_score(struct vader *v, const char *text, size_t len, struct vader_scores *out);

/* The tokens of the last text scored and the amplification from ! and ?. */
size_t vader_ntokens(const struct vader *v);
void vader_get_token(const struct vader *v, size_t i, struct vader_token *t);
double vader_punctuation(const struct vader *v);
/* The sum of the valences with the punctuation's, which compound normalises: x / sqrt(x² + 15). */
double vader_sum(const struct vader *v);

/* Format x rounded to ndigits as Python's repr(round(x, ndigits)) does; returns the rounded value.
 */
double vader_round(double x, int ndigits, char *buf, size_t size);

#endif
