/*
 * sentio-score: add a sentiment score to each record.
 *
 * Each record's text (--field, default "text") is scored by VADER (the
 * default, exactly as vaderSentiment 3.3.2 scores it) or by a
 * TextBlob-compatible model, and the result is added to the record as
 * the field --into (default "sentiment").  When the record has no such
 * field yet, the result is spliced into the line as read, so what we did
 * not change is written back byte for byte; otherwise the field is
 * replaced in place and the record written again.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpath.h"
#include "scan.h"
#include "stage.h"
#include "utf8.h"
#include "vader.h"

#ifdef HAVE_TEXTBLOB /* set by score/module.mk when score/textblob.c is there */
#include "textblob.h"
#endif

enum model { MODEL_VADER, MODEL_TEXTBLOB };

struct score {
	enum model model;
	struct jsonpath field;
	const char *into;
	char *into_json; /* the key quoted for JSON */
	char *into_key;  /* into as the one key of into_path */
	struct jsonpath into_path;
	struct scan_target targets[2]; /* the text (field) and the output field (into_path) */
	double threshold;
	bool explain;
	struct vader *vader;
	char *buf; /* the sentiment object as JSON text */
	size_t len, cap;
	char *tbuf; /* the text with its escapes decoded */
	size_t tcap;
	char *dump; /* the record re-serialised */
	size_t dumpcap;
};

static const char usage[] =
    "[--model vader|textblob] [--field PATH] [--into NAME] [--threshold X]\n"
    "       [--lexicon FILE] [--lexicon-add FILE] [--explain] [options] [file ...]";

static const char help[] =
    "Add a sentiment score to each NDJSON record.\n"
    "\n"
    "  -m, --model NAME        vader (default) or textblob\n"
    "  -f, --field PATH        the text to score (default text; dotted path)\n"
    "  -i, --into NAME         the field to write (default sentiment)\n"
    "  -t, --threshold X       label positive at >= X, negative at <= -X (default 0.05)\n"
    "  -l, --lexicon FILE      replace VADER's word list by FILE (token TAB valence)\n"
    "  -a, --lexicon-add FILE  add or override entries, phrases included (repeatable)\n"
    "  -e, --explain           add each token's contribution to the result\n" STAGE_HELP;

/* ---- building the JSON text of the result ---- */

static void
put(struct score *sc, const char *s, size_t n)
{
	if (sc->len + n + 1 > sc->cap) {
		while (sc->len + n + 1 > sc->cap)
			sc->cap = sc->cap ? sc->cap * 2 : 1024;
		sc->buf = xrealloc(sc->buf, sc->cap);
	}
	memcpy(sc->buf + sc->len, s, n);
	sc->len += n;
	sc->buf[sc->len] = '\0';
}

static void
puts_(struct score *sc, const char *s)
{
	put(sc, s, strlen(s));
}

/* A JSON string; control characters and DEL escaped, so no terminal escape survives. */
static void
put_string(struct score *sc, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0;

	put(sc, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};

		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
			continue;
		put(sc, s + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};

			put(sc, e, 2);
		} else {
			put(sc, esc, 6);
		}
	}
	put(sc, s + run, n - run);
	put(sc, "\"", 1);
}

/* A double as Python's repr() writes it: the shortest text that reads back the same. */
static void
put_double(struct score *sc, double x)
{
	char b[40];

	for (int p = 1; p <= 17; p++) {
		snprintf(b, sizeof(b), "%.*g", p, x);
		if (strtod(b, NULL) == x)
			break;
	}
	if (!strpbrk(b, ".eEn"))
		strcat(b, ".0");
	puts_(sc, b);
}

static const char *
label(const struct score *sc, double x)
{
	if (x >= sc->threshold)
		return "positive";
	if (x <= -sc->threshold)
		return "negative";
	return "neutral";
}

static void
explain_vader(struct score *sc)
{
	size_t n = vader_ntokens(sc->vader);
	char b[32];

	puts_(sc, ",\"explain\":{\"tokens\":[");
	for (size_t i = 0; i < n; i++) {
		struct vader_token t;
		bool first = true;

		vader_get_token(sc->vader, i, &t);
		puts_(sc, i ? ",{\"token\":" : "{\"token\":");
		put_string(sc, t.text, t.len);
		puts_(sc, ",\"lexicon\":");
		if (t.in_lexicon)
			put_double(sc, t.lexicon);
		else
			puts_(sc, "null");
		puts_(sc, ",\"valence\":");
		vader_round(t.valence, 4, b, sizeof(b));
		puts_(sc, b);
		puts_(sc, ",\"rules\":[");
		for (int r = 0; r < VADER_NRULES; r++) {
			if (t.rules & (1u << r)) {
				puts_(sc, first ? "\"" : ",\"");
				puts_(sc, vader_rule_names[r]);
				puts_(sc, "\"");
				first = false;
			}
		}
		puts_(sc, "]}");
	}
	puts_(sc, "],\"punctuation\":");
	vader_round(vader_punctuation(sc->vader), 4, b, sizeof(b));
	puts_(sc, b);
	puts_(sc, ",\"sum\":");
	vader_round(vader_sum(sc->vader), 4, b, sizeof(b));
	puts_(sc, b);
	puts_(sc, "}");
}

