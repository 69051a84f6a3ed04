/*
 * sentio-score: add a sentiment score to each record.
 *
 * Each record's text (--field, default "text") is scored by VADER (the
 * default, exactly as vaderSentiment 3.3.2 scores it) or by a
 * TextBlob-compatible model, and the result is written into the record as
 * the field --into (default "sentiment").  Only that field's bytes are
 * ours: when the record has no such field yet, the result is spliced in
 * before the closing brace; when it has one, its value is replaced where
 * it stands.  Every other byte of the line is written back as it was read
 * (after UTF-8 repair).
 *
 * Both models are English: a record whose lang (ISO 639-1, as sentio-clean
 * writes it) says another language is not scored with English words but
 * passed on with {"model":...,"unscored":"de"}.  English ("en", "en-GB"),
 * "und" and a missing or empty lang are scored; --any-lang scores all.
 *
 * --model auto picks the model by lang: VADER for English (and a missing
 * lang or und), Pattern 2.6's own French, Italian and Dutch lexicons with
 * TextBlob's algorithm (score/textblob.c) for fr, it and nl; any other
 * language is passed on unscored (with --any-lang, scored by VADER).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "json.h"
#include "jsonpath.h"
#include "opt.h"
#include "scan.h"
#include "stage.h"
#include "textblob.h"
#include "utf8.h"
#include "vader.h"

enum model {
	MODEL_VADER,
	MODEL_TEXTBLOB,
	MODEL_AUTO,
	MODEL_PATTERN_FR,
	MODEL_PATTERN_IT,
	MODEL_PATTERN_NL
};

struct score {
	enum model model;
	struct jsonpath field;
	const char *into;
	struct buf into_json; /* the key quoted for JSON */
	char *into_key;       /* into as the one key of into_path */
	size_t into_len;
	struct jsonpath into_path;
	struct jsonpath lang_path;     /* "lang" */
	struct scan_target targets[3]; /* the text (field), the output field (into_path), lang */
	bool any_lang;                 /* --any-lang: score every language with the model */
	bool need_lang;                /* the lang decides: not --any-lang, or --model auto */
	unsigned long long unscored;   /* records in another language, passed on unscored */
	double threshold;
	bool explain;
	struct vader *vader;
	struct buf result; /* the sentiment object as JSON text */
	struct buf text;   /* the text with its escapes decoded */
};

enum { OPT_FIELD = OPT_STAGE, OPT_THRESHOLD, OPT_ANY_LANG };

static const char usage[] =
    "[--model vader|textblob|auto] [--field PATH] [--into NAME] [--threshold X]\n"
    "       [--lexicon FILE] [--lexicon-add FILE] [--explain] [--any-lang] [options]\n"
    "       [file ...]";

static const char help[] =
    "Add a sentiment score to each NDJSON record.\n"
    "\n"
    "  -m, --model NAME        vader (default), textblob, or auto (VADER for\n"
    "                          English, Pattern for fr, it, nl; by lang)\n"
    "      --field PATH        the text to score (default text; dotted path)\n"
    "  -i, --into NAME         the field to write (default sentiment)\n"
    "      --threshold X       label positive at >= X, negative at <= -X (default 0.05)\n"
    "  -l, --lexicon FILE      replace VADER's word list by FILE (token TAB valence)\n"
    "  -a, --lexicon-add FILE  add or override entries, phrases included (repeatable)\n"
    "  -e, --explain           add each token's contribution to the result\n"
    "      --any-lang          score every record, whatever its lang (by default a\n"
    "                          lang other than en or und is passed on unscored)\n" STAGE_FILE_HELP
        STAGE_HELP;

/* ---- the result ---- */

static const char *
label(const struct score *sc, double x)
{
	if (x >= sc->threshold)
		return "positive";
	if (x <= -sc->threshold)
		return "negative";
	return "neutral";
}

/* vader_round()'s text: Python's repr(round(x, 4)). */
static void
put_round4(struct buf *b, double x)
{
	char s[32];

	vader_round(x, 4, s, sizeof(s));
	buf_adds(b, s);
}

