// SPDX-License-Identifier: GPL-2.0-only
/*
 * mco-bench: compare the migration copy backends on real memory.
 *
 * The core and every backend are the kernel's sources, built against the
 * userspace shim (build/user/plain/libmco.a).  For each folio size and batch
 * size ("shape"), mco-bench copies batches of folios through the core's
 * batch entry with each registered backend (each copy_mode, and 1..N workers
 * for a backend with a threads or channels knob), and measures two
 * references on the same bytes in the same run:
 *
 *   baseline  the per-folio copy loop the kernel runs today: folio_mc_copy()
 *             on one CPU, page by page with copy_mc_to_kernel();
 *   ceiling   the best this machine does with those bytes and no framework:
 *             1..N threads (busy-polling, no wake-ups) sharing the batch's
 *             chunks, with memcpy(), rep movsb (the kernel's
 *             copy_mc_to_kernel() on ERMS/FSRM CPUs), movnti and
 *             non-temporal vector stores; the best median, and which
 *             primitive won.
 *
 * Every batch starts cold: its sources are flushed from the caches and its
 * destinations zeroed with non-temporal stores, and the folios of a batch
 * are scattered over a pool larger than the last-level cache.  Repeats are
 * interleaved: every round runs every row once, and a row's GB/s is the
 * median over rounds.  Every copy is compared byte for byte with its source
 * outside the timed region; a mismatch is an error (exit 1).  Bad arguments
 * exit 2.
 */
#include <errno.h>
#include <getopt.h>
#include <immintrin.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/bitmap.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/migrate.h>
#include <linux/migrate_copy_offload.h>
#include <linux/migrator.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/shim_copy.h>
#include <linux/sysfs.h>

#define MO_SYSFS		"/sys/kernel/mm/migrate_offload"
#define MO_DEBUGFS		"/sys/kernel/debug/migrate_offload"
/* The most folios in one batch: the max_batch knob's bound, 4 KiB pages. */
#define BENCH_MAX_BATCH		32768
#define BENCH_MAX_SIZES		8
#define BENCH_MAX_BATCHES	16
#define BENCH_MAX_BACKENDS	8
#define BENCH_MAX_WORKERS	64
#define BENCH_MAX_MODES		4
#define BENCH_MAX_ROUNDS	64
#define BENCH_MAX_SETS		32
#define BENCH_MAX_BUSY		256
#define BENCH_MAX_CONCURRENT	64

/* A pool is at least this big: four times the L3 of most machines. */
#define BENCH_POOL_MIN		(128UL << 20)
/* A row copies at least this much a round, and at most this much. */
#define BENCH_ROUND_MIN		(16UL << 20)
#define BENCH_ROUND_MAX		(1024UL << 20)
/* The ceiling's threads share a batch in chunks of at most this. */
#define BENCH_CEIL_CHUNK	(256UL << 10)

/*
 * A backend's workers by their delay from queueing to start (cpu_mt's
 * counters), then those cancelled because they had not started when the
 * migrating thread was done; last, how often the migrating thread had to
 * sleep until a started worker finished its chunk (a count, not a share).
 */
static const char * const bench_wake_counters[] = {
	"start_under_8us", "start_under_32us", "start_under_128us",
	"start_under_512us", "start_under_2ms", "start_slower",
	"cancelled_works", "slept_waits",
};

static const char * const bench_wake_names[] = {
	"<8us", "<32us", "<128us", "<512us", "<2ms", ">=2ms", "cancel",
	"slept",
};

#define BENCH_NR_WAKE	ARRAY_SIZE(bench_wake_counters)
#define BENCH_WAKE_SLEPT	(BENCH_NR_WAKE - 1)

/* Knobs that set a backend's number of workers, in sysfs words. */
static const char * const bench_worker_knobs[] = {
	"threads", "nr_dma_chan",
};

enum bench_kind {
	BENCH_CEILING,
	BENCH_BASELINE,
	BENCH_BACKEND,
};

/* How the ceiling copies. */
enum bench_ceil_method {
	CEIL_MEMCPY,
	CEIL_REP_MOVSB,			/* the kernel's copy_mc_to_kernel() */
	CEIL_MOVNTI,
	CEIL_AVX2_NT,
	CEIL_AVX512_NT,
};

static const char * const ceil_names[] = {
	"memcpy", "rep movsb", "movnti", "avx2-nt", "avx512-nt",
};

struct bench_pool {
	unsigned int order;
	unsigned int nr;
	size_t folio_bytes;
	char *src_mem;
	char *dst_mem;
	struct folio *src;
	struct folio *dst;
	unsigned int next;		/* first folio of the next batch */
};

struct bench_row {
	enum bench_kind kind;
	char backend[MIGRATE_OFFLOAD_NAME_MAX + 1];
	char mode[16];			/* copy_mode word, or "" */
	char primitive[24];		/* what copies the bytes */
	const char *workers_knob;	/* NULL: not tunable */
	unsigned int workers;
	int method;			/* ceiling rows */
	struct bench_pool *pool;
	unsigned int batch;
	unsigned int per_round;		/* batches a round */
	/* results */
	double gbps[BENCH_MAX_ROUNDS];
	unsigned int rounds;
	double *lat_us;			/* one a batch */
	double *first_us;		/* first folio done, one a batch */
	double *post_us;		/* reading the destination once */
	unsigned int n;
	double cpu_s;
	double worker_s;		/* the backend's own worker_ns */
	unsigned long long wake[BENCH_NR_WAKE];	/* bench_wake_counters */
	bool has_wake;
	double bytes;
	bool verified;
	unsigned int shape;		/* index of the first row of the shape */
};

struct bench_opts {
	size_t sizes[BENCH_MAX_SIZES];
	unsigned int nr_sizes;
	unsigned int batches[BENCH_MAX_BATCHES];
	unsigned int nr_batches;
	char backends[BENCH_MAX_BACKENDS][MIGRATE_OFFLOAD_NAME_MAX + 1];
	unsigned int nr_backends;
	bool backends_given;
	bool want_baseline;
	unsigned int workers[BENCH_MAX_WORKERS];
	unsigned int nr_workers;	/* 0: 1 .. online CPUs */
	unsigned int rounds;
	unsigned int min_samples;
	unsigned int busy;
	unsigned int concurrent;	/* migrating threads at once */
	char *sets[BENCH_MAX_SETS];
	unsigned int nr_sets;
	const char *csv;		/* "-" for stdout */
	const char *json;
	const char *plot;
	bool latency;
	bool wakeups;
	bool quiet;
};

static struct bench_opts opts = {
	.sizes = { 4096, 65536, 2097152 },
	.nr_sizes = 3,
	.batches = { 1, 8, 64, 512 },
	.nr_batches = 4,
	.want_baseline = true,
	.rounds = 7,
	.min_samples = 50,
	.concurrent = 1,
};

static struct bench_row *rows;
static unsigned int nr_rows;
static struct bench_pool pools[BENCH_MAX_SIZES];
static unsigned int nr_cpus;
static unsigned int thp_percent;
static double load_start;		/* loadavg at start: is it quiet? */

/* --busy spinners: processes of their own, out of this one's CPU time */
static pid_t busy_pids[BENCH_MAX_BUSY];

static void __noreturn __printf(1, 2) usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mco-bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see mco-bench --help)\n");
	exit(2);
}

static void __noreturn __printf(1, 2) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mco-bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double clock_s(clockid_t clk)
{
	struct timespec ts;

	if (clock_gettime(clk, &ts))
		return 0;
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * CPU time of this process: the copiers' (main thread, workers, DMA channel
 * threads).  The --busy spinners are other processes.  It is read between
 * batches, when every other thread of ours sleeps, so the kernel's
 * per-thread sums are up to date.
 */
static double copier_cpu_s(void)
{
	return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static void __noreturn busy_spin(void)
{
	unsigned long x = 0;

	/* Die with the benchmark, however it ends. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (;;) {
		x = x * 6364136223846793005UL + 1;
		/* Keep the work: the compiler may not drop the loop body. */
		__asm__ __volatile__("" : "+r" (x));
	}
}

static void busy_start(void)
{
	unsigned int i;
	pid_t pid;

	for (i = 0; i < opts.busy; i++) {
		pid = fork();
		if (pid < 0)
			die("cannot start spinner %u: %s", i, strerror(errno));
		if (!pid)
			busy_spin();
		busy_pids[i] = pid;
	}
}

static void busy_end(void)
{
	unsigned int i;

	for (i = 0; i < opts.busy; i++) {
		kill(busy_pids[i], SIGKILL);
		waitpid(busy_pids[i], NULL, 0);
	}
}

/* Argument parsing */

static bool parse_uint(const char *s, unsigned long max, unsigned long *val)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	*val = strtoul(s, &end, 10);
	return !errno && !*end && *val <= max;
}

static bool parse_size(const char *s, size_t *val)
{
	unsigned long n;
	char buf[32], *end;
	size_t len = strlen(s), mult = 1;

	if (!len || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len + 1);
	end = buf + len - 1;
	if (*end == 'K' || *end == 'k')
		mult = 1UL << 10;
	else if (*end == 'M' || *end == 'm')
		mult = 1UL << 20;
	if (mult > 1)
		*end = '\0';
	if (!parse_uint(buf, 1UL << 30, &n))
		return false;
	*val = n * mult;
	return *val >= PAGE_SIZE && *val <= (PAGE_SIZE << MAX_PAGE_ORDER) &&
	       is_power_of_2(*val);
}