/* The result for text[0..n) into sc->buf. */
static void
score_text(struct score *sc, const char *text, size_t n)
{
	sc->len = 0;
#ifdef HAVE_TEXTBLOB
	if (sc->model == MODEL_TEXTBLOB) {
		struct textblob_result r;

		textblob_score(text, n, &r);
		puts_(sc, "{\"model\":\"textblob\",\"polarity\":");
		put_double(sc, r.polarity);
		puts_(sc, ",\"subjectivity\":");
		put_double(sc, r.subjectivity);
		puts_(sc, ",\"label\":\"");
		puts_(sc, label(sc, r.polarity));
		puts_(sc, "\"}");
		return;
	}
#endif
	struct vader_scores s;

	vader_score(sc->vader, text, n, &s);
	puts_(sc, "{\"model\":\"vader\",\"compound\":");
	puts_(sc, s.compound_s);
	puts_(sc, ",\"pos\":");
	puts_(sc, s.pos_s);
	puts_(sc, ",\"neu\":");
	puts_(sc, s.neu_s);
	puts_(sc, ",\"neg\":");
	puts_(sc, s.neg_s);
	puts_(sc, ",\"label\":\"");
	puts_(sc, label(sc, s.compound));
	puts_(sc, "\"");
	if (sc->explain)
		explain_vader(sc);
	puts_(sc, "}");
}

/* ---- records ---- */

#define PLACEHOLDER "\001sentio-score\002"

/* Write the line with ,"into":{result} spliced before its closing brace at close. */
static void
splice(struct score *sc, const char *raw, size_t len, size_t close)
{
	size_t k = close;

	while (k > 0 && (raw[k - 1] == ' ' || raw[k - 1] == '\t' || raw[k - 1] == '\n' ||
	                 raw[k - 1] == '\r'))
		k--;
	out_write(raw, close);
	if (!(k > 0 && raw[k - 1] == '{'))
		out_putc(',');
	out_puts(sc->into_json);
	out_putc(':');
	out_write(sc->buf, sc->len);
	out_write(raw + close, len - close);
	out_putc('\n');
}

/*
 * The slow path: rec parsed by jansson (its text UTF-8-repaired when it
 * had to be); a rejection reports orig, the line as it came.
 */
static enum verdict
record_obj(struct stage *st, struct record *rec, const struct record *orig)
{
	struct score *sc = st->data;
	json_t *text = jsonpath_get(rec->obj, &sc->field);

	if (!text)
		return stage_reject(st, orig, "no field \"%s\" to score", sc->field.text);
	if (!json_is_string(text))
		return stage_reject(st, orig, "field \"%s\" is %s, not a string", sc->field.text,
		                    json_kind(text));
	score_text(sc, json_string_value(text), json_string_length(text));

	if (!json_object_get(rec->obj, sc->into)) {
		size_t end;

		for (end = rec->len; end > 0 && rec->raw[end - 1] != '}'; end--)
			;
		if (end > 0) {
			splice(sc, rec->raw, rec->len, end - 1);
			return VERDICT_OUT;
		}
	}
	/* Replace the field in place: a placeholder, dumped, then swapped for our text. */
	json_object_set_new(rec->obj, sc->into, json_string(PLACEHOLDER));
	{
		size_t n = json_dump_to(rec->obj, &sc->dump, &sc->dumpcap, 0), nl;
		char needle[512], *p;

		/* "into":"\u0001sentio-score\u0002", as jansson writes it compactly */
		nl = (size_t)snprintf(needle, sizeof(needle), "%s:\"\\u0001sentio-score\\u0002\"",
		                      sc->into_json);
		p = nl < sizeof(needle) ? memmem(sc->dump, n, needle, nl) : NULL;
		if (!p) {
			json_object_set_new(rec->obj, sc->into,
			                    json_loadb(sc->buf, sc->len, 0, NULL));
			out_record(rec->obj); /* a key too long for the needle: numbers as jansson
			                         writes them */
			return VERDICT_OUT;
		}
		p += strlen(sc->into_json) + 1;
		out_write(sc->dump, (size_t)(p - sc->dump));
		out_write(sc->buf, sc->len);
		p += nl - strlen(sc->into_json) - 1;
		out_write(p, n - (size_t)(p - sc->dump));
		out_putc('\n');
	}
	return VERDICT_OUT;
}

/*
 * A line.  The fast path scans it (no objects built) and splices the
 * result in; anything it is not sure of is parsed by jansson as
 * stage_run() would have parsed it: UTF-8 repaired, the same checks and
 * the same messages.
 */
