// SPDX-License-Identifier: GPL-2.0-only
/*
 * mco-guest-test - the migrate-copy-offload test suite, run inside the
 * two-node QEMU guest, printing kselftest TAP.
 *
 * For "none" and every backend whose module is in the module folder, it
 * moves 4 KiB pages and 2 MiB THPs from node 0 to node 1 and back with
 * move_pages(2), compares every byte, and checks that the core's counters
 * rose by exactly what the kernel says it migrated (/proc/vmstat); it moves
 * a whole process with migrate_pages(2), runs the kernel's own
 * selftests/mm/migration test, and exercises the fault injection knobs.
 * It also checks the sysfs errnos, switches backends and unloads the active
 * backend while another process migrates, and finally fails when the
 * kernel log holds a warning, a KASAN or lockdep report.
 *
 * On a kernel without the feature (the unpatched baseline) it runs the
 * moves and the selftest only.
 *
 * Usage: mco-guest-test [-m MODULE_DIR] [-t SELFTEST] [-q] [-b] [-o LIST]
 *   -q  skip the kernel's migration selftest (it runs ~2 minutes a backend)
 *   -b  benchmark only: move_pages(2) of THPs, GB/s for each backend
 *   -o  only the backends in LIST (comma-separated, e.g. none,null)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "guest.h"

#define MCO		"/sys/kernel/mm/migrate_offload"
#define MCO_DEBUG	"/sys/kernel/debug/migrate_offload"
#define TRACING		"/sys/kernel/tracing"
#define PAGE_4K		4096UL
#define THP_SIZE	(2UL << 20)
#define NR_4K		512	/* 4 KiB pages per move test: 2 MiB */
#define NR_THP		8	/* THPs per move test: 16 MiB */

#define MPOL_DEFAULT	0
#define MPOL_BIND	2
#define MPOL_MF_MOVE	(1 << 1)
#define MPOL_MF_MOVE_ALL (1 << 2)

static const char *module_dir = "/lib/modules/mco";
static const char *selftest = "/usr/bin/migration";
static const char *only;	/* -o: only these backends, comma-separated */
static bool quick;
static int bench_rounds = 4;	/* node 0 -> 1 -> 0 moves per measurement */
static int bench_reps = 1;	/* measurements; the median is shown */
static bool have_core;

/* ------------------------------------------------------------------ */
/* TAP */

static int test_nr;
static int nr_failed;

static void result(bool ok, const char *skip, const char *name)
{
	test_nr++;
	if (!ok)
		nr_failed++;
	printf("%sok %d - %s", ok ? "" : "not ", test_nr, name);
	if (skip)
		printf(" # SKIP %s", skip);
	putchar('\n');
	fflush(stdout);
}

/* ------------------------------------------------------------------ */
/* Files, sysfs, modules */

static int mco_write(const char *file, const char *s)
{
	char path[256];

	snprintf(path, sizeof(path), MCO "/%s", file);
	return write_file(path, s);
}

static int mco_read(const char *file, char *buf, size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), MCO "/%s", file);
	return read_file(path, buf, len);
}

static int mod_path(const char *mod, char *path, size_t len)
{
	snprintf(path, len, "%s/%s.ko", module_dir, mod);
	return access(path, R_OK) ? -errno : 0;
}

static int mod_load(const char *mod)
{
	return mod_load_args(module_dir, mod, "");
}

static int mod_unload(const char *mod)
{
	if (!syscall(SYS_delete_module, mod, O_NONBLOCK))
		return 0;
	return errno == ENOENT ? 0 : -errno;
}

/* ------------------------------------------------------------------ */
/* Backends */

struct backend {
	const char *name;
	const char *module;	/* NULL for none */
	const char *provider;	/* a module the backend needs first */
};

static const struct backend backends[] = {
	{ "none", NULL, NULL },
	{ "null", "mco_null", NULL },
	{ "cpu_mt", "mco_cpu_mt", NULL },
	{ "dcbm", "mco_dcbm", "mco_soft_dma" },
};

static const struct backend *avail[ARRAY_SIZE(backends)];
static int nr_avail;

static void find_backends(void)
{
	char path[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(backends); i++) {
		const struct backend *b = &backends[i];

		if (only && !strstr(only, b->name))
			continue;
		if (b->module && (!have_core ||
				  mod_path(b->module, path, sizeof(path)) ||
				  (b->provider &&
				   mod_path(b->provider, path, sizeof(path)))))
			continue;
		avail[nr_avail++] = b;
	}
}

static bool is_none(const struct backend *b)
{
	return !b->module;
}

/* The active backend, from the bracketed word of the backend file. */
static int active_backend(char *name, size_t len)
{
	char buf[512], *open_br, *close_br;
	int ret;

	ret = mco_read("backend", buf, sizeof(buf));
	if (ret)
		return ret;
	open_br = strchr(buf, '[');
	close_br = open_br ? strchr(open_br, ']') : NULL;
	if (!close_br)
		return -EPROTO;
	*close_br = '\0';
	snprintf(name, len, "%s", open_br + 1);
	return 0;
}

static bool backend_is(const char *want)
{
	char name[64];

	return !active_backend(name, sizeof(name)) && !strcmp(name, want);
}

/*
 * Load the backend's modules and select it, with the knobs the counters
 * are checked against: only syscall migrations offloaded, every batch.
 */
static int select_backend(const struct backend *b)
{
	int ret;

	if (!have_core)
		return 0;
	ret = b->provider ? mod_load(b->provider) : 0;
	if (!ret && b->module)
		ret = mod_load(b->module);
	if (!ret)
		ret = mco_write("backend", b->name);
	if (!ret && !is_none(b))
		ret = mco_write("reasons", "syscall_or_cpuset");
	if (!ret)
		ret = mco_write("min_batch", "1");
	if (!ret)
		ret = mco_write("max_batch", "512");
	if (!ret && !backend_is(b->name))
		ret = -ESRCH;
	if (ret)
		diag("selecting %s: %s", b->name, strerror(-ret));
	return ret;
}

/* ------------------------------------------------------------------ */
/* Counters: the core's and the kernel's own */

enum {
	ST_BATCHES, ST_FOLIOS, ST_BYTES, ST_FALLBACKS, ST_FAILURES,
	ST_TIMEOUTS, VM_PAGES, VM_THPS, NR_COUNTERS
};

static const char *const stat_names[] = {
	"batches", "folios", "bytes", "fallbacks", "failures", "timeouts",
};

struct counters {
	uint64_t v[NR_COUNTERS];
};

static void counters_read(struct counters *c)
{
	char path[64], buf[64];
	int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; have_core && i < (int)ARRAY_SIZE(stat_names); i++) {
		snprintf(path, sizeof(path), "stats/%s", stat_names[i]);
		if (!mco_read(path, buf, sizeof(buf)))
			c->v[i] = strtoull(buf, NULL, 10);
	}
	c->v[VM_PAGES] = vmstat_read("pgmigrate_success");
	c->v[VM_THPS] = vmstat_read("thp_migration_success");
}

