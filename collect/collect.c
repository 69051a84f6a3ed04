/*
 * sentio-collect: read posts from files, standard input, CSV exports,
 * Mastodon timelines, RSS and Atom feeds and an HTTP receiver, all at
 * once in one event loop, and write them as records {id, ts, source, text}.
 *
 * The story: parse the options, make a source of each argument, take the
 * state file's lock and the positions it holds, trim a torn output tail,
 * then loop: step the sources that have work, wait for descriptors,
 * timers and transfers, and write a checkpoint now and then, only after
 * the records before it have been flushed.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "duration.h"
#include "feed.h"
#include "file.h"
#include "http.h"
#include "mastodon.h"
#include "receiver.h"
#include "state.h"
#include "timestamp.h"

/* Each kind of source's options, as the command line sets them. */
static struct file_opts file_opts = {.ts_from = "read"};
static struct mastodon_opts mastodon_opts = {
    .stall_ns = 90 * NS_PER_SEC,
    .fetch = {.total_ns = 120 * NS_PER_SEC, .stall_ns = 90 * NS_PER_SEC},
    .backoff_min_ns = NS_PER_SEC,
    .backoff_max_ns = 300 * NS_PER_SEC,
};
static struct feed_opts feed_opts = {
    .interval_ns = 300 * NS_PER_SEC,
    .fetch = {.total_ns = 120 * NS_PER_SEC, .stall_ns = 90 * NS_PER_SEC},
    .backoff_min_ns = NS_PER_SEC,
    .backoff_max_ns = 300 * NS_PER_SEC,
};
static struct receiver_opts receiver_opts = {.max_body = 1024 * 1024,
                                             .receive_ns = 30 * NS_PER_SEC};

static struct stage *stage;
static struct source **sources;
static size_t nsources;
static bool stopping;
static unsigned long long max_records, written;
static int64_t checkpoint_every_ns = NS_PER_SEC;
/* A checkpoint at least this often, so that a restart has little to skip. */
#define CHECKPOINT_RECORDS 65536

static const char usage[] = "[options] [source ...]";
static const char help[] =
    "Sources (standard input when none is given):\n"
    "  FILE, -                a file of text lines, JSON lines (.ndjson, .jsonl) or CSV (.csv)\n"
    "  text:FILE, json:FILE, csv:FILE   the same with the format said\n"
    "  mastodon://HOST/public, /public/local, /tag/NAME, /list/ID   a Mastodon timeline\n"
    "  mastodon+http://HOST:PORT/...   the same over plain HTTP (tests)\n"
    "  feed:URL               an RSS 2.0 or Atom feed, polled every --interval\n"
    "  listen:[ADDR:]PORT     an HTTP receiver for POSTed JSON or form data\n"
    "\n"
    "Options:\n"
    "      --format FORMAT      text, json or csv for sources without a prefix\n"
    "      --map TO=FROM,...    JSON lines: take field TO (text, ts, id, ...) from FROM\n"
    "      --ts-from WHAT       read (default), mtime, prefix (an RFC 3339 time opening\n"
    "                           the line) or FIELD of JSON lines\n"
    "      --text-column NAME   CSV column of the text (default text)\n"
    "      --time-column NAME   CSV column of the time (default: the read time)\n"
    "      --id-column NAME     CSV column of the id (default: the record's position)\n"
    "  -f, --follow             keep reading files as they grow, through rotation (tail -F)\n"
    "      --replay SPEED       pace records by their time stamps (1 = real time)\n"
    "  -o, --output FILE        append records to FILE instead of standard output\n"
    "      --state FILE         keep each source's position in FILE and resume from it\n"
    "  -d, --duration D         stop after D (30s, 5m, 1h)\n"
    "  -n, --max-records N      stop after N records\n"
    "      --once               read each source once (files to the end, one poll) and stop\n"
    "      --poll INTERVAL      Mastodon: poll the REST API instead of streaming\n"
    "      --interval D         feeds: time between polls (default 5m)\n"
    "      --stall-timeout D    drop a stream or a request silent for D (default 90s)\n"
    "      --fetch-timeout D    drop a feed fetch or REST request not done in D (default 2m)\n"
    "      --backoff MIN[,MAX]  delays between reconnections (default 1s,5m)\n"
    "      --token-file FILE    Mastodon access token (or SENTIO_MASTODON_TOKEN)\n"
    "      --max-body SIZE      receiver: largest request body (default 1M)\n"
    "      --receive-timeout D  receiver: cut a request not whole within D (default 30s)\n"
    "      --checkpoint D       time between state checkpoints (default 1s)\n" STAGE_HELP;

