/*
 * fuzz_clean: sentio-clean's per-text path (clean/text.h, clean/extract.h,
 * clean/dedupe.h) on any bytes.  The first byte picks the options.  The
 * clean text is valid UTF-8 without control characters, and cleaning it
 * again changes nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dedupe.h"
#include "extract.h"
#include "text.h"
#include "utf8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct unicode uni[2];
	static struct extract ex[12];
	static struct dedupe dd;
	static int ready;
	const char *t, *t2;
	size_t n, n2, n3;

	if (!ready) {
		for (int i = 0; i < 12; i++) {
			ex[i].urls = (enum url_mode)(i % 3);
			ex[i].keep_hash = i / 3 % 2;
			ex[i].keep_mentions = i / 6;
		}
		uni[1].nfkc = true;
		dedupe_init(&dd, 4);
		ready = 1;
	}
	if (size < 1)
		return 0;
	struct unicode *u = &uni[data[0] & 1];
	struct extract *x = &ex[(data[0] >> 1) % 12];
	data++, size--;
	/* NUL-terminated, as jansson's strings are: unicode_clean() may return its input. */
	char *in = malloc(size + 1);
	if (!in)
		abort();
	memcpy(in, data, size);
	in[size] = '\0';

	t = unicode_clean(u, in, size, &n);
	if (!t || t[n] != '\0' || !utf8_valid(t, n))
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f)
			abort();
	char *c = malloc(n + 1);
	memcpy(c, t, n + 1);
	t2 = unicode_clean(u, c, n, &n2);
	if (n2 != n || memcmp(t2, c, n))
		abort();
	(void)is_retweet(c, n);
	t = extract(x, c, n, &n3);
	if (!t || t[n3] != '\0' || !utf8_valid(t, n3))
		abort();
	const struct found *lists[] = {&x->url, &x->mention, &x->tag};
	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; i < lists[k]->n; i++) {
			const char *f = found_at(lists[k], i);
			if (!*f || !utf8_valid(f, strlen(f)))
				abort();
		}
	(void)grapheme_count(t, n3);
	(void)grapheme_count(in, size);
	(void)dedupe_seen(&dd, t, n3);
	free(c);
	free(in);
	return 0;
}