static void counters_delta(struct counters *d, const struct counters *before)
{
	struct counters now;
	int i;

	counters_read(&now);
	for (i = 0; i < NR_COUNTERS; i++)
		d->v[i] = now.v[i] - before->v[i];
}

static void counters_diag(const char *what, const struct counters *d)
{
	diag("%s: batches %llu folios %llu bytes %llu fallbacks %llu failures %llu timeouts %llu; migrated %llu pages %llu THPs",
	     what, (unsigned long long)d->v[ST_BATCHES],
	     (unsigned long long)d->v[ST_FOLIOS],
	     (unsigned long long)d->v[ST_BYTES],
	     (unsigned long long)d->v[ST_FALLBACKS],
	     (unsigned long long)d->v[ST_FAILURES],
	     (unsigned long long)d->v[ST_TIMEOUTS],
	     (unsigned long long)d->v[VM_PAGES],
	     (unsigned long long)d->v[VM_THPS]);
}

/* Folios migrated according to the kernel: THPs count as one folio. */
static uint64_t migrated_folios(const struct counters *d)
{
	return d->v[VM_PAGES] - d->v[VM_THPS] * (THP_SIZE / PAGE_4K - 1);
}

/*
 * The counters rose by exactly what migrated: with none nothing moved
 * through the core; with a backend every migrated folio was offloaded and
 * copied by it, with no fallback.
 */
static bool counters_exact(const struct backend *b, const struct counters *d,
			   uint64_t folios, uint64_t bytes)
{
	bool ok = true;

	ok &= CHECK(migrated_folios(d) == folios);
	ok &= CHECK(d->v[VM_PAGES] * PAGE_4K == bytes);
	if (is_none(b) || !have_core) {
		ok &= CHECK(d->v[ST_BATCHES] == 0 && d->v[ST_FOLIOS] == 0 &&
			    d->v[ST_BYTES] == 0);
	} else {
		ok &= CHECK(d->v[ST_FOLIOS] == folios);
		ok &= CHECK(d->v[ST_BYTES] == bytes);
		ok &= CHECK(d->v[ST_BATCHES] >= 1);
	}
	ok &= CHECK(d->v[ST_FALLBACKS] == 0 && d->v[ST_FAILURES] == 0 &&
		    d->v[ST_TIMEOUTS] == 0);
	if (!ok)
		counters_diag("counters", d);
	return ok;
}

/* ------------------------------------------------------------------ */
/* Memory regions with a known pattern */

struct region {
	char *map;
	size_t map_len;
	char *p;
	size_t len;
	size_t step;		/* one address per folio */
	unsigned long nr;	/* folios */
	void **pages;
	int *nodes;
	int *status;
};

static uint64_t pattern(uint64_t seed, size_t i)
{
	uint64_t x = (seed + i) * 0x9E3779B97F4A7C15ULL;

	return x ^ (x >> 29);
}

static void region_fill(struct region *r, uint64_t seed)
{
	uint64_t *w = (uint64_t *)r->p;
	size_t i;

	for (i = 0; i < r->len / 8; i++)
		w[i] = pattern(seed, i);
}

/* Number of folios whose content differs from the pattern. */
static unsigned long region_diff(const struct region *r, uint64_t seed)
{
	const uint64_t *w = (const uint64_t *)r->p;
	size_t per = r->step / 8, i, j;
	unsigned long bad = 0;

	for (i = 0; i < r->nr; i++)
		for (j = 0; j < per; j++)
			if (w[i * per + j] != pattern(seed, i * per + j)) {
				bad++;
				break;
			}
	return bad;
}

static long mbind_node(void *p, size_t len, int mode, int node)
{
	unsigned long mask = 1UL << node;

	return syscall(SYS_mbind, p, len, mode,
		       mode == MPOL_DEFAULT ? NULL : &mask,
		       mode == MPOL_DEFAULT ? 0 : 64, 0);
}

static void region_free(struct region *r)
{
	if (r->map)
		munmap(r->map, r->map_len);
	free(r->pages);
	free(r->nodes);
	free(r->status);
	memset(r, 0, sizeof(*r));
}

/* @nr folios of @step bytes, populated on @node with the pattern @seed. */
static int region_alloc(struct region *r, unsigned long nr, size_t step,
			int node, uint64_t seed)
{
	unsigned long i;

	memset(r, 0, sizeof(*r));
	r->len = nr * step;
	r->map_len = r->len + THP_SIZE;
	r->map = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r->map == MAP_FAILED) {
		r->map = NULL;
		return -errno;
	}
	r->p = (char *)(((uintptr_t)r->map + THP_SIZE - 1) & ~(THP_SIZE - 1));
	r->step = step;
	r->nr = nr;
	r->pages = calloc(nr, sizeof(*r->pages));
	r->nodes = calloc(nr, sizeof(*r->nodes));
	r->status = calloc(nr, sizeof(*r->status));
	if (!r->pages || !r->nodes || !r->status) {
		region_free(r);
		return -ENOMEM;
	}
	for (i = 0; i < nr; i++)
		r->pages[i] = r->p + i * step;
	if (madvise(r->p, r->len, step == THP_SIZE ? MADV_HUGEPAGE :
		    MADV_NOHUGEPAGE) ||
	    mbind_node(r->p, r->len, MPOL_BIND, node)) {
		region_free(r);
		return -errno;
	}
	region_fill(r, seed);
	/* Later faults anywhere: the policy must not steer migrations. */
	mbind_node(r->p, r->len, MPOL_DEFAULT, 0);
	return 0;
}

/* The node of each folio; -errno when not all are on @node. */
static int region_on_node(struct region *r, int node)
{
	unsigned long i;

	if (syscall(SYS_move_pages, 0, r->nr, r->pages, NULL, r->status, 0))
		return -errno;
	for (i = 0; i < r->nr; i++)
		if (r->status[i] != node) {
			diag("folio %lu is on node %d, not %d", i,
			     r->status[i], node);
			return -EXDEV;
		}
	return 0;
}

/*
 * Move every folio of @r to @node with move_pages(2).  Migration is best
 * effort: folios that were busy are retried a few times.
 */
static int region_move(struct region *r, int node)
{
	unsigned long i;
	int tries;
	long ret;

	for (i = 0; i < r->nr; i++)
		r->nodes[i] = node;
	for (tries = 0; tries < 5; tries++) {
		ret = syscall(SYS_move_pages, 0, r->nr, r->pages, r->nodes,
			      r->status, MPOL_MF_MOVE);
		if (ret < 0)
			return -errno;
		if (!ret && !region_on_node(r, node))
			return 0;
	}
	return -EBUSY;
}