/* Split a comma list in place; return the number of words. */
static unsigned int split_list(char *s, char **words, unsigned int max,
			       const char *what)
{
	unsigned int n = 0;
	char *w;

	for (w = strtok(s, ","); w; w = strtok(NULL, ",")) {
		if (n == max)
			usage_error("too many %s (at most %u)", what, max);
		words[n++] = w;
	}
	if (!n)
		usage_error("empty list of %s", what);
	return n;
}

static void parse_sizes(char *arg)
{
	char *w[BENCH_MAX_SIZES];
	unsigned int i, n = split_list(arg, w, BENCH_MAX_SIZES, "sizes");

	for (i = 0; i < n; i++)
		if (!parse_size(w[i], &opts.sizes[i]))
			usage_error("bad folio size '%s': a power of two, 4K..4M",
				    w[i]);
	opts.nr_sizes = n;
}

static void parse_batches(char *arg)
{
	char *w[BENCH_MAX_BATCHES];
	unsigned int i, n = split_list(arg, w, BENCH_MAX_BATCHES, "batches");
	unsigned long v;

	for (i = 0; i < n; i++) {
		if (!parse_uint(w[i], BENCH_MAX_BATCH, &v) || !v)
			usage_error("bad batch size '%s': 1..%u folios", w[i],
				    BENCH_MAX_BATCH);
		opts.batches[i] = v;
	}
	opts.nr_batches = n;
}

static void parse_workers(char *arg)
{
	char *w[BENCH_MAX_WORKERS];
	unsigned int i, n = split_list(arg, w, BENCH_MAX_WORKERS, "workers");
	unsigned long v;

	for (i = 0; i < n; i++) {
		if (!parse_uint(w[i], BENCH_MAX_WORKERS, &v) || !v)
			usage_error("bad worker count '%s': 1..%u", w[i],
				    BENCH_MAX_WORKERS);
		opts.workers[i] = v;
	}
	opts.nr_workers = n;
}

static void parse_backends(char *arg)
{
	char *w[BENCH_MAX_BACKENDS];
	unsigned int i, n = split_list(arg, w, BENCH_MAX_BACKENDS, "backends");

	opts.want_baseline = false;
	opts.backends_given = true;
	for (i = 0; i < n; i++) {
		if (!strcmp(w[i], "baseline")) {
			opts.want_baseline = true;
			continue;
		}
		if (strlen(w[i]) > MIGRATE_OFFLOAD_NAME_MAX)
			usage_error("bad backend name '%s'", w[i]);
		strscpy(opts.backends[opts.nr_backends], w[i],
			sizeof(opts.backends[0]));
		opts.nr_backends++;
	}
}

static unsigned int parse_count(const char *opt, const char *arg,
				unsigned long min, unsigned long max)
{
	unsigned long v;

	if (!parse_uint(arg, max, &v) || v < min)
		usage_error("bad %s '%s': %lu..%lu", opt, arg, min, max);
	return v;
}

static void help(void)
{
	printf("usage: mco-bench [OPTION]...\n"
	       "Compare the migration copy backends on real memory.\n\n"
	       "  --sizes LIST        folio sizes (default 4K,64K,2M)\n"
	       "  --batches LIST      batch sizes in folios (default 1,8,64,512)\n"
	       "  --backends LIST     backends to run, 'baseline' included\n"
	       "                      (default: baseline and every backend)\n"
	       "  --workers LIST      worker counts of backends that have them\n"
	       "                      (default 1..online CPUs)\n"
	       "  --set B/KNOB=VALUE  write a backend tunable first, e.g.\n"
	       "                      cpu_mt/threads=2 (then not swept)\n"
	       "  --rounds N          interleaved repeats (default 7)\n"
	       "  --min-samples N     latency samples a row (default 50)\n"
	       "  --busy N            run N CPU-bound spinners meanwhile\n"
	       "  --concurrent N      N threads migrate at once, each its own\n"
	       "                      batches; GB/s is their sum (rows *N)\n"
	       "  --latency           show total and first-folio latency\n"
	       "  --wakeups           show how soon the workers started\n"
	       "  --csv[=FILE]        CSV instead of the table ('-': stdout)\n"
	       "  --json[=FILE]       JSON instead of the table\n"
	       "  --plot FILE.png     GB/s against batch size (gnuplot)\n"
	       "  --quiet             no progress line\n"
	       "Exit status: 0, 1 when a copy was wrong or a run failed,\n"
	       "2 for bad arguments.\n");
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "sizes", required_argument, NULL, 's' },
		{ "batches", required_argument, NULL, 'b' },
		{ "backends", required_argument, NULL, 'B' },
		{ "workers", required_argument, NULL, 'w' },
		{ "set", required_argument, NULL, 'S' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "min-samples", required_argument, NULL, 'n' },
		{ "busy", required_argument, NULL, 'u' },
		{ "concurrent", required_argument, NULL, 'C' },
		{ "latency", no_argument, NULL, 'l' },
		{ "wakeups", no_argument, NULL, 'W' },
		{ "csv", optional_argument, NULL, 'c' },
		{ "json", optional_argument, NULL, 'j' },
		{ "plot", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			parse_sizes(optarg);
			break;
		case 'b':
			parse_batches(optarg);
			break;
		case 'B':
			parse_backends(optarg);
			break;
		case 'w':
			parse_workers(optarg);
			break;
		case 'S':
			if (opts.nr_sets == BENCH_MAX_SETS)
				usage_error("too many --set");
			opts.sets[opts.nr_sets++] = optarg;
			break;
		case 'r':
			opts.rounds = parse_count("--rounds", optarg, 1,
						  BENCH_MAX_ROUNDS);
			break;
		case 'n':
			opts.min_samples = parse_count("--min-samples", optarg,
						       1, 100000);
			break;
		case 'u':
			opts.busy = parse_count("--busy", optarg, 0,
						BENCH_MAX_BUSY);
			break;
		case 'C':
			opts.concurrent = parse_count("--concurrent", optarg, 1,
						      BENCH_MAX_CONCURRENT);
			break;
		case 'l':
			opts.latency = true;
			break;
		case 'W':
			opts.wakeups = true;
			break;
		case 'c':
			opts.csv = optarg ? optarg : "-";
			break;
		case 'j':
			opts.json = optarg ? optarg : "-";
			break;
		case 'p':
			opts.plot = optarg;
			break;
		case 'q':
			opts.quiet = true;
			break;
		case 'h':
			help();
			exit(0);
		default:
			if (optopt)
				usage_error("bad or incomplete option '-%c'",
					    optopt);
			usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (opts.csv && opts.json && !strcmp(opts.csv, "-") &&
	    !strcmp(opts.json, "-"))
		usage_error("--csv and --json cannot both go to stdout");
}

/* sysfs in sysfs words */

static ssize_t sysfs_get(const char *path, char *buf, size_t size)
{
	ssize_t len = shim_sysfs_read(path, buf, size);

	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	return len;
}

/*
 * A backend's knob: its tunable in sysfs, or else its fault injection in
 * debugfs (CONFIG_MIGRATION_COPY_OFFLOAD_DEBUG).
 */
static void knob_path(char *path, size_t size, const char *backend,
		      const char *knob)
{
	char buf[256];

	snprintf(path, size, MO_SYSFS "/%s/%s", backend, knob);
	if (sysfs_get(path, buf, sizeof(buf)) < 0)
		snprintf(path, size, MO_DEBUGFS "/%s/%s", backend, knob);
}

static int knob_write(const char *backend, const char *knob, const char *val)
{
	char path[128];
	ssize_t ret;

	knob_path(path, sizeof(path), backend, knob);
	ret = shim_sysfs_write_str(path, val);
	return ret < 0 ? ret : 0;
}

static bool knob_exists(const char *backend, const char *knob)
{
	char path[128], buf[256];

	knob_path(path, sizeof(path), backend, knob);
	return sysfs_get(path, buf, sizeof(buf)) >= 0;
}

/*
 * Select @name, then offload every batch: a switch resets min_batch to the
 * backend's own (one THP for dcbm), and the bench measures every size.
 */
static void select_backend(const char *name)
{
	if (shim_sysfs_write_str(MO_SYSFS "/backend", name) < 0)
		die("cannot select backend %s", name);
	if (shim_sysfs_write_str(MO_SYSFS "/min_batch", "1") < 0)
		die("cannot set min_batch");
}

/* The registered backends, in the order of the backend file. */
static unsigned int registered_backends(char names[][MIGRATE_OFFLOAD_NAME_MAX + 1],
					unsigned int max)
{
	char buf[1024], *w, *save;
	unsigned int n = 0;

	if (sysfs_get(MO_SYSFS "/backend", buf, sizeof(buf)) < 0)
		die("no %s/backend", MO_SYSFS);
	for (w = strtok_r(buf, " ", &save); w && n < max;
	     w = strtok_r(NULL, " ", &save)) {
		if (*w == '[') {
			w++;
			w[strlen(w) - 1] = '\0';
		}
		if (strcmp(w, "none"))
			snprintf(names[n++], MIGRATE_OFFLOAD_NAME_MAX + 1, "%s", w);
	}
	return n;
}