static enum verdict
record(struct stage *st, struct record *rec)
{
	struct score *sc = st->data;
	struct scan_target *text = &sc->targets[0], *into = &sc->targets[1];
	struct scan_info info;
	struct record pr = *rec;
	enum verdict v;

#ifndef SCORE_NO_FAST_PATH /* defined to test the slow path against the fast one */
	if (scan_record(rec->raw, rec->len, sc->targets, 2, &info) && text->start &&
	    text->kind == '"' && !into->start) {
		const char *s = scan_body(text);
		size_t n = scan_bodylen(text);

		if (text->escaped) {
			if (n > sc->tcap) {
				sc->tcap = n;
				sc->tbuf = xrealloc(sc->tbuf, n);
			}
			n = scan_unescape(s, n, sc->tbuf);
			s = sc->tbuf;
		}
		score_text(sc, s, n);
		splice(sc, rec->raw, rec->len, info.close);
		return VERDICT_OUT;
	}
#else
	(void)text;
	(void)into;
	(void)info;
#endif

	if (!(pr.obj = stage_parse(st, &pr)))
		return VERDICT_REJECTED;
	v = record_obj(st, &pr, rec);
	json_decref(pr.obj);
	return v;
}

int
main(int argc, char **argv)
{
	static struct option longopts[] = {
	    STAGE_LONGOPTS,
	    {"model", required_argument, NULL, 'm'},
	    {"field", required_argument, NULL, 'f'},
	    {"into", required_argument, NULL, 'i'},
	    {"threshold", required_argument, NULL, 't'},
	    {"lexicon", required_argument, NULL, 'l'},
	    {"lexicon-add", required_argument, NULL, 'a'},
	    {"explain", no_argument, NULL, 'e'},
	    {NULL, 0, NULL, 0},
	};
	struct stage st = {0}; /* stage_init() sets only some fields */
	struct score sc = {.model = MODEL_VADER, .into = "sentiment", .threshold = 0.05};
	const char *field = "text", *lexicon = NULL;
	static const char **adds; /* static: still reachable when an option error exits */
	size_t nadds = 0;
	char err[256], *end;
	json_t *key;
	int c, status;

	stage_init(&st, "sentio-score");
	st.usage = usage;
	st.help = help;
	st.record = record;
	st.raw_lines = true;   /* record() parses, only when it has to */
	st.repair_utf8 = true; /* a broken byte should not cost a score */
	st.data = &sc;
	adds = xcalloc((size_t)argc, sizeof(*adds));

	while ((c = getopt_long(argc, argv, STAGE_SHORTOPTS "m:f:i:t:l:a:e", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'm':
			if (strcmp(optarg, "vader") == 0)
				sc.model = MODEL_VADER;
			else if (strcmp(optarg, "textblob") == 0)
#ifdef HAVE_TEXTBLOB
				sc.model = MODEL_TEXTBLOB;
#else
				stage_bad_option(&st, "--model", "textblob is not built in");
#endif
			else
				stage_bad_option(&st, "--model", "\"%s\": vader or textblob",
				                 optarg);
			break;
		case 'f':
			field = optarg;
			break;
		case 'i':
			if (!*optarg)
				stage_bad_option(&st, "--into", "an empty name");
			sc.into = optarg;
			break;
		case 't':
			errno = 0;
			sc.threshold = strtod(optarg, &end);
			if (!*optarg || *end || errno || !(sc.threshold >= 0 && sc.threshold <= 1))
				stage_bad_option(&st, "--threshold", "\"%s\": a number from 0 to 1",
				                 optarg);
			break;
		case 'l':
			lexicon = optarg;
			break;
		case 'a':
			adds[nadds++] = optarg;
			break;
		case 'e':
			sc.explain = true;
			break;
		default:
			if (!stage_option(&st, c, optarg))
				stage_usage(&st, 2);
		}
	}
	if (jsonpath_compile(&sc.field, field) < 0)
		stage_bad_option(&st, "--field", "\"%s\": not a field path", field);
	if (sc.model == MODEL_TEXTBLOB && (lexicon || nadds || sc.explain))
		stage_bad_option(&st,
		                 lexicon ? "--lexicon"
		                 : nadds ? "--lexicon-add"
		                         : "--explain",
		                 "only with --model vader");
	key = json_string(sc.into);
	if (!key)
		stage_bad_option(&st, "--into", "not UTF-8");
	sc.into_json = json_dumps(key, JSON_ENCODE_ANY);
	json_decref(key);
	/* into is a key, not a path: a path of that one key, for the scanner */
	sc.into_key = xstrdup(sc.into);
	sc.into_path = (struct jsonpath){.keys = &sc.into_key, .nkeys = 1, .text = sc.into_key};
	sc.targets[0].path = &sc.field;
	sc.targets[1].path = &sc.into_path;

	sc.vader = vader_new();
	if (lexicon && vader_load_lexicon(sc.vader, lexicon, true, err, sizeof(err)) < 0)
		eprintf("%s%s", lexicon, err);
	for (size_t i = 0; i < nadds; i++)
		if (vader_load_lexicon(sc.vader, adds[i], false, err, sizeof(err)) < 0)
			eprintf("%s%s", adds[i], err);

	status = stage_run(&st, argc - optind, argv + optind);
	vader_free(sc.vader);
	jsonpath_free(&sc.field);
	free(sc.into_json);
	free(sc.into_key);
	free(sc.buf);
	free(sc.dump);
	free(sc.tbuf);
	return status;
}
