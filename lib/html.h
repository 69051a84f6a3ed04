/*
 * html.h: HTML to plain text, as Mastodon statuses and feed items need it
 * (used by sentio-clean and sentio-collect).  Tags go; <br> and block ends
 * become spaces; a link keeps its visible text; script and style content
 * is dropped; every entity, named (the full HTML5 set) or numeric, is
 * decoded (invalid code points become U+FFFD); broken markup never loses
 * the text around it.
 */
#ifndef SENTIO_HTML_H
#define SENTIO_HTML_H

#include <stddef.h>

/* Plain text of html[0..len) in a new NUL-terminated buffer (free it); its length in *outlen. */
char *html_to_text(const char *html, size_t len, size_t *outlen);

/* Decode entities only (no tags), the same way. */
char *html_unescape(const char *s, size_t len, size_t *outlen);

#endif