static size_t anon_huge_kb(void)
{
	char line[128];
	size_t kb = 0;
	FILE *f;

	f = fopen("/proc/self/smaps_rollup", "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "AnonHugePages:", 14))
			kb = strtoul(line + 14, NULL, 10);
	fclose(f);
	return kb;
}

/* ------------------------------------------------------------------ */
/* The tests */

/* move_pages(2) there and back, every byte compared, counters exact. */
static bool test_move(const struct backend *b, bool thp)
{
	size_t step = thp ? THP_SIZE : PAGE_4K;
	unsigned long nr = thp ? NR_THP : NR_4K;
	struct counters c, d;
	struct region r;
	uint64_t seed = time(NULL);
	bool ok = true;
	int ret, there;

	if (select_backend(b))
		return false;
	ret = region_alloc(&r, nr, step, 0, seed);
	if (ret) {
		diag("allocating: %s", strerror(-ret));
		return false;
	}
	ok &= CHECK(region_on_node(&r, 0) == 0);
	if (thp)
		ok &= CHECK(anon_huge_kb() >= nr * THP_SIZE / 1024);
	for (there = 1; ok && there >= 0; there--) {
		counters_read(&c);
		ret = region_move(&r, there);
		counters_delta(&d, &c);
		if (ret)
			diag("moving to node %d: %s", there, strerror(-ret));
		ok &= CHECK(ret == 0);
		ok &= CHECK(region_diff(&r, seed) == 0);
		ok &= counters_exact(b, &d, nr, r.len);
		/* max_batch 512: each THP is a batch of its own */
		if (thp && have_core && !is_none(b))
			ok &= CHECK(d.v[ST_BATCHES] == nr);
	}
	region_free(&r);
	return ok;
}

/* A raised max_batch puts all the THPs of one move_pages(2) in one batch. */
static bool test_max_batch(const struct backend *b)
{
	struct counters c, d;
	struct region r;
	char buf[32];
	bool ok = true;
	int ret;

	if (select_backend(b))
		return false;
	snprintf(buf, sizeof(buf), "%lu", NR_THP * THP_SIZE / PAGE_4K);
	ok &= CHECK(mco_write("max_batch", buf) == 0);
	ret = region_alloc(&r, NR_THP, THP_SIZE, 0, 42);
	if (ret) {
		diag("allocating: %s", strerror(-ret));
		return false;
	}
	counters_read(&c);
	ok &= CHECK(region_move(&r, 1) == 0);
	counters_delta(&d, &c);
	ok &= CHECK(region_diff(&r, 42) == 0);
	ok &= counters_exact(b, &d, NR_THP, r.len);
	ok &= CHECK(d.v[ST_BATCHES] == 1);
	if (!ok)
		counters_diag("max_batch", &d);
	ok &= CHECK(mco_write("max_batch", "512") == 0);
	region_free(&r);
	return ok;
}

/* migrate_pages(2) of a whole process: its memory moves, intact. */
static bool test_migrate_process(const struct backend *b)
{
	int to_child[2], to_parent[2];
	struct counters c, d;
	unsigned long old_nodes = 1UL << 0, new_nodes = 1UL << 1;
	int status;
	bool ok = true;
	pid_t pid;
	long ret;
	char x;

	if (select_backend(b))
		return false;
	if (pipe(to_child) || pipe(to_parent))
		return false;
	pid = fork();
	if (pid < 0)
		return false;
	if (!pid) {
		struct region small, huge;
		int bad = 0;

		if (region_alloc(&small, NR_4K, PAGE_4K, 0, 7) ||
		    region_alloc(&huge, 4, THP_SIZE, 0, 8))
			_exit(2);
		if (write(to_parent[1], "r", 1) != 1 ||
		    read(to_child[0], &x, 1) != 1)
			_exit(3);
		bad |= region_on_node(&small, 1) || region_on_node(&huge, 1);
		bad |= region_diff(&small, 7) || region_diff(&huge, 8);
		_exit(bad ? 1 : 0);
	}
	ok &= CHECK(read(to_parent[0], &x, 1) == 1);
	counters_read(&c);
	ret = syscall(SYS_migrate_pages, pid, 64, &old_nodes, &new_nodes);
	counters_delta(&d, &c);
	if (ret)
		diag("migrate_pages: %ld (%s)", ret, strerror(errno));
	ok &= CHECK(ret == 0);
	/* The child's stack, data and text moved too: count from vmstat. */
	ok &= CHECK(d.v[VM_THPS] >= 4 && d.v[VM_PAGES] >= NR_4K + 4 * 512);
	ok &= counters_exact(b, &d, migrated_folios(&d),
			     d.v[VM_PAGES] * PAGE_4K);
	ok &= CHECK(write(to_child[1], "g", 1) == 1);
	ok &= CHECK(waitpid(pid, &status, 0) == pid);
	ok &= CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
	return ok;
}

/*
 * A child that moves a region back and forth for @secs seconds, comparing
 * every byte after each move.  Exit status: 0, or 1 when bytes differed.
 */
#define __noreturn	__attribute__((noreturn))

static void __noreturn mover(int secs)
{
	struct region small, huge;
	time_t end = time(NULL) + secs;
	int node = 1, moves = 0;

	if (region_alloc(&small, 64, PAGE_4K, 0, 3) ||
	    region_alloc(&huge, 2, THP_SIZE, 0, 4))
		_exit(2);
	while (time(NULL) < end) {
		/* Busy folios may stay behind: only the bytes matter. */
		region_move(&small, node);
		region_move(&huge, node);
		if (region_diff(&small, 3) || region_diff(&huge, 4))
			_exit(1);
		node ^= 1;
		moves++;
	}
	_exit(moves ? 0 : 4);
}

static pid_t spawn_mover(int secs)
{
	pid_t pid = fork();

	if (!pid)
		mover(secs);
	return pid;
}

static bool mover_ok(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return false;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		diag("mover: %s %d", WIFEXITED(status) ? "exit" : "signal",
		     WIFEXITED(status) ? WEXITSTATUS(status) :
		     WTERMSIG(status));
		return false;
	}
	return true;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* Switch between every backend while another process migrates. */
static bool test_switch_under_load(void)
{
	int i, switches = 0, errors = 0;
	pid_t pid;

	for (i = 0; i < nr_avail; i++)
		if (select_backend(avail[i]))
			return false;
	pid = spawn_mover(8);
	for (i = 0; i < 60; i++) {
		const struct backend *b = avail[i % nr_avail];

		if (mco_write("backend", b->name))
			errors++;
		else
			switches++;
		sleep_ms(100);
	}
	if (errors)
		diag("%d of %d switches failed", errors, switches + errors);
	return mover_ok(pid) & CHECK(errors == 0) &
	       CHECK(mco_write("backend", "none") == 0);
}

/* rmmod of the active backend while a process migrates: back to none. */
static bool test_rmmod_under_load(const struct backend *b)
{
	bool ok = true;
	pid_t pid;

	if (select_backend(b))
		return false;
	pid = spawn_mover(4);
	sleep_ms(1500);
	ok &= CHECK(mod_unload(b->module) == 0);
	ok &= CHECK(backend_is("none"));
	ok &= mover_ok(pid);
	ok &= CHECK(select_backend(b) == 0);
	ok &= CHECK(mco_write("backend", "none") == 0);
	return ok;
}

/* ------------------------------------------------------------------ */
/* Fault injection and tunables: a move of 4 KiB pages with knobs set */

#define SOFT_DMA "/sys/module/mco_soft_dma/parameters/"

enum expect {
	EXPECT_CLEAN,		/* all offloaded, no fallback */
	EXPECT_FALLBACK_ALL,	/* every batch failed: the CPU copied all */
	EXPECT_FALLBACK,	/* an error: some folios fell back */
	EXPECT_TIMEOUT,		/* a timeout: some folios fell back */
	EXPECT_DIFFER,		/* reported copied, not copied: bytes differ */
	EXPECT_RETRIED,		/* the move retried after the copy: equal */
};

struct knob {
	const char *path;
	const char *value;
};

struct fault {
	const char *backend;
	const char *what;
	enum expect expect;
	struct knob knobs[3];
};

static const struct fault faults[] = {
	{ "null", "fail_every=1: every folio falls back, bytes equal, counted",
	  EXPECT_FALLBACK_ALL, { { MCO "/null/fail_every", "1" } } },
	{ "null", "fail_copy_first=100: partial batches fall back, bytes equal, counted",
	  EXPECT_FALLBACK, { { MCO "/null/fail_every", "1" },
			     { MCO "/null/fail_copy_first", "100" } } },
	{ "null", "debugfs skip_copy: moved bytes differ (the serial copy is skipped)",
	  EXPECT_DIFFER, { { MCO_DEBUG "/null/skip_copy", "Y" } } },
	{ "null", "debugfs skip_copy + retry_after_copy=512: -EAGAIN retries copy afresh, bytes equal",
	  EXPECT_RETRIED, { { MCO_DEBUG "/null/skip_copy", "Y" },
			    { MCO_DEBUG "/retry_after_copy", "512" } } },
	{ "cpu_mt", "threads=1: bytes equal, counters exact",
	  EXPECT_CLEAN, { { MCO "/cpu_mt/threads", "1" } } },
	{ "cpu_mt", "threads=4 chunk_kb=4: bytes equal, counters exact",
	  EXPECT_CLEAN, { { MCO "/cpu_mt/threads", "4" },
			  { MCO "/cpu_mt/chunk_kb", "4" } } },
	{ "dcbm", "soft_dma fail_prep=1: falls back, bytes equal, counted",
	  EXPECT_FALLBACK, { { SOFT_DMA "fail_prep", "1" } } },
	{ "dcbm", "soft_dma fail_submit=1: falls back, bytes equal, counted",
	  EXPECT_FALLBACK, { { SOFT_DMA "fail_submit", "1" } } },
	{ "dcbm", "soft_dma fail_result=1: falls back, bytes equal, counted",
	  EXPECT_FALLBACK, { { SOFT_DMA "fail_result", "1" } } },
	{ "dcbm", "soft_dma fail_hang=1, timeout_ms=200: times out, bytes equal, counted",
	  EXPECT_TIMEOUT, { { SOFT_DMA "fail_hang", "1" },
			    { MCO "/dcbm/timeout_ms", "200" } } },
	{ "dcbm", "soft_dma fail_partial=1, timeout_ms=200: times out, bytes equal, counted",
	  EXPECT_TIMEOUT, { { SOFT_DMA "fail_partial", "1" },
			    { MCO "/dcbm/timeout_ms", "200" } } },
	{ "dcbm", "soft_dma fail_reorder=Y: bytes equal, counters exact",
	  EXPECT_CLEAN, { { SOFT_DMA "fail_reorder", "Y" } } },
	{ "dcbm", "nr_dma_chan=1: bytes equal, counters exact",
	  EXPECT_CLEAN, { { MCO "/dcbm/nr_dma_chan", "1" } } },
};

static bool test_fault(const struct backend *b, const struct fault *f)
{
	char old[ARRAY_SIZE(f->knobs)][64];
	struct counters c, d;
	unsigned long bad, i, n = 0;
	struct region r;
	bool ok = true;

	if (select_backend(b))
		return false;
	for (i = 0; i < ARRAY_SIZE(f->knobs) && f->knobs[i].path; i++, n++) {
		ok &= CHECK(read_file(f->knobs[i].path, old[i],
				      sizeof(old[i])) == 0);
		ok &= CHECK(write_file(f->knobs[i].path, f->knobs[i].value) == 0);
	}
	if (!ok || region_alloc(&r, NR_4K, PAGE_4K, 0, 99))
		return false;
	counters_read(&c);
	ok &= CHECK(region_move(&r, 1) == 0);
	counters_delta(&d, &c);
	bad = region_diff(&r, 99);
	region_free(&r);
	while (n--)
		ok &= CHECK(write_file(f->knobs[n].path, old[n]) == 0);
	ok &= CHECK(mco_write("backend", "none") == 0);

	ok &= CHECK(migrated_folios(&d) == NR_4K);
	switch (f->expect) {
	case EXPECT_CLEAN:
		ok &= CHECK(bad == 0);
		ok &= counters_exact(b, &d, NR_4K, NR_4K * PAGE_4K);
		break;
	case EXPECT_FALLBACK_ALL:
		ok &= CHECK(bad == 0);
		ok &= CHECK(d.v[ST_FOLIOS] == 0 && d.v[ST_FALLBACKS] == NR_4K);
		ok &= CHECK(d.v[ST_FAILURES] == d.v[ST_BATCHES]);
		break;
	case EXPECT_TIMEOUT:
		ok &= CHECK(d.v[ST_TIMEOUTS] > 0);
		__attribute__((fallthrough));
	case EXPECT_FALLBACK:
		ok &= CHECK(bad == 0);
		ok &= CHECK(d.v[ST_FAILURES] > 0 && d.v[ST_FALLBACKS] > 0);
		ok &= CHECK(d.v[ST_FOLIOS] + d.v[ST_FALLBACKS] == NR_4K);
		ok &= CHECK(d.v[ST_BYTES] == d.v[ST_FOLIOS] * PAGE_4K);
		break;
	case EXPECT_DIFFER:
		diag("%lu of %d pages differ after the move", bad, NR_4K);
		ok &= CHECK(bad > 0 && d.v[ST_FOLIOS] == NR_4K);
		break;
	case EXPECT_RETRIED:
		/* Every folio "copied" (not really), then moved again. */
		ok &= CHECK(bad == 0 && d.v[ST_FOLIOS] == NR_4K);
		ok &= CHECK(read_file(MCO_DEBUG "/retry_after_copy", old[0],
				      sizeof(old[0])) == 0 &&
			    !strcmp(old[0], "0"));
		break;
	}
	if (!ok)
		counters_diag(f->what, &d);
	return ok;
}

/* The longest run of set_migration_pmd events before a remove: THPs a batch. */
static int trace_longest_pmd_batch(void)
{
	char line[512];
	int run = 0, best = 0;
	FILE *f;

	f = fopen(TRACING "/trace", "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "set_migration_pmd:")) {
			if (++run > best)
				best = run;
		} else if (strstr(line, "remove_migration_pmd:")) {
			run = 0;
		}
	}
	fclose(f);
	return best;
}