enum {
	OPT_FORMAT = OPT_STAGE,
	OPT_MAP,
	OPT_TS_FROM,
	OPT_TEXT_COLUMN,
	OPT_TIME_COLUMN,
	OPT_ID_COLUMN,
	OPT_REPLAY,
	OPT_ONCE,
	OPT_POLL,
	OPT_INTERVAL,
	OPT_STALL,
	OPT_FETCH,
	OPT_BACKOFF,
	OPT_TOKEN_FILE,
	OPT_MAX_BODY,
	OPT_RECEIVE,
	OPT_CHECKPOINT,
	OPT_STATE,
};

static const struct option longopts[] = {
    STAGE_LONGOPTS,
    {"format", required_argument, NULL, OPT_FORMAT},
    {"map", required_argument, NULL, OPT_MAP},
    {"ts-from", required_argument, NULL, OPT_TS_FROM},
    {"text-column", required_argument, NULL, OPT_TEXT_COLUMN},
    {"time-column", required_argument, NULL, OPT_TIME_COLUMN},
    {"id-column", required_argument, NULL, OPT_ID_COLUMN},
    {"follow", no_argument, NULL, 'f'},
    {"replay", required_argument, NULL, OPT_REPLAY},
    {"output", required_argument, NULL, 'o'},
    {"state", required_argument, NULL, OPT_STATE},
    {"duration", required_argument, NULL, 'd'},
    {"max-records", required_argument, NULL, 'n'},
    {"once", no_argument, NULL, OPT_ONCE},
    {"poll", required_argument, NULL, OPT_POLL},
    {"interval", required_argument, NULL, OPT_INTERVAL},
    {"stall-timeout", required_argument, NULL, OPT_STALL},
    {"fetch-timeout", required_argument, NULL, OPT_FETCH},
    {"backoff", required_argument, NULL, OPT_BACKOFF},
    {"token-file", required_argument, NULL, OPT_TOKEN_FILE},
    {"max-body", required_argument, NULL, OPT_MAX_BODY},
    {"receive-timeout", required_argument, NULL, OPT_RECEIVE},
    {"checkpoint", required_argument, NULL, OPT_CHECKPOINT},
    {NULL, 0, NULL, 0},
};

static bool
collect_stopping(void)
{
	return stopping || reader_stopped();
}

static bool
emit(const char *json, size_t len, const char *id, size_t idlen)
{
	if (output_already_written(id, idlen)) {
		stage->filtered++;
		return false;
	}
	out_write(json, len);
	stage->out++;
	if (max_records && ++written >= max_records)
		stopping = true;
	return true;
}

static void
count_filtered(void)
{
	stage->filtered++;
}

/* What every source writes into. */
static struct sink sink = {.emit = emit, .filtered = count_filtered, .stopping = collect_stopping};

static int64_t
parse_duration(const char *opt, const char *arg)
{
	int64_t ns;

	if (duration_parse(arg, &ns) || ns < 0)
		stage_bad_option(stage, opt, "not a duration: %s", arg);
	return ns;
}

