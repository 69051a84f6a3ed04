/*
 * sentio-collect: read posts from files, standard input, CSV exports,
 * Mastodon timelines, RSS and Atom feeds and an HTTP receiver, all at
 * once in one event loop, and write them as records {id, ts, source, text}.
 *
 * The story: parse the options, make a source of each argument (each
 * kind in its own file, writing through the sink below), take the state
 * file's lock and the positions it holds, trim a torn output tail, then
 * loop: step the sources that have work, wait for descriptors, timers and
 * transfers, and write a checkpoint now and then, only after the records
 * before it have been flushed.
 */
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feed.h"
#include "file.h"
#include "http.h"
#include "mastodon.h"
#include "opt.h"
#include "receiver.h"
#include "state.h"
#include "timestamp.h"

/* Each kind of source's options, as the command line sets them. */
static struct file_opts file_opts = {.ts_from = "read"};
static struct mastodon_opts mastodon_opts = {
    .stall_ns = 90 * NS_PER_SEC,
    .backoff_min_ns = NS_PER_SEC,
    .backoff_max_ns = 300 * NS_PER_SEC,
    .hold = {.max = HOLD_MAX_DEFAULT, .timeout_ns = HOLD_TIMEOUT_DEFAULT},
};
static struct feed_opts feed_opts = {
    .interval_ns = 300 * NS_PER_SEC,
    .backoff_min_ns = NS_PER_SEC,
    .backoff_max_ns = 300 * NS_PER_SEC,
    .hold = {.max = HOLD_MAX_DEFAULT},
};
static struct http_opts http_opts = {.fetch_ns = 120 * NS_PER_SEC, .stall_ns = 90 * NS_PER_SEC};
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
    "      --from-end           start files at their end (tail -n 0); --state's positions win\n"
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
    "      --hold-max N         after a reconnection, hold at most N newer stream records\n"
    "                           until the gap is back-filled, and sort at most N items\n"
    "                           of a feed at once (default 10000)\n"
    "      --hold-timeout D     ... for at most D (default 1m)\n"
    "      --token-file FILE    Mastodon access token (or SENTIO_MASTODON_TOKEN)\n"
    "      --max-body SIZE      receiver: largest request body (default 1M)\n"
    "      --receive-timeout D  receiver: cut a request not whole within D (default 30s)\n"
    "      --checkpoint D       time between state checkpoints (default 1s)\n" STAGE_TIME_HELP
        STAGE_HELP;

enum {
	OPT_FORMAT = OPT_STAGE,
	OPT_MAP,
	OPT_TS_FROM,
	OPT_TEXT_COLUMN,
	OPT_TIME_COLUMN,
	OPT_ID_COLUMN,
	OPT_REPLAY,
	OPT_FROM_END,
	OPT_ONCE,
	OPT_POLL,
	OPT_INTERVAL,
	OPT_STALL,
	OPT_FETCH,
	OPT_BACKOFF,
	OPT_HOLD_MAX,
	OPT_HOLD_TIMEOUT,
	OPT_TOKEN_FILE,
	OPT_MAX_BODY,
	OPT_RECEIVE,
	OPT_CHECKPOINT,
	OPT_STATE,
};