static void
explain_vader(struct score *sc)
{
	struct buf *b = &sc->result;
	size_t n = vader_ntokens(sc->vader);

	buf_adds(b, ",\"explain\":{\"tokens\":[");
	for (size_t i = 0; i < n; i++) {
		struct vader_token t;
		bool first = true;

		vader_get_token(sc->vader, i, &t);
		buf_adds(b, i ? ",{\"token\":" : "{\"token\":");
		/* control characters and DEL escaped: no terminal escape survives */
		json_put_string(b, t.text, t.len, JSON_STR_SCORE);
		buf_adds(b, ",\"lexicon\":");
		if (t.in_lexicon)
			json_put_doublef(b, t.lexicon, JSON_NUM_POINT);
		else
			buf_adds(b, "null");
		buf_adds(b, ",\"valence\":");
		put_round4(b, t.valence);
		buf_adds(b, ",\"rules\":[");
		for (int r = 0; r < VADER_NRULES; r++) {
			if (t.rules & (1u << r)) {
				buf_adds(b, first ? "\"" : ",\"");
				buf_adds(b, vader_rule_names[r]);
				buf_addc(b, '"');
				first = false;
			}
		}
		buf_adds(b, "]}");
	}
	buf_adds(b, "],\"punctuation\":");
	put_round4(b, vader_punctuation(sc->vader));
	buf_adds(b, ",\"sum\":");
	put_round4(b, vader_sum(sc->vader));
	buf_addc(b, '}');
}

/* The result for text[0..n) into sc->result, by model m (not MODEL_AUTO). */
static void
score_text(struct score *sc, enum model m, const char *text, size_t n)
{
	static const char *const names[] = {
	    [MODEL_TEXTBLOB] = "textblob",
	    [MODEL_PATTERN_FR] = "pattern-fr",
	    [MODEL_PATTERN_IT] = "pattern-it",
	    [MODEL_PATTERN_NL] = "pattern-nl",
	};
	static const enum textblob_lang langs[] = {
	    [MODEL_TEXTBLOB] = TEXTBLOB_EN,
	    [MODEL_PATTERN_FR] = TEXTBLOB_FR,
	    [MODEL_PATTERN_IT] = TEXTBLOB_IT,
	    [MODEL_PATTERN_NL] = TEXTBLOB_NL,
	};
	struct buf *b = &sc->result;

	b->len = 0;
	if (m != MODEL_VADER) {
		struct textblob_result r;

		textblob_score_lang(langs[m], text, n, &r);
		buf_adds(b, "{\"model\":\"");
		buf_adds(b, names[m]);
		buf_adds(b, "\",\"polarity\":");
		json_put_doublef(b, r.polarity, JSON_NUM_POINT);
		buf_adds(b, ",\"subjectivity\":");
		json_put_doublef(b, r.subjectivity, JSON_NUM_POINT);
		buf_adds(b, ",\"label\":\"");
		buf_adds(b, label(sc, r.polarity));
		buf_adds(b, "\"}");
		return;
	}
	struct vader_scores s;

	vader_score(sc->vader, text, n, &s);
	buf_adds(b, "{\"model\":\"vader\",\"compound\":");
	buf_adds(b, s.compound_s);
	buf_adds(b, ",\"pos\":");
	buf_adds(b, s.pos_s);
	buf_adds(b, ",\"neu\":");
	buf_adds(b, s.neu_s);
	buf_adds(b, ",\"neg\":");
	buf_adds(b, s.neg_s);
	buf_adds(b, ",\"label\":\"");
	buf_adds(b, label(sc, s.compound));
	buf_addc(b, '"');
	if (sc->explain)
		explain_vader(sc);
	buf_addc(b, '}');
}

/* Is lang[0..n) the language code code (two letters), with or without a region, any case? */
static bool
is_lang(const char *lang, size_t n, const char *code)
{
	return n >= 2 && !strncasecmp(lang, code, 2) &&
	       (n == 2 || lang[2] == '-' || lang[2] == '_');
}

/*
 * Is lang[0..n) one VADER and TextBlob score?  English (en, en-GB, en_US,
 * any case), und, or empty.
 */
static bool
scored_lang(const char *lang, size_t n)
{
	if (!n || (n == 3 && !strncasecmp(lang, "und", 3)))
		return true;
	return is_lang(lang, n, "en");
}

/*
 * The model that scores a record whose lang is lang[0..n) (NULL: none),
 * or -1 when it is passed on unscored.
 */
static int
pick_model(const struct score *sc, const char *lang, size_t n)
{
	if (sc->model == MODEL_AUTO && lang) {
		if (is_lang(lang, n, "fr"))
			return MODEL_PATTERN_FR;
		if (is_lang(lang, n, "it"))
			return MODEL_PATTERN_IT;
		if (is_lang(lang, n, "nl"))
			return MODEL_PATTERN_NL;
	}
	if (lang && !sc->any_lang && !scored_lang(lang, n))
		return -1;
	return sc->model == MODEL_AUTO ? MODEL_VADER : (int)sc->model;
}