static void
parse_map(const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL;

	for (char *pair = strtok_r(copy, ",", &save); pair; pair = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(pair, '=');

		if (!eq || eq == pair || !eq[1])
			stage_bad_option(stage, "--map", "not TO=FROM: %s", pair);
		*eq = '\0';
		struct file_opts *o = &file_opts;

		o->map_to = xrealloc(o->map_to, (o->nmap + 1) * sizeof(char *));
		o->map_from = xrealloc(o->map_from, (o->nmap + 1) * sizeof(char *));
		o->map_to[o->nmap] = xstrdup(pair);
		o->map_from[o->nmap] = xstrdup(eq + 1);
		o->nmap++;
	}
	free(copy);
}

static char *
read_token(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	size_t n;

	if (!f)
		eprintf("%s:", path);
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	if (!n)
		eprintf("%s: no token in the file", path);
	return xstrdup(line);
}

static struct source *
make_source(const char *spec)
{
	struct source *src;

	if (!(src = mastodon_source(spec, &mastodon_opts, &sink)) &&
	    !(src = feed_source(spec, &feed_opts, &sink)) &&
	    !(src = receiver_source(spec, &receiver_opts, &sink)))
		src = file_source(spec, &file_opts, &sink);
	if (!src->spec)
		src->spec = xstrdup(spec);
	return src;
}

/* Flush what was written, then record every source's position and the output's length. */
static void
checkpoint(void)
{
	json_t *pos = json_object();

	stage_flush(stage);
	for (size_t i = 0; i < nsources; i++) {
		json_t *p = sources[i]->ops->save ? sources[i]->ops->save(sources[i]) : NULL;

		if (p)
			json_object_set_new(pos, sources[i]->spec, p);
	}
	state_save(pos);
	json_decref(pos);
}

/* The main loop: until every source is done or the run is told to end. */
static void
run(int64_t deadline_ns)
{
	struct curl_waitfd fds[1024];
	struct pollfd pfds[LEN(fds)];
	int64_t last_checkpoint = monotonic_ns();
	unsigned long long in_at_checkpoint = 0; /* inputs taken at the last checkpoint */

	for (;;) {
		int64_t now = monotonic_ns(), wait = 200 * NS_PER_MS;
		bool busy = false, alive = false;
		size_t nfds = 0, srcfd[LEN(fds)];

		for (size_t i = 0; i < nsources && !collect_stopping(); i++) {
			struct source *src = sources[i];

			if (src->done)
				continue;
			if (src->wake_ns && src->wake_ns <= now) {
				src->wake_ns = 0;
				src->ready = true;
			}
			if (src->ready) {
				src->ready = false;
				src->ops->step(src);
			}
		}
		if (deadline_ns && monotonic_ns() >= deadline_ns)
			stopping = true;
		if (collect_stopping())
			break;
		now = monotonic_ns();
		for (size_t i = 0; i < nsources; i++) {
			struct source *src = sources[i];

			if (src->done)
				continue;
			alive = true;
			if (src->ready)
				busy = true;
			if (src->wake_ns && src->wake_ns - now < wait)
				wait = src->wake_ns - now;
			if (src->fd >= 0 && nfds < LEN(fds)) {
				fds[nfds].fd = src->fd;
				fds[nfds].events = (short)(src->events ? src->events : POLLIN);
				fds[nfds].revents = 0;
				srcfd[nfds++] = i;
			}
		}
		if (!alive)
			break;
		for (size_t i = 0; i < nsources; i++) {
			struct source *src = sources[i];

			if (src->done || !src->ops->waitfds)
				continue;
			size_t n = src->ops->waitfds(src, pfds, LEN(fds) - nfds, &wait);
			for (size_t k = 0; k < n; k++) {
				fds[nfds].fd = pfds[k].fd;
				fds[nfds].events = pfds[k].events;
				fds[nfds].revents = 0;
				srcfd[nfds++] = i;
			}
		}
		if (deadline_ns && deadline_ns - now < wait)
			wait = deadline_ns - now;
		if (busy || wait < 0)
			wait = 0;
		if (wait > 0) {
			/* Going idle: nothing is left in a buffer, and a checkpoint is cheap now.
			 */
			stage_flush(stage);
			if (state_active() && stage->in != in_at_checkpoint) {
				checkpoint();
				in_at_checkpoint = stage->in;
				last_checkpoint = monotonic_ns();
			}
		}
		curl_multi_poll(http_multi(), fds, (unsigned)nfds, (int)(wait / NS_PER_MS), NULL);
		for (size_t k = 0; k < nfds; k++)
			if (fds[k].revents)
				sources[srcfd[k]]->ready = true;
		/* A source with waitfds serves its descriptors (and its timers) at each wake. */
		for (size_t i = 0; i < nsources; i++)
			if (sources[i]->ops->waitfds && !sources[i]->done)
				sources[i]->ready = true;
		http_dispatch();
		if (state_active() && stage->in != in_at_checkpoint &&
		    (monotonic_ns() - last_checkpoint >= checkpoint_every_ns ||
		     stage->in - in_at_checkpoint >= CHECKPOINT_RECORDS)) {
			checkpoint();
			in_at_checkpoint = stage->in;
			last_checkpoint = monotonic_ns();
		}
	}
}

