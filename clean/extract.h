/*
 * extract.h: URLs, @mentions and #hashtags: found in the text, listed,
 * and removed or kept in the text as the options say.
 */
#ifndef SENTIO_CLEAN_EXTRACT_H
#define SENTIO_CLEAN_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "strset.h"
#include "text.h"

/* Strings found in one text, without duplicates, in the order found. */
struct found {
	struct buf buf; /* the strings, each ending in '\0' */
	size_t *off;    /* where each starts in buf */
	size_t n, cap;
	struct strset set;
};

enum url_mode { URLS_DROP, URLS_KEEP, URLS_TOKEN };

/* What --urls token puts in place of a URL. */
#define URL_TOKEN "<url>"

struct extract {
	enum url_mode urls;
	bool keep_hash;     /* --hashtags keep: "#happy" stays as it is */
	bool keep_mentions; /* --mentions keep */
	struct found url, mention, tag;
	struct buf out;
	struct buf again; /* extract_again()'s copy of its input */
	bool glued; /* what was taken out left a character that is not ASCII against another */
};

/* The i-th string found. */
static inline const char *
found_at(const struct found *f, size_t i)
{
	return f->buf.p + f->off[i];
}

/*
 * Find the URLs, mentions and hashtags of s[0..len) (text as
 * unicode_clean() leaves it) into x->url, x->mention and x->tag, and
 * return the text rewritten as x's options say, white space collapsed
 * again (NUL-terminated, valid until the next call).
 */
const char *extract(struct extract *x, const char *s, size_t len, size_t *outlen);

/*
 * The same on a text extract() made, adding to what it found: what it took
 * out can leave more to take ("#www.example.org" leaves a URL, "@#bob" a
 * mention).  s may be the text extract() returned.  *changed: did the text
 * change?
 */
const char *extract_again(struct extract *x, const char *s, size_t len, size_t *outlen,
                          bool *changed);

/* Does s[0..len) start as a retweet does: "RT @user:"? */
bool is_retweet(const char *s, size_t len);

#endif