/* The words of a backend's copy_mode file, or none. */
static unsigned int backend_modes(const char *backend,
				  char modes[][16], unsigned int max,
				  bool *fixed)
{
	char path[128], buf[256], *w, *save;
	unsigned int n = 0;

	snprintf(path, sizeof(path), MO_SYSFS "/%s/copy_mode", backend);
	if (sysfs_get(path, buf, sizeof(buf)) < 0)
		return 0;
	for (w = strtok_r(buf, " ", &save); w && n < max;
	     w = strtok_r(NULL, " ", &save)) {
		bool active = *w == '[';

		if (active) {
			w++;
			w[strlen(w) - 1] = '\0';
		}
		/* --set B/copy_mode=...: that mode only. */
		if (*fixed && !active)
			continue;
		snprintf(modes[n++], 16, "%s", w);
	}
	return n;
}

static bool set_names(const char *backend, const char *knob)
{
	char prefix[64];
	unsigned int i;

	snprintf(prefix, sizeof(prefix), "%s/%s=", backend, knob);
	for (i = 0; i < opts.nr_sets; i++)
		if (!strncmp(opts.sets[i], prefix, strlen(prefix)))
			return true;
	return false;
}

static void apply_sets(void)
{
	unsigned int i;

	for (i = 0; i < opts.nr_sets; i++) {
		char *s = strdup(opts.sets[i]), *slash, *eq;
		int ret;

		slash = strchr(s, '/');
		eq = strchr(s, '=');
		if (!slash || !eq || eq < slash || slash == s ||
		    eq == slash + 1)
			usage_error("bad --set '%s': BACKEND/KNOB=VALUE",
				    opts.sets[i]);
		*slash = '\0';
		*eq = '\0';
		ret = knob_write(s, slash + 1, eq + 1);
		if (ret == -ENOENT)
			usage_error("--set %s: no tunable %s/%s", opts.sets[i],
				    s, slash + 1);
		if (ret)
			usage_error("--set %s: %s", opts.sets[i],
				    strerror(-ret));
		free(s);
	}
}

/* Pools of folios */

static void fill_pattern(u64 *p, size_t words, u64 seed)
{
	u64 x = seed | 1;
	size_t i;

	for (i = 0; i < words; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = x;
	}
}