/* Move NR_THP THPs once with the thp migration events traced. */
static int traced_thp_batch(uint64_t seed)
{
	struct region r;
	int ret;

	write_file(TRACING "/trace", "");
	if (write_file(TRACING "/events/thp/set_migration_pmd/enable", "1") ||
	    write_file(TRACING "/events/thp/remove_migration_pmd/enable", "1"))
		return -ENOENT;
	ret = region_alloc(&r, NR_THP, THP_SIZE, 0, seed);
	if (!ret)
		ret = region_move(&r, 1);
	if (!ret && region_diff(&r, seed))
		ret = -EIO;
	region_free(&r);
	write_file(TRACING "/events/thp/set_migration_pmd/enable", "0");
	write_file(TRACING "/events/thp/remove_migration_pmd/enable", "0");
	return ret ? ret : trace_longest_pmd_batch();
}

/*
 * max_batch is inert unless a backend is active and the reason offloaded:
 * the kernel's own thp events show how many THPs one batch unmapped.
 */
static bool test_max_batch_inert(const struct backend *null)
{
	char buf[32];
	bool ok = true;
	int thps;

	snprintf(buf, sizeof(buf), "%lu", NR_THP * THP_SIZE / PAGE_4K);
	ok &= CHECK(mco_write("backend", "none") == 0);
	ok &= CHECK(mco_write("max_batch", buf) == 0);
	thps = traced_thp_batch(7);
	diag("none, max_batch %s: %d THPs a batch", buf, thps);
	ok &= CHECK(thps == 1);
	ok &= CHECK(select_backend(null) == 0);
	ok &= CHECK(mco_write("max_batch", buf) == 0);
	ok &= CHECK(mco_write("reasons", "demotion") == 0);
	thps = traced_thp_batch(8);
	diag("null, syscalls not offloaded, max_batch %s: %d THPs a batch",
	     buf, thps);
	ok &= CHECK(thps == 1);
	ok &= CHECK(mco_write("reasons", "syscall_or_cpuset") == 0);
	thps = traced_thp_batch(9);
	diag("null, syscalls offloaded, max_batch %s: %d THPs a batch", buf,
	     thps);
	ok &= CHECK(thps == NR_THP);
	ok &= CHECK(mco_write("max_batch", "512") == 0);
	ok &= CHECK(mco_write("backend", "none") == 0);
	return ok;
}

