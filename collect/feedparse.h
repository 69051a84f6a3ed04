/*
 * feedparse.h: an RSS 2.0 or Atom document into records, item by item,
 * with no I/O (feed.c fetches; the fuzzer calls this directly).
 */
#ifndef SENTIO_COLLECT_FEEDPARSE_H
#define SENTIO_COLLECT_FEEDPARSE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct feed_handler {
	/* Asked before each item is taken: false stops the parse (the run ends). */
	bool (*more)(void *arg);
	/*
	 * An item as a record {id, ts, source, text} and author, url, lang,
	 * tags when it has them (borrowed: valid during the call).
	 */
	void (*item)(void *arg, json_t *rec);
	/* An item that is not one, or a document that is not a feed: its bytes and why. */
	void (*reject)(void *arg, unsigned long line, const char *raw, size_t len, const char *why);
	void *arg;
};

/*
 * Parse the document body[0..len); source is the records' "source".
 * Returns false when more() stopped it before every item was read.
 */
bool feed_parse(const char *body, size_t len, const char *source, const struct feed_handler *h);

#endif