static char *map_region(size_t bytes)
{
	size_t align = 2UL << 20;
	char *p = mmap(NULL, bytes + align, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("cannot map %zu MiB: %s", bytes >> 20, strerror(errno));
	p = (char *)ALIGN((unsigned long)p, align);
	/* As the kernel's direct map: huge pages where the machine allows. */
	madvise(p, bytes, MADV_HUGEPAGE);
	return p;
}

static void pool_init(struct bench_pool *pool, unsigned int max_batch)
{
	size_t folio_bytes = pool->folio_bytes;
	size_t bytes = max(BENCH_POOL_MIN,
			   folio_bytes * max_batch * opts.concurrent);
	unsigned int i, *slot, seed = 1;

	pool->order = ilog2(folio_bytes >> PAGE_SHIFT);
	pool->nr = bytes / folio_bytes;
	pool->src_mem = map_region(bytes);
	pool->dst_mem = map_region(bytes);
	pool->src = calloc(pool->nr, sizeof(*pool->src));
	pool->dst = calloc(pool->nr, sizeof(*pool->dst));
	slot = malloc(pool->nr * sizeof(*slot));
	if (!pool->src || !pool->dst || !slot)
		die("out of memory");
	fill_pattern((u64 *)pool->src_mem, bytes / 8, folio_bytes);
	memset(pool->dst_mem, 0, bytes);
	/*
	 * The folios of a batch are not neighbours in memory, as on a real
	 * machine: no prefetcher runs from one into the next.
	 */
	for (i = 0; i < pool->nr; i++)
		slot[i] = i;
	for (i = pool->nr - 1; i > 0; i--) {
		unsigned int j = rand_r(&seed) % (i + 1), t = slot[i];

		slot[i] = slot[j];
		slot[j] = t;
	}
	for (i = 0; i < pool->nr; i++) {
		shim_folio_init(&pool->src[i], pool->src_mem +
				(size_t)slot[i] * folio_bytes, pool->order);
		shim_folio_init(&pool->dst[i], pool->dst_mem +
				(size_t)slot[pool->nr - 1 - i] * folio_bytes,
				pool->order);
	}
	free(slot);
}

/* The 1-minute load average, to tell a quiet machine from a busy one. */
static double check_load(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double load = 0;

	if (f) {
		if (fscanf(f, "%lf", &load) != 1)
			load = 0;
		fclose(f);
	}
	return load;
}

/* Percent of this process's anonymous memory in huge pages. */
static unsigned int check_thp(void)
{
	long kb, anon = 0, huge = 0;
	char line[256];
	FILE *f = fopen("/proc/self/smaps_rollup", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Anonymous: %ld kB", &kb) == 1)
			anon = kb;
		if (sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			huge = kb;
	}
	fclose(f);
	return anon ? huge * 100 / anon : 0;
}

/* Zero with non-temporal stores: the bytes end in memory, not in cache. */
static void zero_uncached(char *p, size_t len)
{
	long long *d = (long long *)p;
	size_t i;

	for (i = 0; i < len / 8; i += 4) {
		_mm_stream_si64(d + i, 0);
		_mm_stream_si64(d + i + 1, 0);
		_mm_stream_si64(d + i + 2, 0);
		_mm_stream_si64(d + i + 3, 0);
	}
}

static void flush_cache(const char *p, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += 64)
		_mm_clflush(p + off);
}

/*
 * Link the next @batch folios of @pool, and make them cold: every batch
 * starts with its sources and destinations out of the caches, as memory
 * that is migrated because it went cold.  The destinations are zeroed, so
 * that one left uncopied cannot pass verification.
 */
static unsigned int batch_prepare(struct bench_pool *pool, unsigned int batch,
				  struct list_head *src, struct list_head *dst)
{
	unsigned int first, i;

	if (pool->next + batch > pool->nr)
		pool->next = 0;
	first = pool->next;
	pool->next += batch;
	INIT_LIST_HEAD(src);
	INIT_LIST_HEAD(dst);
	for (i = first; i < first + batch; i++) {
		flush_cache(pool->src[i].virtual, pool->folio_bytes);
		zero_uncached(pool->dst[i].virtual, pool->folio_bytes);
		list_add_tail(&pool->src[i].lru, src);
		list_add_tail(&pool->dst[i].lru, dst);
	}
	_mm_mfence();
	return first;
}

/*
 * The DMA provider a row ran on: dcbm's channels here are all the
 * software provider's (tests/soft_dma), which copies with the CPU; no row
 * of this benchmark measures DMA hardware.  NULL for CPU rows.
 */
static const char *row_provider(const struct bench_row *r)
{
	return !strcmp(r->backend, "dcbm") ? "soft_dma" : NULL;
}

static const char *row_label(const struct bench_row *r)
{
	static char buf[4][64];
	const char *sub;
	static int k;

	k = (k + 1) % 4;
	sub = *r->mode ? r->mode : row_provider(r) ? row_provider(r) : "";
	if (r->kind == BENCH_CEILING)
		snprintf(buf[k], sizeof(buf[k]), "ceiling");
	else if (opts.concurrent > 1)
		snprintf(buf[k], sizeof(buf[k]), "%s%s%s*%u", r->backend,
			 *sub ? "/" : "", sub, opts.concurrent);
	else
		snprintf(buf[k], sizeof(buf[k]), "%s%s%s", r->backend,
			 *sub ? "/" : "", sub);
	return buf[k];
}

static void batch_verify(struct bench_row *r, unsigned int first)
{
	struct bench_pool *pool = r->pool;
	unsigned int i;
	size_t b;

	for (i = first; i < first + r->batch; i++) {
		const char *s = pool->src[i].virtual, *d = pool->dst[i].virtual;

		if (!memcmp(s, d, pool->folio_bytes))
			continue;
		for (b = 0; s[b] == d[b]; b++)
			;
		die("%s x%u: folio %u of %u (%zuK) differs from its source at byte %zu",
		    row_label(r), r->workers, i - first, r->batch,
		    pool->folio_bytes >> 10, b);
	}
}

/* Read the destination once, one load a cache line; return microseconds. */
static double batch_post_read(struct bench_row *r, unsigned int first)
{
	struct bench_pool *pool = r->pool;
	double t0 = now_s();
	unsigned int i;
	u64 sum = 0;
	size_t off;

	for (i = first; i < first + r->batch; i++) {
		const char *d = pool->dst[i].virtual;

		for (off = 0; off < pool->folio_bytes; off += 64)
			sum += *(const u64 *)(d + off);
	}
	/* The loads must happen: the sum is an input of the asm. */
	__asm__ __volatile__("" : : "r" (sum));
	return (now_s() - t0) * 1e6;
}

/* Rows */

static void row_push(struct bench_row *r, double lat, double first,
		     double post)
{
	unsigned int cap = r->per_round * opts.rounds;

	if (!r->lat_us) {
		r->lat_us = calloc(cap, sizeof(double));
		r->first_us = calloc(cap, sizeof(double));
		r->post_us = calloc(cap, sizeof(double));
		if (!r->lat_us || !r->first_us || !r->post_us)
			die("out of memory");
	}
	if (r->n == cap)
		return;
	r->lat_us[r->n] = lat;
	r->first_us[r->n] = first;
	r->post_us[r->n] = post;
	r->n++;
}

/*
 * The kernel's copy today, migrate_folio() on each folio of the batch:
 * folio_mc_copy(), page by page.  Return when the first folio was done.
 */
static double copy_baseline(struct list_head *dst_list,
			    struct list_head *src_list, double t0)
{
	struct folio *src, *dst;
	double first = 0;

	dst = list_first_entry(dst_list, struct folio, lru);
	list_for_each_entry(src, src_list, lru) {
		if (folio_mc_copy(dst, src))
			die("baseline copy failed");
		if (!first)
			first = now_s() - t0;
		dst = list_next_entry(dst, lru);
	}
	return first;
}

static void row_setup(struct bench_row *r)
{
	char val[16];

	if (r->kind != BENCH_BACKEND) {
		select_backend("none");
		return;
	}
	if (*r->mode && knob_write(r->backend, "copy_mode", r->mode))
		die("%s: cannot set copy_mode %s", r->backend, r->mode);
	if (r->workers_knob) {
		snprintf(val, sizeof(val), "%u", r->workers);
		if (knob_write(r->backend, r->workers_knob, val))
			die("%s: cannot set %s=%s", r->backend,
			    r->workers_knob, val);
	}
	select_backend(r->backend);
}

/* A backend's worker_ns counter, in seconds; 0 when it has none. */
static double backend_worker_s(const struct bench_row *r)
{
	char path[128], buf[64];

	if (r->kind != BENCH_BACKEND)
		return 0;
	snprintf(path, sizeof(path), MO_SYSFS "/%s/worker_ns", r->backend);
	if (sysfs_get(path, buf, sizeof(buf)) < 0)
		return 0;
	return strtoull(buf, NULL, 10) / 1e9;
}

/* A backend's wake-up counters; false when it has none. */
static bool backend_wakeups(const struct bench_row *r,
			    unsigned long long *v)
{
	char path[128], buf[64];
	unsigned int i;

	if (r->kind != BENCH_BACKEND)
		return false;
	for (i = 0; i < BENCH_NR_WAKE; i++) {
		snprintf(path, sizeof(path), MO_SYSFS "/%s/%s", r->backend,
			 bench_wake_counters[i]);
		if (sysfs_get(path, buf, sizeof(buf)) < 0)
			return false;
		v[i] = strtoull(buf, NULL, 10);
	}
	return true;
}

/*
 * --concurrent N: a round of N threads migrating at once, as N tasks
 * migrating on a machine do.  Each thread copies the row's batches from a
 * slice of the pool of its own (pool_init() made it N times bigger); the
 * round's time runs from their common start until the last one is done.
 */
struct bench_copier {
	pthread_t thread;
	struct bench_row *r;
	struct bench_pool slice;	/* its share of r->pool */
	unsigned int first;		/* the slice's first folio in r->pool */
	double *lat_us;			/* per_round samples */
	double *post_us;
};

static pthread_barrier_t bench_copiers_start;

static void *bench_copier_fn(void *arg)
{
	unsigned long copied[BITS_TO_LONGS(BENCH_MAX_BATCH)];
	struct bench_copier *c = arg;
	struct bench_row *r = c->r;
	struct list_head src, dst;
	unsigned int k, start;
	double t0;

	pthread_barrier_wait(&bench_copiers_start);
	for (k = 0; k < r->per_round; k++) {
		start = c->first + batch_prepare(&c->slice, r->batch, &src,
						 &dst);
		t0 = now_s();
		if (r->kind == BENCH_BASELINE)
			copy_baseline(&dst, &src, t0);
		else
			shim_migrate_batch(&dst, &src, r->batch, MR_DEMOTION,
					   copied);
		_mm_mfence();
		c->lat_us[k] = (now_s() - t0) * 1e6;
		c->post_us[k] = batch_post_read(r, start);
		batch_verify(r, start);
	}
	return NULL;
}

static void row_round_concurrent(struct bench_row *r)
{
	size_t batch_bytes = (size_t)r->batch * r->pool->folio_bytes;
	unsigned int n = opts.concurrent, per = r->pool->nr / n, i, k;
	struct bench_copier *c = calloc(n, sizeof(*c));
	double t0, c0, w0;

	if (!c || pthread_barrier_init(&bench_copiers_start, NULL, n + 1))
		die("out of memory");
	row_setup(r);
	w0 = backend_worker_s(r);
	for (i = 0; i < n; i++) {
		c[i].r = r;
		c[i].first = i * per;
		c[i].slice = *r->pool;
		c[i].slice.src = r->pool->src + c[i].first;
		c[i].slice.dst = r->pool->dst + c[i].first;
		c[i].slice.nr = per;
		c[i].slice.next = 0;
		c[i].lat_us = calloc(r->per_round, sizeof(double));
		c[i].post_us = calloc(r->per_round, sizeof(double));
		if (!c[i].lat_us || !c[i].post_us ||
		    pthread_create(&c[i].thread, NULL, bench_copier_fn, &c[i]))
			die("cannot start copier %u", i);
	}
	c0 = copier_cpu_s();
	t0 = now_s();
	pthread_barrier_wait(&bench_copiers_start);
	for (i = 0; i < n; i++)
		pthread_join(c[i].thread, NULL);
	t0 = now_s() - t0;
	r->cpu_s += copier_cpu_s() - c0;
	r->worker_s += backend_worker_s(r) - w0;
	r->bytes += batch_bytes * r->per_round * n;
	for (i = 0; i < n; i++) {
		for (k = 0; k < r->per_round; k++)
			row_push(r, c[i].lat_us[k], c[i].lat_us[k],
				 c[i].post_us[k]);
		free(c[i].lat_us);
		free(c[i].post_us);
	}
	pthread_barrier_destroy(&bench_copiers_start);
	free(c);
	r->gbps[r->rounds++] = batch_bytes * r->per_round * n / t0 / 1e9;
	r->verified = true;
}

static void row_round(struct bench_row *r)
{
	size_t batch_bytes = (size_t)r->batch * r->pool->folio_bytes;
	unsigned long copied[BITS_TO_LONGS(BENCH_MAX_BATCH)];
	unsigned long long wake0[BENCH_NR_WAKE], wake1[BENCH_NR_WAKE];
	double time = 0, t0, t1, c0, c1, w0, first;
	bool has_wake;
	struct list_head src, dst;
	unsigned int k, got, start;

	if (opts.concurrent > 1) {
		row_round_concurrent(r);
		return;
	}
	row_setup(r);
	w0 = backend_worker_s(r);
	has_wake = backend_wakeups(r, wake0);
	for (k = 0; k < r->per_round; k++) {
		start = batch_prepare(r->pool, r->batch, &src, &dst);
		c0 = copier_cpu_s();
		t0 = now_s();
		if (r->kind == BENCH_BASELINE) {
			first = copy_baseline(&dst, &src, t0);
			got = r->batch;
		} else {
			/* The offload, then the move stage's copy of the rest. */
			got = shim_migrate_batch(&dst, &src, r->batch,
						 MR_DEMOTION, copied);
			/* A batch copy reports every folio at the end. */
			first = 0;
		}
		/* Done is when the stores are visible, for every row alike. */
		_mm_mfence();
		t1 = now_s();
		c1 = copier_cpu_s();
		if (got != r->batch)
			die("%s: %u of %u folios copied", row_label(r), got,
			    r->batch);
		time += t1 - t0;
		r->cpu_s += c1 - c0;
		r->bytes += batch_bytes;
		row_push(r, (t1 - t0) * 1e6, (first ? first : t1 - t0) * 1e6,
			 batch_post_read(r, start));
		batch_verify(r, start);
	}
	r->worker_s += backend_worker_s(r) - w0;
	if (has_wake && backend_wakeups(r, wake1)) {
		r->has_wake = true;
		for (k = 0; k < BENCH_NR_WAKE; k++)
			r->wake[k] += wake1[k] - wake0[k];
	}
	r->gbps[r->rounds++] = batch_bytes * r->per_round / time / 1e9;
	r->verified = true;
}

/* The ceiling: the same bytes, no framework */

static void copy_movnti(char *dst, const char *src, size_t len)
{
	long long *d = (long long *)dst;
	const long long *s = (const long long *)src;
	size_t i;

	for (i = 0; i < len / 8; i += 4) {
		_mm_stream_si64(d + i, s[i]);
		_mm_stream_si64(d + i + 1, s[i + 1]);
		_mm_stream_si64(d + i + 2, s[i + 2]);
		_mm_stream_si64(d + i + 3, s[i + 3]);
	}
}

static void __attribute__((target("avx2")))
copy_avx2_nt(char *dst, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += 128) {
		__m256i a = _mm256_load_si256((const __m256i *)(src + i));
		__m256i b = _mm256_load_si256((const __m256i *)(src + i + 32));
		__m256i c = _mm256_load_si256((const __m256i *)(src + i + 64));
		__m256i e = _mm256_load_si256((const __m256i *)(src + i + 96));

		_mm256_stream_si256((__m256i *)(dst + i), a);
		_mm256_stream_si256((__m256i *)(dst + i + 32), b);
		_mm256_stream_si256((__m256i *)(dst + i + 64), c);
		_mm256_stream_si256((__m256i *)(dst + i + 96), e);
	}
}