/* Writing the name of a backend whose module is not loaded loads it. */
static bool test_autoload(const struct backend *b)
{
	char path[128];
	bool ok = true;

	ok &= CHECK(mco_write("backend", "none") == 0);
	mod_unload(b->module);
	snprintf(path, sizeof(path), "/sys/module/%s", b->module);
	ok &= CHECK(access(path, F_OK) != 0);
	ok &= CHECK(mco_write("backend", b->name) == 0);
	ok &= CHECK(backend_is(b->name));
	ok &= CHECK(access(path, F_OK) == 0);
	ok &= CHECK(mco_write("backend", "no_such_backend") == -EINVAL);
	ok &= CHECK(backend_is(b->name));
	ok &= CHECK(mco_write("backend", "none") == 0);
	return ok;
}

static volatile sig_atomic_t hwpoison_signals;

static void hwpoison_sigbus(int sig)
{
	hwpoison_signals++;
}

/*
 * A hwpoisoned page is never batch-copied: the others of the same
 * move_pages(2) move through the backend, bytes equal, and the offload's
 * folio count is theirs alone.
 */
static bool test_hwpoison_not_admitted(const struct backend *b)
{
	unsigned long i, moved = 0;
	struct counters c, d;
	struct region r;
	bool ok = true;

	struct sigaction sa = { .sa_handler = hwpoison_sigbus }, old_sa;

	if (select_backend(b) || region_alloc(&r, 16, PAGE_4K, 0, 77))
		return false;
	/*
	 * memory_failure() signals the poisoning task (BUS_MCEERR_AR), as a
	 * machine check in its access would: take the signal and go on.
	 */
	hwpoison_signals = 0;
	sigaction(SIGBUS, &sa, &old_sa);
	ok &= CHECK(madvise(r.pages[5], PAGE_4K, MADV_HWPOISON) == 0);
	sigaction(SIGBUS, &old_sa, NULL);
	diag("hwpoison: %d SIGBUS taken", hwpoison_signals);
	for (i = 0; i < r.nr; i++)
		r.nodes[i] = 1;
	counters_read(&c);
	ok &= CHECK(syscall(SYS_move_pages, 0, r.nr, r.pages, r.nodes,
			    r.status, MPOL_MF_MOVE) >= 0);
	counters_delta(&d, &c);
	for (i = 0; i < r.nr; i++) {
		if (i == 5) {
			ok &= CHECK(r.status[i] < 0);
			continue;
		}
		moved += r.status[i] == 1;
	}
	for (i = 0; i < r.nr; i++) {
		const uint64_t *w = r.pages[i];
		size_t j;

		for (j = 0; i != 5 && j < PAGE_4K / 8; j++)
			if (w[j] != pattern(77, i * PAGE_4K / 8 + j)) {
				ok = false;
				break;
			}
	}
	diag("hwpoison: %lu of 15 moved, offload folios %llu", moved,
	     (unsigned long long)d.v[ST_FOLIOS]);
	ok &= CHECK(moved == 15 && d.v[ST_FOLIOS] == moved);
	ok &= CHECK(d.v[ST_FALLBACKS] == 0);
	/* Leave the poisoned page mapped: unmapping it is all we may do. */
	region_free(&r);
	ok &= CHECK(mco_write("backend", "none") == 0);
	return ok;
}

/*
 * ext2 on a RAM disk: page cache folios with buffer heads are migrated by
 * buffer_migrate_folio(), never batch-copied; read(2) returns the bytes.
 */