static const struct option longopts[] = {
    STAGE_LONGOPTS,
    STAGE_TIME_LONGOPTS,
    {"format", required_argument, NULL, OPT_FORMAT},
    {"map", required_argument, NULL, OPT_MAP},
    {"ts-from", required_argument, NULL, OPT_TS_FROM},
    {"text-column", required_argument, NULL, OPT_TEXT_COLUMN},
    {"time-column", required_argument, NULL, OPT_TIME_COLUMN},
    {"id-column", required_argument, NULL, OPT_ID_COLUMN},
    {"follow", no_argument, NULL, 'f'},
    {"replay", required_argument, NULL, OPT_REPLAY},
    {"from-end", no_argument, NULL, OPT_FROM_END},
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
    {"hold-max", required_argument, NULL, OPT_HOLD_MAX},
    {"hold-timeout", required_argument, NULL, OPT_HOLD_TIMEOUT},
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
	progress_tick(stage->out);
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

static void
parse_map(const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL;

	for (char *pair = strtok_r(copy, ",", &save); pair; pair = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(pair, '=');

		if (!eq || eq == pair || !eq[1])
			opt_bad("--map", pair, "not TO=FROM");
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

/* The run's own options, beside each kind of source's. */
static const char *output_path, *state_path, *token_file;
static int64_t duration_ns;

/* Parse the options into each kind of source's options and the run's; returns optind. */
static int
options(struct stage *st, int argc, char *argv[])
{
	static const char *const formats[] = {"text", "json", "csv", NULL};
	int c;

	while ((c = getopt_long(argc, argv, STAGE_SHORTOPTS "fo:d:n:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			file_opts.format = formats[opt_choice("--format", optarg, formats)];
			break;
		case OPT_MAP:
			parse_map(optarg);
			break;
		case OPT_TS_FROM:
			file_opts.ts_from = opt_path("--ts-from", optarg);
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
		case OPT_FROM_END:
			file_opts.from_end = true;
			break;
		case OPT_REPLAY:
			file_opts.replay = opt_number_over("--replay", optarg, 0, 1e9);
			break;
		case 'o':
			output_path = opt_path("--output", optarg);
			break;
		case OPT_STATE:
			state_path = opt_path("--state", optarg);
			file_opts.hold_tail = true;
			break;
		case 'd':
			duration_ns = opt_duration_range("--duration", optarg, 0, INT64_MAX);
			break;
		case 'n':
			max_records =
			    (unsigned long long)opt_count("--max-records", optarg, 1, LLONG_MAX);
			break;
		case OPT_ONCE:
			mastodon_opts.once = feed_opts.once = true;
			break;
		case OPT_POLL:
			mastodon_opts.poll_ns = opt_duration("--poll", optarg);
			break;
		case OPT_INTERVAL:
			feed_opts.interval_ns = opt_duration("--interval", optarg);
			break;
		case OPT_STALL:
			mastodon_opts.stall_ns = opt_duration("--stall-timeout", optarg);
			http_opts.stall_ns = mastodon_opts.stall_ns;
			break;
		case OPT_FETCH:
			http_opts.fetch_ns = opt_duration("--fetch-timeout", optarg);
			break;
		case OPT_BACKOFF: {
			char *min = xstrdup(optarg), *max = strchr(min, ',');

			if (max)
				*max++ = '\0';
			feed_opts.backoff_min_ns = opt_duration("--backoff", min);
			if (max)
				feed_opts.backoff_max_ns = opt_duration("--backoff", max);
			if (feed_opts.backoff_max_ns < feed_opts.backoff_min_ns)
				opt_bad("--backoff", optarg, "not MIN[,MAX] with MIN <= MAX");
			mastodon_opts.backoff_min_ns = feed_opts.backoff_min_ns;
			mastodon_opts.backoff_max_ns = feed_opts.backoff_max_ns;
			free(min);
			break;
		}
		case OPT_HOLD_MAX:
			mastodon_opts.hold.max =
			    (size_t)opt_count("--hold-max", optarg, 1, LLONG_MAX);
			feed_opts.hold.max = mastodon_opts.hold.max;
			break;
		case OPT_HOLD_TIMEOUT:
			mastodon_opts.hold.timeout_ns = opt_duration("--hold-timeout", optarg);
			break;
		case OPT_TOKEN_FILE:
			token_file = opt_path("--token-file", optarg);
			break;
		case OPT_MAX_BODY:
			receiver_opts.max_body = opt_size("--max-body", optarg);
			break;
		case OPT_RECEIVE:
			receiver_opts.receive_ns = opt_duration("--receive-timeout", optarg);
			break;
		case OPT_CHECKPOINT:
			checkpoint_every_ns =
			    opt_duration_range("--checkpoint", optarg, 0, INT64_MAX);
			break;
		default:
			if (!stage_option(st, c, optarg))
				stage_usage(st, 2);
		}
	}
	return optind;
}

/* --progress: the bytes read of the sources, when every one is a file of known size. */
static bool
sources_bytes(long long *done, long long *total)
{
	*done = *total = 0;
	for (size_t i = 0; i < nsources; i++) {
		long long d, t;

		if (!sources[i]->ops->bytes || !sources[i]->ops->bytes(sources[i], &d, &t))
			return false;
		*done += d;
		*total += t;
	}
	return true;
}

/* A source of each argument (standard input when there is none), each once. */
static void
make_sources(int argc, char *argv[])
{
	static char *stdin_only[] = {"-"};

	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	sources = xcalloc((size_t)argc, sizeof(*sources));
	for (int i = 0; i < argc; i++) {
		for (size_t k = 0; k < nsources; k++)
			if (!strcmp(sources[k]->spec, argv[i]))
				stage_bad_option(stage, argv[i], "source given twice");
		sources[nsources++] = make_source(argv[i]);
	}
}

/* The output file, which must not be a source: reading what we write would never end. */
static void
open_output(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
		for (size_t i = 0; i < nsources; i++)
			if (sources[i]->ops->reads &&
			    sources[i]->ops->reads(sources[i], sb.st_dev, sb.st_ino))
				stage_bad_option(stage, "--output", "%s is read as a source too",
				                 path);
	output_open(path);
}

int
main(int argc, char *argv[])
{
	static struct stage st;
	int argi;

	stage = sink.st = &st;
	stage_init(&st, "sentio-collect");
	st.usage = usage;
	st.help = help;
	argi = options(&st, argc, argv);
	if (token_file)
		mastodon_opts.token = read_token(token_file);
	else if (getenv("SENTIO_MASTODON_TOKEN") && *getenv("SENTIO_MASTODON_TOKEN"))
		mastodon_opts.token = xstrdup(getenv("SENTIO_MASTODON_TOKEN"));

	http_init(&http_opts);
	make_sources(argc - argi, argv + argi);
	if (state_path)
		state_open(state_path);
	if (output_path)
		open_output(output_path);
	stage_begin(&st);
	progress_begin_bytes(st.name, st.progress, sources_bytes);
	for (size_t i = 0; i < nsources; i++) {
		json_t *pos = state_position(sources[i]->spec);

		if (pos && sources[i]->ops->load)
			sources[i]->ops->load(sources[i], pos);
	}

	/* A first checkpoint: the output's length before this run wrote anything. */
	if (state_active())
		checkpoint();
	run(duration_ns ? monotonic_ns() + duration_ns : 0);

	for (size_t i = 0; i < nsources; i++)
		if (sources[i]->ops->stop)
			sources[i]->ops->stop(sources[i]);
	stage_flush(stage);
	if (state_active())
		checkpoint();
	http_cleanup();
	return stage_end(&st);
}