static void __attribute__((target("avx512f")))
copy_avx512_nt(char *dst, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += 128) {
		__m512i a = _mm512_load_si512((const void *)(src + i));
		__m512i b = _mm512_load_si512((const void *)(src + i + 64));

		_mm512_stream_si512((void *)(dst + i), a);
		_mm512_stream_si512((void *)(dst + i + 64), b);
	}
}

static void ceil_copy(int method, char *dst, const char *src, size_t len)
{
	switch (method) {
	case CEIL_MEMCPY:
		memcpy(dst, src, len);
		break;
	case CEIL_REP_MOVSB:
		shim_rep_movsb(dst, src, len);
		break;
	case CEIL_MOVNTI:
		copy_movnti(dst, src, len);
		break;
	case CEIL_AVX2_NT:
		copy_avx2_nt(dst, src, len);
		break;
	case CEIL_AVX512_NT:
		copy_avx512_nt(dst, src, len);
		break;
	}
}

/* The best non-temporal copy this CPU has. */
static int ceil_nt_method(void)
{
	if (__builtin_cpu_supports("avx512f"))
		return CEIL_AVX512_NT;
	if (__builtin_cpu_supports("avx2"))
		return CEIL_AVX2_NT;
	return CEIL_MOVNTI;
}

struct ceil_chunk {
	char *dst;
	const char *src;
};

/*
 * One batch shared by the main thread and busy-polling helpers: a helper
 * waits for ->gen to change, claims chunks from ->next, and counts them in
 * ->done.  No sleeping, no wake-up: the best a thread pool can do.
 */
struct ceil_team {
	int method;
	struct ceil_chunk *chunks;
	size_t chunk_len;
	unsigned long nr_chunks;
	unsigned long next;
	unsigned long done;
	unsigned long gen;		/* ULONG_MAX: exit */
};

struct ceil_helper_arg {
	struct ceil_team *team;
	unsigned int cpu;
};

static void ceil_share(struct ceil_team *t)
{
	unsigned long k, mine = 0;

	while ((k = __atomic_fetch_add(&t->next, 1, __ATOMIC_ACQ_REL)) <
	       t->nr_chunks) {
		ceil_copy(t->method, t->chunks[k].dst, t->chunks[k].src,
			  t->chunk_len);
		mine++;
	}
	_mm_sfence();
	__atomic_fetch_add(&t->done, mine, __ATOMIC_RELEASE);
}

