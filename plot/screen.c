/*
 * screen.c: a chart is drawn on a grid of cells, each holding one
 * grapheme cluster and its colour, then turned into bytes in one go:
 * for the live terminal a frame that overwrites the last one in place,
 * for a file plain lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "util.h"

void
screen_init(struct screen *sc, int w, int h)
{
	sc->w = w < 1 ? 1 : w;
	sc->h = h < 1 ? 1 : h;
	sc->cells = xcalloc((size_t)sc->w * (size_t)sc->h, sizeof(*sc->cells));
	for (int i = 0; i < sc->w * sc->h; i++) {
		sc->cells[i].s[0] = ' ';
		sc->cells[i].w = 1;
	}
}

void
screen_free(struct screen *sc)
{
	free(sc->cells);
	sc->cells = NULL;
}

struct cell *
screen_at(struct screen *sc, int x, int y)
{
	if (x < 0 || y < 0 || x >= sc->w || y >= sc->h)
		return NULL;
	return &sc->cells[(size_t)y * (size_t)sc->w + (size_t)x];
}

/* Blank the cells a wide cluster at or over x used to cover. */
static void
unwide(struct screen *sc, int x, int y)
{
	struct cell *c = screen_at(sc, x, y), *n;

	if (!c)
		return;
	if (c->w == 0 && (n = screen_at(sc, x - 1, y))) {
		strcpy(n->s, " ");
		n->w = 1;
	}
	if (c->w == 2 && (n = screen_at(sc, x + 1, y))) {
		strcpy(n->s, " ");
		n->w = 1;
	}
}

static void
put(struct screen *sc, int x, int y, const char *g, size_t len, int w, int fg, int attr)
{
	struct cell *c = screen_at(sc, x, y);

	if (!c || len >= sizeof(c->s))
		return;
	unwide(sc, x, y);
	if (w == 2)
		unwide(sc, x + 1, y);
	memcpy(c->s, g, len);
	c->s[len] = '\0';
	c->w = (uint8_t)w;
	c->fg = (int16_t)fg;
	c->attr = (uint8_t)attr;
	if (w == 2) {
		struct cell *r = screen_at(sc, x + 1, y);

		r->s[0] = '\0';
		r->w = 0;
		r->fg = (int16_t)fg;
		r->attr = (uint8_t)attr;
	}
}

void
screen_put(struct screen *sc, int x, int y, const char *glyph, int fg, int attr)
{
	put(sc, x, y, glyph, strlen(glyph), 1, fg, attr);
}

int
screen_text(struct screen *sc, int x, int y, const char *s, int maxw, int fg, int attr)
{
	size_t len = strlen(s);
	int used = 0, w;

	if (maxw > sc->w - x)
		maxw = sc->w - x;
	for (size_t i = 0; i < len;) {
		size_t n = text_cluster(s + i, len - i, &w);

		if (w < 1)
			w = 1;
		if (used + w > maxw)
			break;
		put(sc, x + used, y, s + i, n, w, fg, attr);
		used += w;
		i += n;
	}
	return used;
}

static void
append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*buf = xrealloc(*buf, *cap);
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

#define APPEND(s) append(buf, len, cap, s, strlen(s))

static void
sgr(char **buf, size_t *len, size_t *cap, int fg, int attr)
{
	char s[32];

	if (!fg && !attr)
		snprintf(s, sizeof(s), "\033[0m");
	else if (!fg)
		snprintf(s, sizeof(s), "\033[0;2m");
	else
		snprintf(s, sizeof(s), "\033[0;%s%dm", attr & ATTR_DIM ? "2;" : "", fg);
	APPEND(s);
}

void
screen_bytes(const struct screen *sc, bool color, bool live, char **buf, size_t *len, size_t *cap)
{
	if (live)
		APPEND("\033[H");
	for (int y = 0; y < sc->h; y++) {
		const struct cell *row = &sc->cells[(size_t)y * (size_t)sc->w];
		int end = sc->w, fg = 0, attr = 0;

		/* Static lines lose their trailing blanks. */
		while (!live && end > 0 && row[end - 1].w == 1 && !strcmp(row[end - 1].s, " "))
			end--;
		for (int x = 0; x < end; x++) {
			const struct cell *c = &row[x];

			if (c->w == 0)
				continue;
			if (color && (c->fg != fg || c->attr != attr)) {
				fg = c->fg;
				attr = c->attr;
				sgr(buf, len, cap, fg, attr);
			}
			APPEND(c->s);
		}
		if (color && (fg || attr))
			APPEND("\033[0m");
		if (live)
			APPEND(y + 1 < sc->h ? "\r\n" : ""); /* rows are full: no clearing needed */
		else
			APPEND("\n");
	}
}