/* The result for a record in another language, lang[0..n), into sc->result. */
static void
unscored(struct score *sc, const char *lang, size_t n)
{
	struct buf *b = &sc->result;

	b->len = 0;
	buf_adds(b, sc->model == MODEL_TEXTBLOB ? "{\"model\":\"textblob\",\"unscored\":"
	            : sc->model == MODEL_AUTO   ? "{\"model\":\"auto\",\"unscored\":"
	                                        : "{\"model\":\"vader\",\"unscored\":");
	json_put_string(b, lang, n, JSON_STR_SCORE);
	buf_addc(b, '}');
	sc->unscored++;
}

/* ---- records ---- */

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
	out_write(sc->into_json.p, sc->into_json.len);
	out_putc(':');
	out_write(sc->result.p, sc->result.len);
	out_write(raw + close, len - close);
	out_putc('\n');
}

/* Write the line with the value at [start, end) (the old into) replaced by the result. */
static void
replace(struct score *sc, const char *raw, size_t len, size_t start, size_t end)
{
	out_write(raw, start);
	out_write(sc->result.p, sc->result.len);
	out_write(raw + end, len - end);
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
	size_t start, end;

	if (!text)
		return stage_reject(st, orig, "no field \"%s\" to score", sc->field.text);
	if (!json_is_string(text))
		return stage_reject(st, orig, "field \"%s\" is %s, not a string", sc->field.text,
		                    json_kind(text));
	json_t *lang = json_object_get(rec->obj, "lang");
	const char *l = json_is_string(lang) ? json_string_value(lang) : NULL;
	size_t ln = l ? json_string_length(lang) : 0;
	int m = pick_model(sc, l, ln);

	if (m < 0)
		unscored(sc, l, ln);
	else
		score_text(sc, (enum model)m, json_string_value(text), json_string_length(text));

	if (json_member_span(rec->raw, rec->len, sc->into, &start, &end)) {
		replace(sc, rec->raw, rec->len, start, end);
		return VERDICT_OUT;
	}
	for (end = rec->len; end > 0 && rec->raw[end - 1] != '}'; end--)
		;
	splice(sc, rec->raw, rec->len, end - 1); /* parsed as an object: there is a '}' */
	return VERDICT_OUT;
}

/*
 * A line.  The fast path scans it (no objects built) and writes the
 * result into it; anything it is not sure of is parsed by jansson as
 * stage_run() would have parsed it: UTF-8 repaired, the same checks and
 * the same messages.
 */
static enum verdict
on_record(struct stage *st, struct record *rec)
{
	struct score *sc = st->data;
	struct scan_target *text = &sc->targets[0], *into = &sc->targets[1],
	                   *lang = &sc->targets[2];
	struct scan_info info;
	struct record pr = *rec;
	enum verdict v;

#ifndef SCORE_NO_FAST_PATH /* defined to test the slow path against the fast one */
	if (scan_record(rec->raw, rec->len, sc->targets, sc->need_lang ? 3 : 2, &info) &&
	    text->start && text->kind == '"') {
		const char *s, *l = NULL;
		size_t n, ln = 0;
		int m;

		if (sc->need_lang && lang->start && lang->kind == '"') {
			l = scan_body(lang);
			ln = scan_bodylen(lang);
			if (lang->escaped) {
				buf_reserve(&sc->text, ln);
				ln = scan_unescape(l, ln, sc->text.p);
				l = sc->text.p;
			}
		}
		if ((m = pick_model(sc, l, ln)) < 0)
			unscored(sc, l, ln);
		else {
			s = scan_body(text);
			n = scan_bodylen(text);
			if (text->escaped) {
				buf_reserve(&sc->text, n);
				n = scan_unescape(s, n, sc->text.p);
				s = sc->text.p;
			}
			score_text(sc, (enum model)m, s, n);
		}
		if (into->start)
			replace(sc, rec->raw, rec->len, (size_t)(into->start - rec->raw),
			        (size_t)(into->start - rec->raw) + into->len);
		else
			splice(sc, rec->raw, rec->len, info.close);
		return VERDICT_OUT;
	}
#else
	(void)text;
	(void)into;
	(void)lang;
	(void)info;
#endif

	if (!(pr.obj = stage_parse(st, &pr)))
		return VERDICT_REJECTED;
	v = record_obj(st, &pr, rec);
	json_decref(pr.obj);
	return v;
}

/* ---- the stage ---- */

