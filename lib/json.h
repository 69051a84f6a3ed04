/*
 * json.h: the one JSON writer of sentio, on a struct buf: strings with
 * the escaping each stage needs, numbers in their shortest form, and the
 * copy of the members a stage does not own, byte for byte.
 */
#ifndef SENTIO_JSON_H
#define SENTIO_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"

/*
 * Flags of json_put_string().  With none, a string is written as jansson
 * writes it: '"' and '\\' escaped, \b \f \n \r \t in their short forms,
 * the other C0 controls as \u00XX (capital hex), everything else (DEL,
 * UTF-8) as it is.
 */
enum {
	JSON_STR_BARE = 1 << 0,       /* no quotes around it (the caller writes them) */
	JSON_STR_LOWER = 1 << 1,      /* \u001f, not \u001F */
	JSON_STR_NOSHORT = 1 << 2,    /* every control as \u00xx: no \b \f \n \r \t */
	JSON_STR_NOSHORT_BF = 1 << 3, /* \b and \f as \u0008 \u000c; \n \r \t stay short */
	JSON_STR_DEL = 1 << 4,        /* DEL as \u007f */
	JSON_STR_C1 = 1 << 5,         /* the C1 controls U+0080..U+009F as \u0080.. */
	JSON_STR_REPAIR = 1 << 6,     /* ill-formed UTF-8 as U+FFFD (one a maximal subpart) */
	JSON_STR_ASCII = 1 << 7,      /* everything past ASCII as \uXXXX (pairs past the BMP) */
	JSON_STR_SLASH = 1 << 8,      /* '/' as \/ (as jansson's JSON_ESCAPE_SLASH) */
	JSON_STR_LSPS = 1 << 9,       /* U+2028 and U+2029 as \u2028 \u2029 (for JavaScript) */
};

/* What each stage wrote before this writer; the same bytes. */
#define JSON_STR_CLEAN   0 /* clean/clean.c put_json_string (jansson's form) */
#define JSON_STR_COLLECT (JSON_STR_LOWER | JSON_STR_NOSHORT_BF | JSON_STR_REPAIR)
#define JSON_STR_SCORE   (JSON_STR_LOWER | JSON_STR_NOSHORT | JSON_STR_DEL)
#define JSON_STR_WINDOW  (JSON_STR_SCORE | JSON_STR_C1)

/*
 * Write s[0..len) as a JSON string (quoted unless JSON_STR_BARE).  Without
 * JSON_STR_REPAIR, ill-formed UTF-8 is copied as it is: the caller must
 * know s to be valid.  Returns the number of U+FFFD put in (JSON_STR_REPAIR).
 * NUL bytes are written as \u0000.
 */
size_t json_put_string(struct buf *b, const char *s, size_t len, unsigned flags);

/* Flags of json_put_doublef(). */
enum {
	JSON_NUM_POINT = 1 << 0, /* "3.0", not "3": a real stays a real (Python's repr, jansson) */
};

/*
 * Write d as the shortest text that reads back to the same double: the
 * first of %.15g, %.16g, %.17g that does (so 5e-05, 0.1, 3, 1e+20, -0).
 * Fixed notation from 1e-4 up to the precision, exponent beyond, as %g
 * does.  NaN and infinities are not JSON: callers must not pass them; if
 * they do, null is written.
 */
void json_put_double(struct buf *b, double d);
void json_put_doublef(struct buf *b, double d, unsigned flags);

void json_put_int(struct buf *b, long long v);

/*
 * json_loadb(), but strict: a raw NUL byte anywhere is an error ("NUL
 * byte", with its column and position in *err), where jansson 2.14 takes
 * one after a number or a literal ({"a":0<NUL>}) and drops it.  Use it for
 * every input that is not known to be JSON.
 */
json_t *json_loadb_strict(const char *s, size_t len, size_t flags, json_error_t *err);

/* "an object", "an array", "a string", "a number", "a boolean" or "null", for messages. */
const char *json_kind(const json_t *v);

/*
 * The members of the object obj[0..len) (a line already checked to be one
 * JSON object, white space around it allowed) whose keys are not in
 * skip_keys (NULL-terminated; keys compared after unescaping), copied to
 * out byte for byte: "{" then the members kept, separated by ",", without
 * the closing brace, so that the stage appends its own members (a ","
 * first when the count returned is over 0) and then "}".  White space
 * between members is not kept; each member's text is.  Returns the number
 * of members copied, or -1 (out unchanged) when obj is not an object.
 */
int json_copy_members(struct buf *out, const char *obj, size_t len, const char *const *skip_keys);

#endif