int
main(int argc, char *argv[])
{
	static struct stage st;
	const char *output = NULL, *state = NULL, *token_file = NULL;
	int64_t duration = 0;
	int c;

	stage = sink.st = &st;
	stage_init(&st, "sentio-collect");
	st.usage = usage;
	st.help = help;
	while ((c = getopt_long(argc, argv, STAGE_SHORTOPTS "fo:d:n:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json") &&
			    strcmp(optarg, "csv"))
				stage_bad_option(&st, "--format", "not text, json or csv: %s",
				                 optarg);
			file_opts.format = optarg;
			break;
		case OPT_MAP:
			parse_map(optarg);
			break;
		case OPT_TS_FROM:
			if (!*optarg)
				stage_bad_option(&st, "--ts-from", "empty");
			file_opts.ts_from = optarg;
			break;
		case OPT_TEXT_COLUMN:
			file_opts.text_column = optarg;
			break;
		case OPT_TIME_COLUMN:
			file_opts.time_column = optarg;
			break;
		case OPT_ID_COLUMN:
			file_opts.id_column = optarg;
			break;
		case 'f':
			file_opts.follow = true;
			break;
		case OPT_REPLAY: {
			char *end;

			file_opts.replay = strtod(optarg, &end);
			if (*end || end == optarg || !(file_opts.replay > 0) ||
			    file_opts.replay > 1e9)
				stage_bad_option(&st, "--replay", "not a positive speed: %s",
				                 optarg);
			break;
		}
		case 'o':
			output = optarg;
			break;
		case OPT_STATE:
			state = optarg;
			file_opts.hold_tail = true;
			break;
		case 'd':
			duration = parse_duration("--duration", optarg);
			break;
		case 'n': {
			char *end;

			errno = 0;
			max_records = strtoull(optarg, &end, 10);
			if (errno || *end || end == optarg || !max_records || *optarg == '-')
				stage_bad_option(&st, "--max-records", "not a positive count: %s",
				                 optarg);
			break;
		}
		case OPT_ONCE:
			mastodon_opts.once = feed_opts.once = true;
			break;
		case OPT_POLL:
			mastodon_opts.poll_ns = parse_duration("--poll", optarg);
			if (!mastodon_opts.poll_ns)
				stage_bad_option(&st, "--poll", "must be more than 0");
			break;
		case OPT_INTERVAL:
			feed_opts.interval_ns = parse_duration("--interval", optarg);
			if (!feed_opts.interval_ns)
				stage_bad_option(&st, "--interval", "must be more than 0");
			break;
		case OPT_STALL:
			mastodon_opts.stall_ns = parse_duration("--stall-timeout", optarg);
			if (!mastodon_opts.stall_ns)
				stage_bad_option(&st, "--stall-timeout", "must be more than 0");
			mastodon_opts.fetch.stall_ns = feed_opts.fetch.stall_ns =
			    mastodon_opts.stall_ns;
			break;
		case OPT_FETCH:
			mastodon_opts.fetch.total_ns = parse_duration("--fetch-timeout", optarg);
			if (!mastodon_opts.fetch.total_ns)
				stage_bad_option(&st, "--fetch-timeout", "must be more than 0");
			feed_opts.fetch.total_ns = mastodon_opts.fetch.total_ns;
			break;
		case OPT_BACKOFF: {
			char *copy = xstrdup(optarg), *comma = strchr(copy, ',');

			if (comma)
				*comma = '\0';
			feed_opts.backoff_min_ns = parse_duration("--backoff", copy);
			if (comma)
				feed_opts.backoff_max_ns = parse_duration("--backoff", comma + 1);
			if (!feed_opts.backoff_min_ns ||
			    feed_opts.backoff_max_ns < feed_opts.backoff_min_ns)
				stage_bad_option(&st, "--backoff",
				                 "not MIN[,MAX] with 0 < MIN <= MAX: %s", optarg);
			mastodon_opts.backoff_min_ns = feed_opts.backoff_min_ns;
			mastodon_opts.backoff_max_ns = feed_opts.backoff_max_ns;
			free(copy);
			break;
		}
		case OPT_TOKEN_FILE:
			token_file = optarg;
			break;
		case OPT_MAX_BODY:
			if (size_parse(optarg, &receiver_opts.max_body))
				stage_bad_option(&st, "--max-body", "not a size: %s", optarg);
			break;
		case OPT_RECEIVE:
			receiver_opts.receive_ns = parse_duration("--receive-timeout", optarg);
			if (!receiver_opts.receive_ns)
				stage_bad_option(&st, "--receive-timeout", "must be more than 0");
			break;
		case OPT_CHECKPOINT:
			checkpoint_every_ns = parse_duration("--checkpoint", optarg);
			break;
		default:
			if (!stage_option(&st, c, optarg))
				stage_usage(&st, 2);
		}
	}
	argc -= optind;
	argv += optind;
	if (token_file)
		mastodon_opts.token = read_token(token_file);
	else if (getenv("SENTIO_MASTODON_TOKEN") && *getenv("SENTIO_MASTODON_TOKEN"))
		mastodon_opts.token = xstrdup(getenv("SENTIO_MASTODON_TOKEN"));

	http_init();
	if (argc == 0) {
		static char *stdin_only[] = {"-"};

		argc = 1;
		argv = stdin_only;
	}
	sources = xcalloc((size_t)argc, sizeof(*sources));
	for (int i = 0; i < argc; i++) {
		for (size_t k = 0; k < nsources; k++)
			if (!strcmp(sources[k]->spec, argv[i]))
				stage_bad_option(&st, argv[i], "source given twice");
		sources[nsources++] = make_source(argv[i]);
	}

	if (state)
		state_open(state);
	if (output) {
		struct stat sb;

		/* Reading what we write would never end. */
		if (stat(output, &sb) == 0 && S_ISREG(sb.st_mode))
			for (size_t i = 0; i < nsources; i++)
				if (sources[i]->ops->reads &&
				    sources[i]->ops->reads(sources[i], sb.st_dev, sb.st_ino))
					stage_bad_option(&st, "--output",
					                 "%s is read as a source too", output);
		output_open(output);
	}
	stage_begin(&st);
	for (size_t i = 0; i < nsources; i++) {
		json_t *pos = state_position(sources[i]->spec);

		if (pos && sources[i]->ops->load)
			sources[i]->ops->load(sources[i], pos);
	}

	/* A first checkpoint: the output's length before this run wrote anything. */
	if (state_active())
		checkpoint();
	run(duration ? monotonic_ns() + duration : 0);

	for (size_t i = 0; i < nsources; i++)
		if (sources[i]->ops->stop)
			sources[i]->ops->stop(sources[i]);
	stage_flush(stage);
	if (state_active())
		checkpoint();
	http_cleanup();
	return stage_end(&st);
}