static void pin_node0(void)
{
	cpu_set_t cpus;

	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	CPU_SET(1, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
}

static void unpin(void)
{
	cpu_set_t cpus;
	int i;

	CPU_ZERO(&cpus);
	for (i = 0; i < CPU_SETSIZE; i++)
		CPU_SET(i, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
}

static bool test_buffer_heads(const struct backend *b)
{
	const size_t len = 64 * PAGE_4K;
	uint64_t before, after;
	unsigned long i, moved;
	struct counters c, d;
	void *pages[64];
	int nodes[64], status[64];
	uint64_t *buf = NULL, *map;
	bool ok = true;
	int fd = -1;

	if (system("mkdir -p /mnt/ext2 && mke2fs -b 4096 /dev/ram0 >/dev/null 2>&1 && mount -t ext2 /dev/ram0 /mnt/ext2")) {
		diag("no ext2 on /dev/ram0");
		return false;
	}
	if (select_backend(b))
		goto out;
	/* Written from node 0's CPUs, so that the page cache is on node 0. */
	pin_node0();
	buf = malloc(len);
	fd = open("/mnt/ext2/data", O_RDWR | O_CREAT | O_TRUNC, 0600);
	ok &= CHECK(buf && fd >= 0);
	if (!ok)
		goto out;
	for (i = 0; i < len / 8; i++)
		buf[i] = pattern(55, i);
	ok &= CHECK(write(fd, buf, len) == (ssize_t)len && !fsync(fd));
	map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	ok &= CHECK(map != MAP_FAILED);
	if (!ok)
		goto out;
	for (i = 0; i < 64; i++) {
		pages[i] = (char *)map + i * PAGE_4K;
		nodes[i] = 1;
		ok &= CHECK(map[i * PAGE_4K / 8] == pattern(55, i * PAGE_4K / 8));
	}
	before = vmstat_read("pgmigrate_success");
	counters_read(&c);
	ok &= CHECK(syscall(SYS_move_pages, 0, 64, pages, nodes, status,
			    MPOL_MF_MOVE) >= 0);
	counters_delta(&d, &c);
	after = vmstat_read("pgmigrate_success");
	munmap(map, len);
	memset(buf, 0, len);
	ok &= CHECK(pread(fd, buf, len, 0) == (ssize_t)len);
	for (i = 0; i < len / 8; i++)
		if (buf[i] != pattern(55, i)) {
			ok = false;
			break;
		}
	diag("buffer heads: pgmigrate_success +%llu, offload folios +%llu",
	     (unsigned long long)(after - before),
	     (unsigned long long)d.v[ST_FOLIOS]);
	for (i = 0, moved = 0; i < 64; i++)
		moved += status[i] == 1;
	diag("buffer heads: %lu of 64 pages now on node 1, first status %d",
	     moved, status[0]);
	ok &= CHECK(moved > 0 && after - before >= moved);
	ok &= CHECK(d.v[ST_FOLIOS] == 0 && d.v[ST_BATCHES] == 0);
out:
	unpin();
	free(buf);
	if (fd >= 0)
		close(fd);
	system("umount /mnt/ext2");
	mco_write("backend", "none");
	return ok;
}

/* ------------------------------------------------------------------ */
/* dcbm never stalls: concurrent batches, dead channels, small limits */

static uint64_t mco_u64(const char *file)
{
	char buf[64];

	return mco_read(file, buf, sizeof(buf)) ? 0 : strtoull(buf, NULL, 10);
}

/* dcbm selected, every batch offloaded, timeouts short. */
static bool dcbm_ready(const struct backend *b, const char *timeout_ms)
{
	bool ok = true;

	ok &= CHECK(select_backend(b) == 0);
	ok &= CHECK(mco_write("dcbm/timeout_ms", timeout_ms) == 0);
	return ok;
}

/* Four processes migrate THPs at once over two channels: all finish. */
static bool test_dcbm_concurrent(const struct backend *b)
{
	uint64_t busy0, fail0;
	pid_t pids[4];
	bool ok = dcbm_ready(b, "1000");
	int i;

	ok &= CHECK(mco_write("dcbm/nr_dma_chan", "2") == 0);
	busy0 = mco_u64("dcbm/busy_fallbacks");
	fail0 = mco_u64("stats/failures");
	for (i = 0; i < 4; i++)
		pids[i] = spawn_mover(6);
	for (i = 0; i < 4; i++)
		ok &= mover_ok(pids[i]);
	diag("dcbm concurrent: busy_fallbacks +%llu, failures +%llu",
	     (unsigned long long)(mco_u64("dcbm/busy_fallbacks") - busy0),
	     (unsigned long long)(mco_u64("stats/failures") - fail0));
	/* Every failed batch found its channels busy: none timed out. */
	ok &= CHECK(mco_u64("stats/failures") - fail0 ==
		    mco_u64("dcbm/busy_fallbacks") - busy0);
	ok &= CHECK(mco_write("dcbm/nr_dma_chan", "4") == 0);
	ok &= CHECK(mco_write("backend", "none") == 0);
	return ok;
}

/* Move 4 KiB pages there and back; return the fallbacks it caused. */
static int64_t dcbm_round(uint64_t seed, bool *ok)
{
	uint64_t fb0 = mco_u64("stats/fallbacks");
	struct region r;

	if (region_alloc(&r, NR_4K, PAGE_4K, 0, seed)) {
		*ok = false;
		return -1;
	}
	*ok &= CHECK(region_move(&r, 1) == 0);
	*ok &= CHECK(region_diff(&r, seed) == 0);
	region_free(&r);
	return mco_u64("stats/fallbacks") - fb0;
}

/* A channel that never completes is retired; later moves do not wait. */
static bool test_dcbm_dead_channel(const struct backend *b)
{
	char chans[1024];
	int64_t fb = 0;
	bool ok = dcbm_ready(b, "200");
	int i;

	ok &= CHECK(write_file(SOFT_DMA "fail_dead", "1") == 0);
	for (i = 0; i < 8 && ok && !mco_u64("dcbm/timeouts"); i++)
		dcbm_round(40 + i, &ok);
	ok &= CHECK(mco_u64("dcbm/timeouts") > 0);
	/* The work item retires it; give it a moment, then no fallback. */
	sleep_ms(500);
	for (i = 0; i < 3 && ok; i++)
		fb = dcbm_round(50 + i, &ok);
	mco_read("dcbm/channels", chans, sizeof(chans));
	diag("dcbm after a dead channel: timeouts %llu resets %llu, last move %lld fallbacks; channels: %s",
	     (unsigned long long)mco_u64("dcbm/timeouts"),
	     (unsigned long long)mco_u64("dcbm/resets"), (long long)fb,
	     chans);
	ok &= CHECK(fb == 0);
	ok &= CHECK(mco_u64("dcbm/resets") > 0);
	ok &= CHECK(write_file(SOFT_DMA "fail_dead", "0") == 0);
	ok &= CHECK(mco_write("backend", "none") == 0);
	return ok;
}

/* With every channel dead, dcbm deselects itself: backend reads none. */
static bool test_dcbm_all_dead(const struct backend *b)
{
	bool ok = dcbm_ready(b, "50");
	int i;

	ok &= CHECK(write_file(SOFT_DMA "fail_dead", "0xffffffff") == 0);
	for (i = 0; i < 20 && ok && backend_is("dcbm"); i++) {
		dcbm_round(60 + i, &ok);
		sleep_ms(200);
	}
	ok &= CHECK(backend_is("none"));
	ok &= CHECK(write_file(SOFT_DMA "fail_dead", "0") == 0);
	/* Selected again, it requests fresh channels and works. */
	ok &= CHECK(dcbm_ready(b, "1000"));
	ok &= CHECK(dcbm_round(80, &ok) == 0);
	ok &= CHECK(mco_write("backend", "none") == 0);
	return ok;
}

/* An engine that takes 64 KiB a descriptor copies 2 MiB THPs, no fallback. */
static bool test_dcbm_small_limit(const struct backend *b)
{
	struct counters c, d;
	struct region r;
	uint64_t err0;
	bool ok = true;

	ok &= CHECK(mco_write("backend", "none") == 0);
	ok &= CHECK(mod_unload(b->module) == 0);
	ok &= CHECK(mod_unload(b->provider) == 0);
	ok &= CHECK(mod_load_args(module_dir, b->provider,
				  "max_xfer=65536") == 0);
	ok &= CHECK(select_backend(b) == 0);
	err0 = mco_u64("dcbm/dma_errors");
	if (!ok || region_alloc(&r, NR_THP, THP_SIZE, 0, 90))
		return false;
	counters_read(&c);
	ok &= CHECK(region_move(&r, 1) == 0);
	counters_delta(&d, &c);
	ok &= CHECK(region_diff(&r, 90) == 0);
	ok &= counters_exact(b, &d, NR_THP, r.len);
	ok &= CHECK(mco_u64("dcbm/dma_errors") == err0);
	region_free(&r);
	/* Back to the provider's defaults for the tests that follow. */
	ok &= CHECK(mco_write("backend", "none") == 0);
	ok &= CHECK(mod_unload(b->module) == 0);
	ok &= CHECK(mod_unload(b->provider) == 0);
	ok &= CHECK(mod_load(b->provider) == 0);
	return ok;
}

/* Bad input: a clear errno, and nothing changes. */
static bool test_sysfs_errnos(void)
{
	static const struct {
		const char *file, *input;
	} bad[] = {
		{ "backend", "no_such_backend" },
		{ "backend", "\n" },
		{ "reasons", "no_such_reason" },
		{ "reasons", "\n" },
		{ "reasons", "none compaction" },
		{ "reasons", "memory_failure" },
		{ "min_batch", "0" },
		{ "min_batch", "many" },
		{ "max_batch", "511" },
		{ "max_batch", "32769" },
		{ "max_batch", "-1" },
		{ "stats/folios", "5" },
	};
	char before[512], after[512];
	bool ok = true;
	size_t i;

	ok &= CHECK(mco_write("backend", "none") == 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int ret;

		mco_read(bad[i].file, before, sizeof(before));
		ret = mco_write(bad[i].file, bad[i].input);
		mco_read(bad[i].file, after, sizeof(after));
		if (ret != -EINVAL || strcmp(before, after)) {
			diag("'%s' > %s: %s, '%s' -> '%s'", bad[i].input,
			     bad[i].file, strerror(-ret), before, after);
			ok = false;
		}
	}
	return ok;
}

/* The documented reads: bracketed backend list, reason names. */
static bool test_sysfs_reads(void)
{
	char buf[512];
	bool ok = true;

	ok &= CHECK(mco_write("backend", "none") == 0);
	ok &= CHECK(mco_read("backend", buf, sizeof(buf)) == 0);
	ok &= CHECK(!strncmp(buf, "[none]", 6));
	ok &= CHECK(mco_write("reasons", "none") == 0);
	ok &= CHECK(mco_read("reasons", buf, sizeof(buf)) == 0);
	ok &= CHECK(!strcmp(buf, "none"));
	ok &= CHECK(mco_write("reasons", "compaction syscall_or_cpuset") == 0);
	ok &= CHECK(mco_read("reasons", buf, sizeof(buf)) == 0);
	ok &= CHECK(!strcmp(buf, "compaction syscall_or_cpuset"));
	ok &= CHECK(mco_read("max_batch", buf, sizeof(buf)) == 0);
	ok &= CHECK(!strcmp(buf, "512"));
	if (!ok)
		diag("last read: '%s'", buf);
	return ok;
}

static bool boot_param_null(void)
{
	char cmdline[1024];

	return !read_file("/proc/cmdline", cmdline, sizeof(cmdline)) &&
	       strstr(cmdline, "migrate_offload.backend=null");
}

/* migrate_offload.backend=null on the command line: chosen at register. */
static bool test_boot_param(void)
{
	const struct backend *null = NULL;
	bool ok = true;
	int i;

	for (i = 0; i < nr_avail; i++)
		if (!strcmp(avail[i]->name, "null"))
			null = avail[i];
	if (!null)
		return false;
	ok &= CHECK(backend_is("none"));
	ok &= CHECK(mod_load(null->module) == 0);
	ok &= CHECK(backend_is("null"));
	ok &= CHECK(mco_write("backend", "none") == 0);
	return ok;
}

/* The kernel's own selftests/mm/migration, its TAP shown as diagnostics. */
static bool test_selftest(const struct backend *b)
{
	char line[512];
	int status;
	FILE *p;

	if (select_backend(b))
		return false;
	p = popen(selftest, "r");
	if (!p)
		return false;
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		diag("%s: %s", b->name, line);
	}
	status = pclose(p);
	mco_write("backend", "none");
	return CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}


/* ------------------------------------------------------------------ */
/* Benchmark: move_pages(2) of THPs, node 0 -> 1 -> 0 */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* GB/s of bench_rounds moves there and back; 0 on an error. */
static double bench_one(const struct backend *b, struct region *r,
			const char *max_batch)
{
	double t0, gbps;
	int i;

	if (select_backend(b) ||
	    (have_core && mco_write("max_batch", max_batch)))
		return 0;
	if (region_move(r, 0))
		return 0;
	t0 = now_s();
	for (i = 0; i < bench_rounds; i++)
		if (region_move(r, 1) || region_move(r, 0))
			return 0;
	gbps = 2.0 * bench_rounds * r->len / (now_s() - t0) / 1e9;
	if (have_core)
		mco_write("max_batch", "512");
	return gbps;
}

#define BENCH_MAX_CONFIGS	16
#define BENCH_MAX_REPS		16

/*
 * Every backend, with max_batch 512 (as without the feature) and 8192.
 * The measurements of all configurations are interleaved, so that a burst
 * of load on the host spreads over all of them; the median is shown.
 */
static bool test_bench(void)
{
	static const char *const batches[] = { "512", "8192" };
	double gbps[BENCH_MAX_CONFIGS][BENCH_MAX_REPS];
	const struct backend *cb[BENCH_MAX_CONFIGS];
	const char *cm[BENCH_MAX_CONFIGS];
	double base = 0, med;
	int i, k, n = 0;
	struct region r;
	cpu_set_t cpus;
	bool ok = true;

	for (k = 0; k < (have_core ? 2 : 1); k++)
		for (i = 0; i < nr_avail && n < BENCH_MAX_CONFIGS; i++) {
			if (k && is_none(avail[i]))
				continue;
			cb[n] = avail[i];
			cm[n++] = batches[k];
		}
	/* Always from CPU 0 (node 0): one source of variance less. */
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	if (region_alloc(&r, 16, THP_SIZE, 0, 5))
		return false;
	diag("bench: move_pages(2) of 16 2 MiB THPs, node 0 -> 1 -> 0, %d rounds, median of %d",
	     bench_rounds, bench_reps);
	for (k = 0; k < bench_reps && k < BENCH_MAX_REPS; k++)
		for (i = 0; i < n; i++)
			gbps[i][k] = bench_one(cb[i], &r, cm[i]);
	ok &= CHECK(region_diff(&r, 5) == 0);
	for (i = 0; i < n; i++) {
		qsort(gbps[i], bench_reps, sizeof(gbps[i][0]), cmp_double);
		med = gbps[i][bench_reps / 2];
		ok &= CHECK(gbps[i][0] > 0);
		if (!base)
			base = med;
		diag("bench: backend %-6s max_batch %-4s %7.3f GB/s  ratio to none %.2f",
		     cb[i]->name, have_core ? cm[i] : "-", med,
		     base ? med / base : 0);
	}
	if (have_core)
		mco_write("backend", "none");
	region_free(&r);
	CPU_ZERO(&cpus);
	for (i = 0; i < CPU_SETSIZE; i++)
		CPU_SET(i, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	return ok;
}

/* ------------------------------------------------------------------ */
/* The suite */

enum kind { T_BOOT, T_READS, T_ERRNOS, T_MOVE_4K, T_MOVE_THP, T_MAX_BATCH,
	    T_PROCESS, T_SELFTEST, T_FAULT, T_RMMOD, T_SWITCH, T_BENCH,
	    T_DMESG, T_INERT, T_AUTOLOAD, T_HWPOISON, T_BH, T_DCBM_CONC,
	    T_DCBM_DEAD, T_DCBM_ALL_DEAD, T_DCBM_LIMIT };

struct test {
	enum kind kind;
	const struct backend *b;
	const struct fault *fault;
	char name[160];
};

static struct test tests[128];
static int nr_tests;

static void add(enum kind kind, const struct backend *b, const char *fmt, ...)
{
	struct test *t = &tests[nr_tests++];
	char what[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	t->kind = kind;
	t->b = b;
	if (b)
		snprintf(t->name, sizeof(t->name), "%s: %s", b->name, what);
	else
		snprintf(t->name, sizeof(t->name), "%s", what);
}

static void plan(bool bench_only)
{
	size_t k;
	int i;

	if (bench_only) {
		add(T_BENCH, NULL, "bench: move_pages of THPs, every backend");
		return;
	}
	if (have_core) {
		for (i = 0; i < nr_avail; i++)
			if (!strcmp(avail[i]->name, "null") && boot_param_null())
				add(T_BOOT, NULL,
				    "boot parameter migrate_offload.backend=null selects null when it registers");
		add(T_READS, NULL, "sysfs reads: [none] bracketed, reason names, max_batch 512");
		add(T_ERRNOS, NULL, "sysfs bad input: -EINVAL and state unchanged");
	}
	for (i = 0; i < nr_avail; i++) {
		const struct backend *b = avail[i];

		add(T_MOVE_4K, b, "4K pages moved node0->node1->node0, bytes equal, counters exact");
		add(T_MOVE_THP, b, "2M THPs moved node0->node1->node0, bytes equal, counters exact");
		if (!is_none(b))
			add(T_MAX_BATCH, b, "max_batch 4096: 8 THPs copied as one batch");
		add(T_PROCESS, b, "migrate_pages of a process node0->node1, bytes equal, counters exact");
		for (k = 0; k < ARRAY_SIZE(faults); k++) {
			if (strcmp(b->name, faults[k].backend))
				continue;
			add(T_FAULT, b, "%s", faults[k].what);
			tests[nr_tests - 1].fault = &faults[k];
		}
		if (!strcmp(b->name, "null")) {
			add(T_INERT, b, "max_batch 4096 inert with none and for reasons not offloaded (thp events: 1 THP a batch), 8 THPs a batch when offloaded");
			add(T_HWPOISON, b, "MADV_HWPOISON page not batch-copied, the other 15 offloaded, bytes equal");
		}
		add(T_BH, b, "ext2 page cache with buffer heads migrated, not batch-copied, read(2) bytes equal");
		if (!strcmp(b->name, "cpu_mt"))
			add(T_AUTOLOAD, b, "echo cpu_mt > backend loads its module and selects it; unknown name -EINVAL");
		if (!strcmp(b->name, "dcbm")) {
			add(T_DCBM_CONC, b, "4 processes migrating THPs over 2 channels all finish, bytes equal, every failure a busy fallback");
			add(T_DCBM_DEAD, b, "soft_dma fail_dead on one channel: retired, later moves 0 fallbacks, bytes equal");
			add(T_DCBM_ALL_DEAD, b, "soft_dma fail_dead on every channel: dcbm deselects itself, backend [none]; reselected it works");
			add(T_DCBM_LIMIT, b, "soft_dma max_xfer=65536: 8 2M THPs split into 64 KiB descriptors, 0 fallbacks, bytes equal");
		}
		if (!is_none(b))
			add(T_RMMOD, b, "rmmod while active and migrating: none, bytes equal");
		if (!quick)
			add(T_SELFTEST, b, "selftests/mm/migration passes");
	}
	if (have_core && nr_avail > 1)
		add(T_SWITCH, NULL, "switching backends while another process migrates: bytes equal");
	add(T_BENCH, NULL, "bench: move_pages of THPs, every backend");
	add(T_DMESG, NULL, "kernel log free of WARN, BUG, KASAN, lockdep, hung-task and sleeping-in-atomic reports");
}

static bool run(const struct test *t)
{
	switch (t->kind) {
	case T_BOOT:		return test_boot_param();
	case T_READS:		return test_sysfs_reads();
	case T_ERRNOS:		return test_sysfs_errnos();
	case T_MOVE_4K:		return test_move(t->b, false);
	case T_MOVE_THP:	return test_move(t->b, true);
	case T_MAX_BATCH:	return test_max_batch(t->b);
	case T_PROCESS:		return test_migrate_process(t->b);
	case T_SELFTEST:	return test_selftest(t->b);
	case T_FAULT:		return test_fault(t->b, t->fault);
	case T_RMMOD:		return test_rmmod_under_load(t->b);
	case T_SWITCH:		return test_switch_under_load();
	case T_BENCH:		return test_bench();
	case T_DMESG:		return dmesg_clean();
	case T_INERT:		return test_max_batch_inert(t->b);
	case T_AUTOLOAD:	return test_autoload(t->b);
	case T_HWPOISON:	return test_hwpoison_not_admitted(t->b);
	case T_BH:		return test_buffer_heads(t->b);
	case T_DCBM_CONC:	return test_dcbm_concurrent(t->b);
	case T_DCBM_DEAD:	return test_dcbm_dead_channel(t->b);
	case T_DCBM_ALL_DEAD:	return test_dcbm_all_dead(t->b);
	case T_DCBM_LIMIT:	return test_dcbm_small_limit(t->b);
	}
	return false;
}

int main(int argc, char **argv)
{
	bool bench_only = false;
	double t0 = now_s();
	int opt, i;

	while ((opt = getopt(argc, argv, "m:t:qbo:")) != -1) {
		switch (opt) {
		case 'm':
			module_dir = optarg;
			break;
		case 't':
			selftest = optarg;
			break;
		case 'q':
			quick = true;
			break;
		case 'o':
			only = optarg;
			break;
		case 'b':
			bench_only = true;
			bench_rounds = 4;
			bench_reps = 9;
			break;
		default:
			fprintf(stderr, "usage: %s [-m MODULE_DIR] [-t SELFTEST] [-q] [-b] [-o BACKEND,...]\n",
				argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	have_core = !access(MCO "/backend", F_OK);
	find_backends();
	plan(bench_only);

	printf("TAP version 13\n1..%d\n", nr_tests);
	printf("# kernel %s the migrate_offload core; backends:",
	       have_core ? "has" : "lacks");
	for (i = 0; i < nr_avail; i++)
		printf(" %s", avail[i]->name);
	putchar('\n');
	for (i = 0; i < nr_tests; i++) {
		double t = now_s();
		bool ok = run(&tests[i]);

		diag("%.1f s", now_s() - t);
		result(ok, NULL, tests[i].name);
	}
	diag("%d tests, %d failed, %.0f s", nr_tests, nr_failed, now_s() - t0);
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n",
	       nr_tests - nr_failed, nr_failed);
	return nr_failed ? 1 : 0;
}