static void
on_stats(struct stage *st, json_t *stats)
{
	struct score *sc = st->data;

	json_object_set_new(stats, "unscored", json_integer((json_int_t)sc->unscored));
}

int
main(int argc, char **argv)
{
	static const char *const models[] = {"vader", "textblob", "auto", NULL};
	static struct option longopts[] = {
	    STAGE_LONGOPTS,
	    STAGE_FILE_LONGOPTS,
	    {"model", required_argument, NULL, 'm'},
	    {"field", required_argument, NULL, OPT_FIELD},
	    {"into", required_argument, NULL, 'i'},
	    {"threshold", required_argument, NULL, OPT_THRESHOLD},
	    {"lexicon", required_argument, NULL, 'l'},
	    {"lexicon-add", required_argument, NULL, 'a'},
	    {"explain", no_argument, NULL, 'e'},
	    {"any-lang", no_argument, NULL, OPT_ANY_LANG},
	    {NULL, 0, NULL, 0},
	};
	struct stage st;
	struct score sc = {.model = MODEL_VADER, .into = "sentiment", .threshold = 0.05};
	const char *field = "text", *lexicon = NULL;
	static const char **adds; /* static: still reachable when an option error exits */
	size_t nadds = 0;
	char err[256];
	int c, status;

	stage_init(&st, "sentio-score");
	st.usage = usage;
	st.help = help;
	st.record = on_record;
	st.stats_extra = on_stats;
	st.raw_lines = true;   /* on_record() parses, only when it has to */
	st.repair_utf8 = true; /* a broken byte should not cost a score */
	st.data = &sc;
	adds = xcalloc((size_t)argc, sizeof(*adds));

	while ((c = getopt_long(argc, argv, STAGE_SHORTOPTS "m:i:l:a:e", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			sc.model = opt_choice("--model", optarg, models);
			break;
		case OPT_FIELD:
			field = optarg;
			break;
		case 'i':
			if (!*optarg)
				opt_bad("--into", NULL, "an empty name");
			sc.into = optarg;
			break;
		case OPT_THRESHOLD:
			sc.threshold = opt_number("--threshold", optarg, 0, 1);
			break;
		case 'l':
			lexicon = opt_path("--lexicon", optarg);
			break;
		case 'a':
			adds[nadds++] = opt_path("--lexicon-add", optarg);
			break;
		case 'e':
			sc.explain = true;
			break;
		case OPT_ANY_LANG:
			sc.any_lang = true;
			break;
		default:
			if (!stage_option(&st, c, optarg))
				stage_usage(&st, 2);
		}
	}

	if (jsonpath_compile(&sc.field, field) < 0)
		opt_bad("--field", field, "not a field path");
	if (sc.model == MODEL_TEXTBLOB && (lexicon || nadds || sc.explain))
		opt_bad(lexicon ? "--lexicon"
		        : nadds ? "--lexicon-add"
		                : "--explain",
		        NULL, "only with --model vader or auto");
	sc.need_lang = !sc.any_lang || sc.model == MODEL_AUTO;
	if (!utf8_valid(sc.into, strlen(sc.into)))
		opt_bad("--into", NULL, "not UTF-8");
	json_put_string(&sc.into_json, sc.into, strlen(sc.into), 0); /* as jansson writes it */
	/* into is a key, not a path: a path of that one key, for the scanner */
	sc.into_key = xstrdup(sc.into);
	sc.into_len = strlen(sc.into_key);
	sc.into_path = (struct jsonpath){
	    .keys = &sc.into_key, .lens = &sc.into_len, .nkeys = 1, .text = sc.into_key};
	sc.targets[0].path = &sc.field;
	sc.targets[1].path = &sc.into_path;
	jsonpath_compile(&sc.lang_path, "lang");
	sc.targets[2].path = &sc.lang_path;
	sc.vader = vader_new();
	if (lexicon && vader_load_lexicon(sc.vader, lexicon, true, err, sizeof(err)) < 0)
		eprintf("%s%s", lexicon, err);
	for (size_t i = 0; i < nadds; i++)
		if (vader_load_lexicon(sc.vader, adds[i], false, err, sizeof(err)) < 0)
			eprintf("%s%s", adds[i], err);

	status = stage_run(&st, argc - optind, argv + optind);
	vader_free(sc.vader);
	jsonpath_free(&sc.field);
	jsonpath_free(&sc.lang_path);
	buf_free(&sc.into_json);
	free(sc.into_key);
	buf_free(&sc.result);
	buf_free(&sc.text);
	return status;
}