static void *ceil_helper(void *arg)
{
	struct ceil_helper_arg *a = arg;
	struct ceil_team *t = a->team;
	unsigned long seen = 0, gen;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(a->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	for (;;) {
		while ((gen = __atomic_load_n(&t->gen, __ATOMIC_ACQUIRE)) ==
		       seen)
			_mm_pause();
		if (gen == ULONG_MAX)
			return NULL;
		seen = gen;
		ceil_share(t);
	}
}

/* One round of a ceiling row: @r->per_round batches, as the other rows. */
static void ceil_round(struct bench_row *r)
{
	size_t len = min(r->pool->folio_bytes, BENCH_CEIL_CHUNK);
	size_t batch_bytes = (size_t)r->batch * r->pool->folio_bytes;
	struct ceil_team team = { .method = r->method, .chunk_len = len };
	struct ceil_helper_arg args[BENCH_MAX_WORKERS];
	pthread_t helpers[BENCH_MAX_WORKERS];
	struct list_head src, dst;
	double time = 0, t0, t1;
	unsigned int k, i, start;
	unsigned long n;
	size_t off;

	team.nr_chunks = batch_bytes / len;
	team.chunks = malloc(team.nr_chunks * sizeof(*team.chunks));
	if (!team.chunks)
		die("out of memory");
	for (i = 1; i < r->workers; i++) {
		args[i].team = &team;
		args[i].cpu = i;
		if (pthread_create(&helpers[i], NULL, ceil_helper, &args[i]))
			die("cannot start a copy thread");
	}
	for (k = 0; k < r->per_round; k++) {
		start = batch_prepare(r->pool, r->batch, &src, &dst);
		n = 0;
		for (i = start; i < start + r->batch; i++) {
			for (off = 0; off < r->pool->folio_bytes; off += len) {
				team.chunks[n].src =
					(char *)r->pool->src[i].virtual + off;
				team.chunks[n].dst =
					(char *)r->pool->dst[i].virtual + off;
				n++;
			}
		}
		__atomic_store_n(&team.next, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&team.done, 0, __ATOMIC_RELAXED);
		t0 = now_s();
		if (r->workers == 1) {
			/* Alone: a plain loop, not even an atomic. */
			for (n = 0; n < team.nr_chunks; n++)
				ceil_copy(team.method, team.chunks[n].dst,
					  team.chunks[n].src, len);
			_mm_sfence();
		} else {
			__atomic_add_fetch(&team.gen, 1, __ATOMIC_RELEASE);
			ceil_share(&team);
			while (__atomic_load_n(&team.done, __ATOMIC_ACQUIRE) <
			       team.nr_chunks)
				_mm_pause();
		}
		_mm_mfence();
		t1 = now_s();
		time += t1 - t0;
		/* The helpers poll: count the threads, not the process. */
		r->cpu_s += (t1 - t0) * r->workers;
		r->bytes += batch_bytes;
		row_push(r, (t1 - t0) * 1e6, (t1 - t0) * 1e6,
			 batch_post_read(r, start));
		batch_verify(r, start);
	}
	__atomic_store_n(&team.gen, ULONG_MAX, __ATOMIC_RELEASE);
	for (i = 1; i < r->workers; i++)
		pthread_join(helpers[i], NULL);
	free(team.chunks);
	r->gbps[r->rounds++] = batch_bytes * r->per_round / time / 1e9;
	r->verified = true;
}

/* The rows of a run */

static struct bench_row *row_add(enum bench_kind kind, const char *backend,
				 struct bench_pool *pool, unsigned int batch)
{
	size_t bb = (size_t)batch * pool->folio_bytes;
	unsigned int per_round = DIV_ROUND_UP(opts.min_samples, opts.rounds);
	struct bench_row *r;

	rows = realloc(rows, (nr_rows + 1) * sizeof(*rows));
	if (!rows)
		die("out of memory");
	r = &rows[nr_rows++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	snprintf(r->backend, sizeof(r->backend), "%s", backend);
	r->pool = pool;
	r->batch = batch;
	/* Enough bytes a round for a stable figure, within a time budget. */
	per_round = max_t(unsigned int, per_round,
			  DIV_ROUND_UP(BENCH_ROUND_MIN, bb));
	if ((size_t)per_round * bb > BENCH_ROUND_MAX)
		per_round = max(1UL, BENCH_ROUND_MAX / bb);
	r->per_round = per_round;
	r->workers = 1;
	return r;
}

static const char *primitive_of(const char *backend, const char *mode)
{
	if (!strcmp(mode, "mc"))
		return "copy_mc_to_kernel";
	if (!strcmp(mode, "nt"))
		return "movnti";
	if (!strcmp(backend, "null"))
		return "folio_mc_copy";
	if (!strcmp(backend, "dcbm"))
		return "dmaengine";
	return "-";
}

/* Which backends run: the ones named, or every one that can be selected. */
static unsigned int pick_backends(char names[][MIGRATE_OFFLOAD_NAME_MAX + 1],
				  unsigned int max)
{
	unsigned int nr, i, j;
	ssize_t ret;

	nr = registered_backends(names, max);
	for (i = 0; i < opts.nr_backends; i++) {
		for (j = 0; j < nr; j++)
			if (!strcmp(opts.backends[i], names[j]))
				break;
		if (j == nr)
			usage_error("unknown backend '%s'", opts.backends[i]);
	}
	if (opts.backends_given) {
		for (i = 0; i < opts.nr_backends; i++)
			strscpy(names[i], opts.backends[i], sizeof(names[i]));
		nr = opts.nr_backends;
	}
	/* One that cannot be enabled here (no DMA channel) is left out. */
	for (i = 0; i < nr; i++) {
		ret = shim_sysfs_write_str(MO_SYSFS "/backend", names[i]);
		if (ret >= 0)
			continue;
		if (opts.backends_given)
			die("cannot select backend %s: %s", names[i],
			    strerror((int)-ret));
		fprintf(stderr, "mco-bench: leaving out %s: %s\n", names[i],
			strerror((int)-ret));
		memmove(names[i], names[i + 1],
			(nr - i - 1) * sizeof(names[0]));
		nr--;
		i--;
	}
	select_backend("none");
	return nr;
}

static void add_backend_rows(const char *name, struct bench_pool *pool,
			     unsigned int batch)
{
	char modes[BENCH_MAX_MODES][16];
	bool fixed_mode = set_names(name, "copy_mode");
	unsigned int nr_modes, nr_w = 1, j, m, w;
	const char *knob = NULL;
	struct bench_row *r;

	for (j = 0; j < ARRAY_SIZE(bench_worker_knobs); j++)
		if (knob_exists(name, bench_worker_knobs[j]))
			knob = bench_worker_knobs[j];
	/* --set B/threads=N: that count only, as set. */
	if (knob && set_names(name, knob))
		knob = NULL;
	if (knob)
		nr_w = opts.nr_workers;
	nr_modes = backend_modes(name, modes, BENCH_MAX_MODES, &fixed_mode);
	if (!nr_modes) {
		modes[0][0] = '\0';
		nr_modes = 1;
	}
	for (m = 0; m < nr_modes; m++) {
		for (w = 0; w < nr_w; w++) {
			r = row_add(BENCH_BACKEND, name, pool, batch);
			strscpy(r->mode, modes[m], sizeof(r->mode));
			snprintf(r->primitive, sizeof(r->primitive), "%s",
				 primitive_of(name, modes[m]));
			r->workers_knob = knob;
			r->workers = knob ? opts.workers[w] : 1;
		}
	}
}

static void build_rows(void)
{
	char names[BENCH_MAX_BACKENDS * 2][MIGRATE_OFFLOAD_NAME_MAX + 1];
	const int methods[] = { CEIL_MEMCPY, CEIL_REP_MOVSB, CEIL_MOVNTI,
				ceil_nt_method() };
	unsigned int nr_methods = ARRAY_SIZE(methods);
	unsigned int nr_names, s, b, i, t, first;
	struct bench_row *r;

	nr_names = pick_backends(names, ARRAY_SIZE(names));
	/* No vector unit: movnti is the best non-temporal copy already. */
	if (methods[nr_methods - 1] == CEIL_MOVNTI)
		nr_methods--;
	if (!opts.nr_workers) {
		for (t = 1; t <= nr_cpus && t <= BENCH_MAX_WORKERS; t++)
			opts.workers[opts.nr_workers++] = t;
	}
	for (s = 0; s < opts.nr_sizes; s++) {
		for (b = 0; b < opts.nr_batches; b++) {
			first = nr_rows;
			for (i = 0; i < nr_methods; i++) {
				for (t = 1; t <= nr_cpus &&
				     t <= BENCH_MAX_WORKERS; t++) {
					r = row_add(BENCH_CEILING, "ceiling",
						    &pools[s], opts.batches[b]);
					r->method = methods[i];
					r->workers = t;
					strscpy(r->primitive,
						ceil_names[methods[i]],
						sizeof(r->primitive));
				}
			}
			if (opts.want_baseline) {
				r = row_add(BENCH_BASELINE, "baseline",
					    &pools[s], opts.batches[b]);
				strscpy(r->primitive, "folio_mc_copy",
					sizeof(r->primitive));
			}
			for (i = 0; i < nr_names; i++)
				add_backend_rows(names[i], &pools[s],
						 opts.batches[b]);
			for (i = first; i < nr_rows; i++)
				rows[i].shape = first;
		}
	}
}

/* Check that the workers knob takes every count before running. */
static void check_workers(void)
{
	char val[16];
	unsigned int i;

	for (i = 0; i < nr_rows; i++) {
		if (!rows[i].workers_knob)
			continue;
		snprintf(val, sizeof(val), "%u", rows[i].workers);
		if (knob_write(rows[i].backend, rows[i].workers_knob, val))
			usage_error("%s/%s cannot be %u", rows[i].backend,
				    rows[i].workers_knob, rows[i].workers);
	}
}

/* Figures */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The @p quantile (0.5: median) of @n values, nearest rank. */
static double quantile(const double *v, unsigned int n, double p)
{
	double *s, x;
	unsigned int k;

	if (!n)
		return 0;
	s = malloc(n * sizeof(*s));
	if (!s)
		die("out of memory");
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	if (p == 0.5) {
		x = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	} else {
		k = (unsigned int)ceil(p * n);
		x = s[k ? k - 1 : 0];
	}
	free(s);
	return x;
}

static double median(const double *v, unsigned int n)
{
	return quantile(v, n, 0.5);
}

static double row_gbps(const struct bench_row *r)
{
	return median(r->gbps, r->rounds);
}

/* The best ceiling row of @r's shape. */
static const struct bench_row *shape_ceiling(const struct bench_row *r)
{
	const struct bench_row *best = NULL;
	unsigned int i;

	for (i = r->shape; i < nr_rows && rows[i].shape == r->shape; i++)
		if (rows[i].kind == BENCH_CEILING &&
		    (!best || row_gbps(&rows[i]) > row_gbps(best)))
			best = &rows[i];
	return best;
}

static const struct bench_row *shape_baseline(const struct bench_row *r)
{
	unsigned int i;

	for (i = r->shape; i < nr_rows && rows[i].shape == r->shape; i++)
		if (rows[i].kind == BENCH_BASELINE)
			return &rows[i];
	return NULL;
}

static double row_speedup(const struct bench_row *r)
{
	const struct bench_row *base = shape_baseline(r);

	return base && row_gbps(base) ? row_gbps(r) / row_gbps(base) : 0;
}

static double row_pct_ceiling(const struct bench_row *r)
{
	const struct bench_row *c = shape_ceiling(r);

	return c && row_gbps(c) ? 100 * row_gbps(r) / row_gbps(c) : 0;
}

static double row_cpu_per_gb(const struct bench_row *r)
{
	return r->bytes ? r->cpu_s / (r->bytes / 1e9) : 0;
}

/* Rows shown: the best ceiling of each shape, and every other row. */
static bool row_shown(const struct bench_row *r)
{
	return r->kind != BENCH_CEILING || shape_ceiling(r) == r;
}

static double machine_ceiling(void)
{
	double best = 0;
	unsigned int i;

	for (i = 0; i < nr_rows; i++)
		if (rows[i].kind == BENCH_CEILING)
			best = max(best, row_gbps(&rows[i]));
	return best;
}

static const char *size_name(size_t bytes)
{
	static char buf[4][16];
	static int k;

	k = (k + 1) % 4;
	if (bytes >= (1UL << 20))
		snprintf(buf[k], sizeof(buf[k]), "%zuM", bytes >> 20);
	else
		snprintf(buf[k], sizeof(buf[k]), "%zuK", bytes >> 10);
	return buf[k];
}

static void print_table(FILE *f)
{
	unsigned int i, shape = UINT_MAX;
	const struct bench_row *r;

	fprintf(f,
		"mco-bench: %u CPUs (load %.2f at start), %u interleaved rounds, GB/s = median; cold caches, %u%% of memory in THPs%s",
		nr_cpus, load_start, opts.rounds, thp_percent,
		opts.busy ? "" : "\n");
	if (opts.busy)
		fprintf(f, "; %u busy spinners\n", opts.busy);
	if (opts.concurrent > 1)
		fprintf(f, "--concurrent %u: rows *%u are %u threads migrating at once, %s\n",
			opts.concurrent, opts.concurrent, opts.concurrent,
			"GB/s their sum, p99 per batch");
	fprintf(f, "%-14s %-17s %5s %5s %3s %7s %9s %5s %8s %7s %5s %10s %s\n",
		"backend", "primitive", "folio", "batch", "wk", "GB/s",
		"p99 us", "n", "cpu s/GB", "speedup", "%ceil", "post_rd us",
		"verified");
	for (i = 0; i < nr_rows; i++) {
		r = &rows[i];
		if (!row_shown(r))
			continue;
		if (shape != UINT_MAX && r->shape != shape)
			fprintf(f, "\n");
		shape = r->shape;
		fprintf(f, "%-14s %-17s %5s %5u %3u %7.2f %9.1f %5u %8.3f ",
			row_label(r), r->primitive,
			size_name(r->pool->folio_bytes), r->batch, r->workers,
			row_gbps(r), quantile(r->lat_us, r->n, 0.99), r->n,
			row_cpu_per_gb(r));
		if (shape_baseline(r))
			fprintf(f, "%6.2fx", row_speedup(r));
		else
			fprintf(f, "%7s", "-");
		fprintf(f, " %4.0f%% %10.1f %s\n", row_pct_ceiling(r),
			median(r->post_us, r->n), r->verified ? "yes" : "NO");
	}
}

/* One line of wake-up counts: each bucket's share of the workers queued. */
static void print_wake_line(FILE *f, const unsigned long long *v)
{
	unsigned long long all = 0;
	unsigned int k;

	for (k = 0; k < BENCH_WAKE_SLEPT; k++)
		all += v[k];
	fprintf(f, " %8llu", all);
	for (k = 0; k < BENCH_WAKE_SLEPT; k++)
		fprintf(f, " %6.1f%%", all ? 100.0 * v[k] / all : 0);
	fprintf(f, " %7llu\n", v[BENCH_WAKE_SLEPT]);
}

static void print_wake_header(FILE *f, const char *first)
{
	unsigned int k;

	fprintf(f, "%-30s %8s", first, "queued");
	for (k = 0; k < BENCH_NR_WAKE; k++)
		fprintf(f, " %7s", bench_wake_names[k]);
	fprintf(f, "\n");
}

/* Which copy primitive made the ceiling of how many shapes, of those tried. */
static void print_ceiling_wins(FILE *f)
{
	unsigned int wins[ARRAY_SIZE(ceil_names)] = { 0 }, shapes = 0, i;
	bool tried[ARRAY_SIZE(ceil_names)] = { false };
	const struct bench_row *c;

	for (i = 0; i < nr_rows; i++) {
		if (rows[i].kind == BENCH_CEILING)
			tried[rows[i].method] = true;
		if (rows[i].shape != i)
			continue;
		c = shape_ceiling(&rows[i]);
		if (!c)
			continue;
		wins[c->method]++;
		shapes++;
	}
	if (!shapes)
		return;
	fprintf(f, "\nceiling: best primitive of %u shapes:", shapes);
	for (i = 0; i < ARRAY_SIZE(ceil_names); i++)
		if (wins[i])
			fprintf(f, " %s %u", ceil_names[i], wins[i]);
	fprintf(f, " (tried");
	for (i = 0; i < ARRAY_SIZE(ceil_names); i++)
		if (tried[i])
			fprintf(f, " %s", ceil_names[i]);
	fprintf(f, ", with 1..%u threads)\n", nr_cpus);
}

/*
 * How soon the workers started after they were queued, over the whole run:
 * whether this machine's idle CPUs wake fast enough for the backend's
 * heuristics.  With --wakeups, row by row.
 */
static void print_wakeups(FILE *f, bool per_row)
{
	unsigned long long sum[BENCH_NR_WAKE] = { 0 };
	const struct bench_row *r;
	unsigned int i, k;
	char label[64];
	bool any = false;

	for (i = 0; i < nr_rows; i++) {
		r = &rows[i];
		if (!r->has_wake)
			continue;
		any = true;
		for (k = 0; k < BENCH_NR_WAKE; k++)
			sum[k] += r->wake[k];
	}
	if (!any)
		return;
	fprintf(f,
		"\nworkers by delay from queueing to start (cancel: not started when the migrating thread was done)\n");
	print_wake_header(f, "backend folio batch wk");
	if (per_row) {
		for (i = 0; i < nr_rows; i++) {
			r = &rows[i];
			if (!r->has_wake)
				continue;
			snprintf(label, sizeof(label), "%s %s x%u %u",
				 row_label(r), size_name(r->pool->folio_bytes),
				 r->batch, r->workers);
			fprintf(f, "%-30s", label);
			print_wake_line(f, r->wake);
		}
	}
	fprintf(f, "%-30s", "all rows");
	print_wake_line(f, sum);
}

static void print_latency(FILE *f)
{
	const struct bench_row *r, *base;
	double tot, first, btot, bfirst;
	unsigned int i, shape = UINT_MAX;

	fprintf(f,
		"mco-bench --latency: median per batch in microseconds; first = until the first folio is copied\n");
	fprintf(f,
		"(a batch copy reports every folio at the end; the baseline copies folio by folio)\n");
	fprintf(f, "%-14s %5s %5s %3s %11s %11s %9s %9s\n", "backend", "folio",
		"batch", "wk", "total us", "first us", "total/bl", "first/bl");
	for (i = 0; i < nr_rows; i++) {
		r = &rows[i];
		if (r->kind == BENCH_CEILING)
			continue;
		base = shape_baseline(r);
		tot = median(r->lat_us, r->n);
		first = median(r->first_us, r->n);
		btot = base ? median(base->lat_us, base->n) : 0;
		bfirst = base ? median(base->first_us, base->n) : 0;
		if (shape != UINT_MAX && r->shape != shape)
			fprintf(f, "\n");
		shape = r->shape;
		fprintf(f, "%-14s %5s %5u %3u %11.1f %11.1f %8.2fx %8.2fx\n",
			row_label(r), size_name(r->pool->folio_bytes), r->batch,
			r->workers, tot, first, btot ? tot / btot : 0,
			bfirst ? first / bfirst : 0);
	}
}

static FILE *open_out(const char *name)
{
	FILE *f;

	if (!strcmp(name, "-"))
		return stdout;
	f = fopen(name, "w");
	if (!f)
		die("cannot write %s: %s", name, strerror(errno));
	return f;
}

static void close_out(FILE *f)
{
	if (f == stdout)
		fflush(f);
	else if (fclose(f))
		die("write error");
}

static void write_csv(const char *name)
{
	FILE *f = open_out(name);
	const struct bench_row *r;
	unsigned int i;

	fputs("backend,mode,primitive,folio_size,batch,workers,gbps,", f);
	fputs("p99_us,n,cpu_s,cpu_s_per_gb,speedup,pct_ceiling,", f);
	fputs("post_read_us,total_us,first_us,worker_cpu_s,verified,busy,", f);
	fputs("concurrent\n", f);
	for (i = 0; i < nr_rows; i++) {
		r = &rows[i];
		if (!row_shown(r))
			continue;
		fprintf(f, "%s,%s,%s,%zu,%u,%u,%.3f,%.1f,%u,%.4f,%.4f,",
			r->kind == BENCH_CEILING ? "ceiling" : r->backend,
			r->mode, r->primitive, r->pool->folio_bytes, r->batch,
			r->workers, row_gbps(r),
			quantile(r->lat_us, r->n, 0.99), r->n, r->cpu_s,
			row_cpu_per_gb(r));
		if (shape_baseline(r))
			fprintf(f, "%.3f", row_speedup(r));
		fprintf(f, ",%.1f,%.1f,%.1f,%.1f,%.4f,%s,%u,%u\n",
			row_pct_ceiling(r), median(r->post_us, r->n),
			median(r->lat_us, r->n), median(r->first_us, r->n),
			r->worker_s, r->verified ? "true" : "false", opts.busy,
			r->kind == BENCH_CEILING ? 1 : opts.concurrent);
	}
	close_out(f);
}

static void write_json(const char *name)
{
	FILE *f = open_out(name);
	const struct bench_row *r;
	unsigned int i, shown = 0;

	for (i = 0; i < nr_rows; i++)
		shown += row_shown(&rows[i]);
	fprintf(f,
		"{\n  \"machine\": {\"cpus\": %u, \"ceiling_gbps\": %.3f, \"thp_percent\": %u, \"busy\": %u, \"rounds\": %u, \"cold_caches\": true, \"loadavg_start\": %.2f},\n  \"rows\": [\n",
		nr_cpus, machine_ceiling(), thp_percent, opts.busy,
		opts.rounds, load_start);
	for (i = 0; i < nr_rows; i++) {
		r = &rows[i];
		if (!row_shown(r))
			continue;
		fprintf(f,
			"    {\"backend\": \"%s\", \"mode\": \"%s\", \"primitive\": \"%s\", \"folio_size\": %zu, \"batch\": %u, \"workers\": %u, \"gbps\": %.3f, \"p99_us\": %.1f, \"n\": %u, \"cpu_s\": %.4f, \"cpu_s_per_gb\": %.4f, \"speedup\": ",
			r->kind == BENCH_CEILING ? "ceiling" : r->backend,
			r->mode, r->primitive, r->pool->folio_bytes, r->batch,
			r->workers, row_gbps(r),
			quantile(r->lat_us, r->n, 0.99), r->n, r->cpu_s,
			row_cpu_per_gb(r));
		if (shape_baseline(r))
			fprintf(f, "%.3f", row_speedup(r));
		else
			fprintf(f, "null");
		fprintf(f,
			", \"pct_ceiling\": %.1f, \"post_read_us\": %.1f, \"total_us\": %.1f, \"first_us\": %.1f, ",
			row_pct_ceiling(r), median(r->post_us, r->n),
			median(r->lat_us, r->n), median(r->first_us, r->n));
		fprintf(f, "\"worker_cpu_s\": %.4f, \"verified\": %s, \"concurrent\": %u, \"provider\": ",
			r->worker_s, r->verified ? "true" : "false",
			r->kind == BENCH_CEILING ? 1 : opts.concurrent);
		if (row_provider(r))
			fprintf(f, "\"%s\"", row_provider(r));
		else
			fprintf(f, "null");
		fprintf(f, "}%s\n", --shown ? "," : "");
	}
	fprintf(f, "  ]\n}\n");
	close_out(f);
}

/* A plot series: backend/mode, and the worker count where it has one. */
static void series_label(const struct bench_row *r, char *buf, size_t size)
{
	if (r->kind == BENCH_CEILING)
		snprintf(buf, size, "ceiling (no framework)");
	else if (r->workers_knob)
		snprintf(buf, size, "%s x%u", row_label(r), r->workers);
	else
		snprintf(buf, size, "%s", row_label(r));
}

/*
 * Colours of the series, by position: 0 is the ceiling (black), 1 the
 * baseline (red); then pairs, lighter and darker, as a backend's worker
 * counts usually come in twos on a small machine.
 */
static const char * const plot_colors[] = {
	"#000000", "#d62728", "#9ecae1", "#1f77b4", "#a1d99b", "#2ca02c",
	"#c5b0d5", "#6a3d9a", "#fdae6b", "#e6550d", "#8c564b", "#7f7f7f",
	"#bcbd22", "#17becf",
};

/* One series of a plot command; with no data file, a legend entry. */
static void plot_series(FILE *f, unsigned int j, const char *title,
			const char *dat, unsigned int index)
{
	bool ceiling = !strncmp(title, "ceiling", 7);

	if (dat)
		fprintf(f, "%s'%s' index %u using 1:2", j ? ", " : "", dat,
			index);
	else
		fprintf(f, "%sNaN", j ? ", " : "");
	fprintf(f, " with linespoints lw 2 dt %u pt %u ps 1.3 lc rgb '%s'",
		ceiling ? 2 : 1 + 2 * (j >= ARRAY_SIZE(plot_colors)), j % 13 + 1,
		ceiling ? "black" : plot_colors[j % ARRAY_SIZE(plot_colors)]);
	if (dat)
		fprintf(f, " notitle");
	else
		fprintf(f, " title '%s'", title);
}

/* GB/s against batch size: one panel a folio size, one line a series. */
static void write_plot(const char *png)
{
	char dat[4096], gp[4096], cmd[8300], label[96];
	char series[64][96];
	unsigned int s, i, j, nr_series = 0;
	size_t stem = strlen(png);
	FILE *f;

	if (stem > 4 && !strcmp(png + stem - 4, ".png"))
		stem -= 4;
	snprintf(dat, sizeof(dat), "%.*s.dat", (int)stem, png);
	snprintf(gp, sizeof(gp), "%.*s.gp", (int)stem, png);
	for (i = 0; i < nr_rows; i++) {
		if (!row_shown(&rows[i]))
			continue;
		series_label(&rows[i], label, sizeof(label));
		for (j = 0; j < nr_series; j++)
			if (!strcmp(series[j], label))
				break;
		if (j == nr_series && nr_series < ARRAY_SIZE(series))
			strscpy(series[nr_series++], label, sizeof(series[0]));
	}
	f = open_out(dat);
	for (s = 0; s < opts.nr_sizes; s++) {
		for (j = 0; j < nr_series; j++) {
			fprintf(f, "# %s folios: %s\n",
				size_name(opts.sizes[s]), series[j]);
			for (i = 0; i < nr_rows; i++) {
				if (rows[i].pool != &pools[s] ||
				    !row_shown(&rows[i]))
					continue;
				series_label(&rows[i], label, sizeof(label));
				if (!strcmp(label, series[j]))
					fprintf(f, "%u %.3f\n", rows[i].batch,
						row_gbps(&rows[i]));
			}
			fprintf(f, "\n\n");
		}
	}
	close_out(f);

	f = open_out(gp);
	fprintf(f, "# Generated by mco-bench; may be edited.\n");
	fprintf(f, "set terminal pngcairo noenhanced size %u,820 font 'sans,11'\n",
		560 * opts.nr_sizes + 80);
	fprintf(f, "set output '%s'\n", png);
	fprintf(f,
		"set multiplot title 'Migration batch copy on %u CPUs%s: throughput against batch size (cold caches, median over %u rounds; xN: N threads or DMA channels)' font 'sans,13'\n",
		nr_cpus, opts.busy ? " with busy spinners" : "", opts.rounds);
	fprintf(f, "set logscale x 2\nset grid\nset key off\n");
	fprintf(f, "set xlabel 'batch size (folios, log scale)'\n");
	fprintf(f, "set ylabel 'copy throughput (GB/s)'\n");
	fprintf(f, "set yrange [0:%.1f]\n", machine_ceiling() * 1.1 + 0.5);
	fprintf(f, "set xrange [0.7:%u]\n",
		opts.batches[opts.nr_batches - 1] * 3 / 2 + 1);
	fprintf(f, "set xtics (");
	for (i = 0; i < opts.nr_batches; i++)
		fprintf(f, "%s%u", i ? ", " : "", opts.batches[i]);
	fprintf(f, ")\n");
	/* The panels above, one legend for all below them. */
	fprintf(f, "set lmargin 9\nset rmargin 2\nset bmargin 4\n");
	for (s = 0; s < opts.nr_sizes; s++) {
		fprintf(f, "set origin %.4f,0.22\nset size %.4f,0.72\n",
			(double)s / opts.nr_sizes, 1.0 / opts.nr_sizes);
		fprintf(f, "set title '%s folios'\n", size_name(opts.sizes[s]));
		fprintf(f, "plot ");
		for (j = 0; j < nr_series; j++)
			plot_series(f, j, series[j], dat, s * nr_series + j);
		fprintf(f, "\n");
	}
	/* The legend: a plot of nothing across the bottom. */
	fprintf(f, "set origin 0,0\nset size 1,0.2\nunset border\nunset tics\n");
	fprintf(f, "unset xlabel\nunset ylabel\nunset title\nunset grid\n");
	fprintf(f, "unset logscale x\nset xrange [0:1]\nset yrange [0:1]\n");
	fprintf(f, "set key at graph 0.5,0.5 center horizontal maxrows 3 ");
	fprintf(f, "width 2 spacing 1.3 font 'sans,11' box\n");
	fprintf(f, "plot ");
	for (j = 0; j < nr_series; j++)
		plot_series(f, j, series[j], NULL, 0);
	fprintf(f, "\n");
	fprintf(f, "unset multiplot\n");
	close_out(f);
	snprintf(cmd, sizeof(cmd), "gnuplot '%s'", gp);
	if (system(cmd))
		die("gnuplot failed on %s (is gnuplot installed?)", gp);
}

static void progress(unsigned int round, unsigned int i, double start)
{
	static double last;
	double t = now_s();
	bool tty = isatty(2);

	if (opts.quiet || t - start < 3 || t - last < (tty ? 0.5 : 15))
		return;
	last = t;
	fprintf(stderr, "%smco-bench: round %u/%u, row %u/%u (%s %s x%u), %.0f s%s",
		tty ? "\r" : "", round + 1, opts.rounds, i + 1, nr_rows,
		row_label(&rows[i]), size_name(rows[i].pool->folio_bytes),
		rows[i].batch, t - start, tty ? "   " : "\n");
}

static void load_modules(void)
{
	struct module *mod;
	int i;

	for (i = 0; (mod = shim_module_at(i)); i++)
		if (shim_module_load(mod))
			die("module %s failed to load", mod->name);
}

int main(int argc, char **argv)
{
	unsigned int s, round, i, max_batch = 0;
	double start;
	bool table;

	parse_args(argc, argv);
	nr_cpus = min_t(unsigned int, num_online_cpus(), BENCH_MAX_WORKERS);
	shim_printk_quiet = 1;
	shim_init();
	load_modules();
	apply_sets();
	if (shim_sysfs_write_str(MO_SYSFS "/min_batch", "1") < 0)
		die("cannot set min_batch");
	for (i = 0; i < opts.nr_batches; i++)
		max_batch = max(max_batch, opts.batches[i]);
	for (s = 0; s < opts.nr_sizes; s++)
		pools[s].folio_bytes = opts.sizes[s];
	build_rows();
	check_workers();
	for (s = 0; s < opts.nr_sizes; s++)
		pool_init(&pools[s], max_batch);
	thp_percent = check_thp();
	load_start = check_load();

	busy_start();
	start = now_s();
	for (round = 0; round < opts.rounds; round++) {
		for (i = 0; i < nr_rows; i++) {
			progress(round, i, start);
			if (rows[i].kind == BENCH_CEILING)
				ceil_round(&rows[i]);
			else
				row_round(&rows[i]);
		}
	}
	busy_end();
	select_backend("none");
	if (!opts.quiet && now_s() - start >= 3 && isatty(2))
		fprintf(stderr, "\n");

	table = !(opts.csv && !strcmp(opts.csv, "-")) &&
		!(opts.json && !strcmp(opts.json, "-"));
	if (table) {
		if (opts.latency)
			print_latency(stdout);
		else
			print_table(stdout);
		print_ceiling_wins(stdout);
		print_wakeups(stdout, opts.wakeups);
	}
	if (opts.csv)
		write_csv(opts.csv);
	if (opts.json)
		write_json(opts.json);
	if (opts.plot)
		write_plot(opts.plot);
	for (i = 0; i < nr_rows; i++) {
		const struct bench_row *c = shape_ceiling(&rows[i]);

		/* Under --busy the ceiling's polling threads share the CPUs. */
		if (c && rows[i].kind != BENCH_CEILING && !opts.busy &&
		    row_gbps(&rows[i]) > row_gbps(c))
			fprintf(stderr,
				"mco-bench: note: %s x%u beats the ceiling of %s x%u (%.2f > %.2f GB/s)\n",
				row_label(&rows[i]), rows[i].workers,
				size_name(rows[i].pool->folio_bytes),
				rows[i].batch, row_gbps(&rows[i]),
				row_gbps(c));
	}
	return 0;
}
