// SPDX-License-Identifier: GPL-2.0-only
/*
 * mco-tier-test - the flows the offload exists for, in the tiered QEMU
 * guest (nodes 0 and 1 with CPUs, node 2 CPU-less and in a lower memory
 * tier), printing kselftest TAP.
 *
 * For "none" and every backend whose module is present (cpu_mt in both
 * copy modes), each flow fills memory with a known pattern, drives the
 * kernel's own mechanism, checks every byte, and ties the kernel's counter
 * (/proc/vmstat) to the offload's counter of that reason
 * (stats/<reason>/): demotion by memcg reclaim, promotion and balancing by
 * NUMA balancing, compaction, DAMON's migrate_cold, mbind(MPOL_MF_MOVE),
 * and tmpfs pages moved by move_pages(2).  Kswapd demotion runs once, with
 * null; the reason filter is shown on demotion.  The offload's trace
 * events are read back through tracefs.  The kernel log must stay free of
 * reports.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
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
#include <sys/stat.h>
#include <sys/syscall.h>

#include "guest.h"

#define MCO		"/sys/kernel/mm/migrate_offload"
#define TRACING		"/sys/kernel/tracing"
#define NUMAB		"/sys/kernel/debug/sched/numa_balancing"
#define DAMON		"/sys/kernel/mm/damon/admin/kdamonds"
#define CGROUP		"/sys/fs/cgroup"
#define MODULES		"/lib/modules/mco"
#define PAGE		4096UL
#define MB		(1UL << 20)

#define MPOL_DEFAULT	0
#define MPOL_BIND	2
#define MPOL_MF_MOVE	(1 << 1)

/* ------------------------------------------------------------------ */
/* TAP and files */

static int nr_failed;

static int writef(const char *path, const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return write_file(path, buf);
}

static uint64_t read_u64(const char *path)
{
	char buf[64];

	return read_file(path, buf, sizeof(buf)) ? 0 : strtoull(buf, NULL, 10);
}

/* The offload's counter @item of @reason (0 without the core). */
static uint64_t offload(const char *reason, const char *item)
{
	char path[160];

	snprintf(path, sizeof(path), MCO "/stats/%s/%s", reason, item);
	return read_u64(path);
}

static void pin_cpus(int first, int last)
{
	cpu_set_t set;
	int cpu;

	CPU_ZERO(&set);
	for (cpu = first; cpu <= last; cpu++)
		CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* ------------------------------------------------------------------ */
/* Backends */

struct backend {
	const char *label;	/* in test names */
	const char *name;	/* in the backend file */
	const char *module;
	const char *provider;
	const char *copy_mode;	/* cpu_mt's mode */
};

static const struct backend backends[] = {
	{ "none", "none", NULL, NULL, NULL },
	{ "null", "null", "mco_null", NULL, NULL },
	{ "cpu_mt/mc", "cpu_mt", "mco_cpu_mt", NULL, "mc" },
	{ "cpu_mt/nt", "cpu_mt", "mco_cpu_mt", NULL, "nt" },
	{ "dcbm", "dcbm", "mco_dcbm", "mco_soft_dma", NULL },
};

#define FLOW_REASONS \
	"syscall_or_cpuset mempolicy_mbind numa_misplaced demotion damon compaction"

static bool have_module(const char *mod)
{
	char path[128];

	snprintf(path, sizeof(path), MODULES "/%s.ko", mod);
	return !access(path, R_OK);
}

static int mod_load(const char *mod)
{
	return mod_load_args(MODULES, mod, "");
}

static bool is_none(const struct backend *b)
{
	return !b->module;
}

/* Select @b with every flow's reason offloaded and every batch offloaded. */
static int select_backend(const struct backend *b)
{
	char path[128];
	int ret = 0;

	if (b->provider)
		ret = mod_load(b->provider);
	if (!ret && b->module)
		ret = mod_load(b->module);
	if (!ret)
		ret = write_file(MCO "/backend", b->name);
	if (!ret && !is_none(b))
		ret = write_file(MCO "/reasons", FLOW_REASONS);
	if (!ret)
		ret = write_file(MCO "/min_batch", "1");
	if (!ret && b->copy_mode) {
		snprintf(path, sizeof(path), MCO "/%s/copy_mode", b->name);
		ret = write_file(path, b->copy_mode);
	}
	if (ret)
		diag("selecting %s: %s", b->label, strerror(-ret));
	return ret;
}

/* ------------------------------------------------------------------ */
/* Memory with a known pattern, 4 KiB pages */

struct region {
	char *p;
	size_t len;
	unsigned long nr;
	void **pages;
	int *status;
	uint64_t seed;
};

static uint64_t pattern(uint64_t seed, size_t i)
{
	uint64_t x = (seed + i) * 0x9E3779B97F4A7C15ULL;

	return x ^ (x >> 31);
}

static long mbind_node(void *p, size_t len, int mode, int node,
		       unsigned int flags)
{
	unsigned long mask = 1UL << node;

	return syscall(SYS_mbind, p, len, mode,
		       mode == MPOL_DEFAULT ? NULL : &mask,
		       mode == MPOL_DEFAULT ? 0 : 64, flags);
}

static void region_fill(struct region *r)
{
	uint64_t *w = (uint64_t *)r->p;
	size_t i;

	for (i = 0; i < r->len / 8; i++)
		w[i] = pattern(r->seed, i);
}

/* Pages whose bytes differ from the pattern (@skip: every other page). */
static unsigned long region_bad(const struct region *r, bool skip)
{
	const uint64_t *w = (const uint64_t *)r->p;
	size_t per = PAGE / 8, i, j;
	unsigned long bad = 0;

	for (i = 0; i < r->nr; i += skip ? 2 : 1)
		for (j = 0; j < per; j++)
			if (w[i * per + j] != pattern(r->seed, i * per + j)) {
				bad++;
				break;
			}
	return bad;
}

static void region_free(struct region *r)
{
	if (r->p)
		munmap(r->p, r->len);
	free(r->pages);
	free(r->status);
	memset(r, 0, sizeof(*r));
}

/*
 * @len bytes of base pages, written on @node (bound while written only,
 * unless @keep_bind), filled with a pattern.
 */
static int region_alloc(struct region *r, size_t len, int node,
			bool keep_bind, uint64_t seed)
{
	unsigned long i;

	memset(r, 0, sizeof(*r));
	r->p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r->p == MAP_FAILED) {
		r->p = NULL;
		return -errno;
	}
	r->len = len;
	r->nr = len / PAGE;
	r->seed = seed;
	r->pages = calloc(r->nr, sizeof(*r->pages));
	r->status = calloc(r->nr, sizeof(*r->status));
	if (!r->pages || !r->status) {
		region_free(r);
		return -ENOMEM;
	}
	for (i = 0; i < r->nr; i++)
		r->pages[i] = r->p + i * PAGE;
	if (madvise(r->p, len, MADV_NOHUGEPAGE) ||
	    mbind_node(r->p, len, MPOL_BIND, node, 0)) {
		region_free(r);
		return -errno;
	}
	region_fill(r);
	if (!keep_bind)
		mbind_node(r->p, len, MPOL_DEFAULT, 0, 0);
	return 0;
}

/* How many pages of @r are on @node now. */
static unsigned long region_on(struct region *r, int node)
{
	unsigned long i, n = 0;

	if (syscall(SYS_move_pages, 0, r->nr, r->pages, NULL, r->status, 0))
		return 0;
	for (i = 0; i < r->nr; i++)
		n += r->status[i] == node;
	return n;
}

static int region_move(struct region *r, int node)
{
	int *nodes = calloc(r->nr, sizeof(*nodes));
	unsigned long i;
	long ret;

	if (!nodes)
		return -ENOMEM;
	for (i = 0; i < r->nr; i++)
		nodes[i] = node;
	ret = syscall(SYS_move_pages, 0, r->nr, r->pages, nodes, r->status,
		      MPOL_MF_MOVE);
	free(nodes);
	return ret < 0 ? -errno : 0;
}

/* Read every page once: NUMA hint faults, not writes. */
static void region_touch(struct region *r)
{
	volatile char *p = r->p;
	unsigned long i;

	for (i = 0; i < r->nr; i++)
		(void)p[i * PAGE];
}

/* ------------------------------------------------------------------ */
/* The offload's trace events, read back through tracefs */

static void trace_start(void)
{
	write_file(TRACING "/events/migrate_offload/enable", "1");
	write_file(TRACING "/trace", "");
}

/* Batch events of @reason by @backend since trace_start(). */
static unsigned long trace_batches(const char *backend, const char *reason)
{
	char line[512], want_b[48], want_r[48];
	unsigned long n = 0;
	FILE *f = fopen(TRACING "/trace", "r");

	if (!f)
		return 0;
	snprintf(want_b, sizeof(want_b), "backend=%s ", backend);
	snprintf(want_r, sizeof(want_r), "reason=%s ", reason);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "migrate_offload_batch:") &&
		    strstr(line, want_b) && strstr(line, want_r))
			n++;
	fclose(f);
	return n;
}

/* ------------------------------------------------------------------ */
/* One flow's facts, checked the same way for every flow */

struct flow {
	const char *reason;	/* the offload's reason */
	const char *vm;		/* the kernel's counter that must grow */
	const char *vm2;	/* a second one added to it, or NULL */
	uint64_t vm0, off0, fb0;
	uint64_t vm_delta, off_delta, fb_delta;
	unsigned long traced;
};

static void flow_begin(struct flow *f, const char *reason, const char *vm,
		       const char *vm2)
{
	memset(f, 0, sizeof(*f));
	f->reason = reason;
	f->vm = vm;
	f->vm2 = vm2;
	f->vm0 = vmstat_read(vm) + (vm2 ? vmstat_read(vm2) : 0);
	f->off0 = offload(reason, "folios");
	f->fb0 = offload(reason, "fallbacks");
	trace_start();
}

/*
 * Read the counters once they are settled: kswapd may still be demoting
 * after the allocation that woke it has returned, and a read of the
 * kernel's counter then of the offload's would see different moments.
 */
static void flow_end(struct flow *f, const struct backend *b)
{
	uint64_t vm = 0, off = 0;
	int i;

	for (i = 0; i < 50; i++) {
		uint64_t vm_now = vmstat_read(f->vm) +
				  (f->vm2 ? vmstat_read(f->vm2) : 0);
		uint64_t off_now = offload(f->reason, "folios");

		if (i && vm_now == vm && off_now == off)
			break;
		vm = vm_now;
		off = off_now;
		usleep(100000);
	}
	f->vm_delta = vm - f->vm0;
	f->off_delta = off - f->off0;
	f->fb_delta = offload(f->reason, "fallbacks") - f->fb0;
	f->traced = trace_batches(b->name, f->reason);
	diag("%s: %s%s%s +%llu, offload %s folios +%llu fallbacks +%llu, %lu batch events",
	     b->label, f->vm, f->vm2 ? "+" : "", f->vm2 ? f->vm2 : "",
	     (unsigned long long)f->vm_delta, f->reason,
	     (unsigned long long)f->off_delta,
	     (unsigned long long)f->fb_delta, f->traced);
}

/*
 * The kernel migrated (its counter grew); with none, the offload saw
 * nothing; with a backend, it copied every migrated page of the flow
 * (@exact), or some and no more than migrated (other migrations of the
 * same reason, e.g. compaction of other memory, are not counted by the
 * kernel counter apart), with no fallback, and its trace events say so.
 */
static bool flow_tie(const struct flow *f, const struct backend *b, bool exact)
{
	bool ok = true;

	ok &= CHECK(f->vm_delta > 0);
	if (is_none(b)) {
		ok &= CHECK(f->off_delta == 0 && f->traced == 0);
		return ok;
	}
	if (exact)
		ok &= CHECK(f->off_delta == f->vm_delta);
	else
		ok &= CHECK(f->off_delta > 0 && f->off_delta <= f->vm_delta);
	ok &= CHECK(f->fb_delta == 0);
	ok &= CHECK(f->traced > 0);
	return ok;
}

static char test_note[256];

/* ------------------------------------------------------------------ */
/* The flows */

static int cgroup_enter(const char *name)
{
	char path[128];

	write_file(CGROUP "/cgroup.subtree_control", "+memory");
	snprintf(path, sizeof(path), CGROUP "/%s", name);
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	snprintf(path, sizeof(path), CGROUP "/%s/cgroup.procs", name);
	return writef(path, "%d", getpid());
}

static void cgroup_leave(void)
{
	writef(CGROUP "/cgroup.procs", "%d", getpid());
}

/* memory.reclaim of a memcg demotes its node-0 pages to node 2. */
static bool flow_demotion_memcg(const struct backend *b)
{
	const size_t len = 32 * MB;
	struct region r;
	struct flow f;
	unsigned long slow;
	bool ok = true;

	if (select_backend(b) || cgroup_enter("mco"))
		return false;
	pin_cpus(0, 1);
	if (region_alloc(&r, len, 0, false, 11)) {
		cgroup_leave();
		return false;
	}
	flow_begin(&f, "demotion", "pgdemote_direct", "pgdemote_kswapd");
	write_file(CGROUP "/mco/memory.reclaim", "16M");
	flow_end(&f, b);
	slow = region_on(&r, 2);
	ok &= CHECK(slow > 0);
	ok &= CHECK(region_bad(&r, false) == 0);
	ok &= flow_tie(&f, b, true);
	snprintf(test_note, sizeof(test_note),
		 "%lu pages node0->node2, bytes equal, pgdemote +%llu, offload demotion folios +%llu",
		 slow, (unsigned long long)f.vm_delta,
		 (unsigned long long)f.off_delta);
	region_free(&r);
	cgroup_leave();
	return ok;
}

static uint64_t node_free_kb(int node)
{
	char path[64], line[160];
	uint64_t kb = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/meminfo",
		 node);
	fp = fopen(path, "r");
	if (!fp)
		return 0;
	while (fgets(line, sizeof(line), fp)) {
		char *p = strstr(line, "MemFree:");

		if (p)
			kb = strtoull(p + 8, NULL, 10);
	}
	fclose(fp);
	return kb;
}

/* Node 0 filled past its watermarks: kswapd and direct reclaim demote. */
static bool flow_demotion_kswapd(const struct backend *b)
{
	size_t len = (node_free_kb(0) / 1024 + 96) * MB;
	uint64_t failed;
	struct region r;
	struct flow f;
	unsigned long slow;
	bool ok = true;

	if (select_backend(b))
		return false;
	pin_cpus(0, 1);
	failed = vmstat_read("pgmigrate_fail");
	flow_begin(&f, "demotion", "pgdemote_kswapd", "pgdemote_direct");
	if (region_alloc(&r, len, 0, true, 12))
		return false;
	flow_end(&f, b);
	failed = vmstat_read("pgmigrate_fail") - failed;
	slow = region_on(&r, 2);
	ok &= CHECK(slow > 0);
	ok &= CHECK(region_bad(&r, false) == 0);
	ok &= CHECK(vmstat_read("pgdemote_kswapd") > 0);
	/*
	 * Under this pressure a folio the backend copied can still fail to
	 * move (a reference taken meanwhile; its copy is dropped, and
	 * pgmigrate_fail counts it), so the offload may count up to that
	 * many more folios than were demoted; and a folio referenced when
	 * the batch was admitted is left to the kernel's own copy, which
	 * the offload does not count.  Both are at most what failed or
	 * retried: assert the offload within that of pgdemote.
	 */
	ok &= CHECK(f.vm_delta > 0 && f.off_delta > 0);
	ok &= CHECK(f.off_delta <= f.vm_delta + failed);
	ok &= CHECK(f.off_delta + failed >= f.vm_delta / 2);
	ok &= CHECK(f.fb_delta == 0 && f.traced > 0);
	snprintf(test_note, sizeof(test_note),
		 "%zu MB bound to node0, %lu pages demoted to node2, bytes equal, pgdemote +%llu, offload demotion folios +%llu, pgmigrate_fail +%llu",
		 len / MB, slow, (unsigned long long)f.vm_delta,
		 (unsigned long long)f.off_delta, (unsigned long long)failed);
	region_free(&r);
	return ok;
}

static void numab_fast(int mode)
{
	writef("/proc/sys/kernel/numa_balancing", "%d", mode);
	write_file(NUMAB "/scan_delay_ms", "100");
	write_file(NUMAB "/scan_period_min_ms", "100");
	write_file(NUMAB "/scan_period_max_ms", "1000");
}

/*
 * Touch @r from the current CPUs until @want of its pages are on @node,
 * or @secs pass.
 */
static unsigned long touch_until(struct region *r, int node,
				 unsigned long want, double secs)
{
	double end = now_s() + secs;
	unsigned long on;

	do {
		region_touch(r);
		usleep(20000);
		on = region_on(r, node);
	} while (on < want && now_s() < end);
	return on;
}

/* Tiering mode: pages on the slow node touched from node 0 come back. */
static bool flow_promotion(const struct backend *b)
{
	uint64_t promoted;
	struct region r;
	struct flow f;
	unsigned long fast;
	bool ok = true;

	if (select_backend(b))
		return false;
	pin_cpus(0, 0);
	if (region_alloc(&r, 8 * MB, 0, false, 13))
		return false;
	ok &= CHECK(region_move(&r, 2) == 0 && region_on(&r, 2) == r.nr);
	numab_fast(2);
	promoted = vmstat_read("pgpromote_success");
	/*
	 * Every NUMA balancing migration is numa_misplaced, promotions
	 * (pgpromote_success) and the few others the scanner makes of the
	 * task's other pages alike: tie the offload to all of them.
	 */
	flow_begin(&f, "numa_misplaced", "numa_pages_migrated", NULL);
	fast = touch_until(&r, 0, r.nr, 90);
	flow_end(&f, b);
	promoted = vmstat_read("pgpromote_success") - promoted;
	write_file("/proc/sys/kernel/numa_balancing", "0");
	ok &= CHECK(fast > 0 && promoted > 0);
	ok &= CHECK(region_bad(&r, false) == 0);
	ok &= flow_tie(&f, b, true);
	snprintf(test_note, sizeof(test_note),
		 "%lu of %lu pages node2->node0, bytes equal, pgpromote_success +%llu, numa_pages_migrated +%llu, offload numa_misplaced folios +%llu",
		 fast, r.nr, (unsigned long long)promoted,
		 (unsigned long long)f.vm_delta,
		 (unsigned long long)f.off_delta);
	region_free(&r);
	return ok;
}

/* Balancing between equal nodes: a task on node 1 pulls its memory. */
static bool flow_balancing(const struct backend *b)
{
	struct region r;
	struct flow f;
	unsigned long there;
	bool ok = true;

	if (select_backend(b))
		return false;
	pin_cpus(0, 0);
	if (region_alloc(&r, 8 * MB, 0, false, 14))
		return false;
	pin_cpus(2, 3);
	numab_fast(1);
	flow_begin(&f, "numa_misplaced", "numa_pages_migrated", NULL);
	there = touch_until(&r, 1, r.nr / 4, 90);
	flow_end(&f, b);
	write_file("/proc/sys/kernel/numa_balancing", "0");
	ok &= CHECK(there > 0);
	ok &= CHECK(region_bad(&r, false) == 0);
	ok &= flow_tie(&f, b, true);
	snprintf(test_note, sizeof(test_note),
		 "%lu of %lu pages node0->node1, bytes equal, numa_pages_migrated +%llu, offload numa_misplaced folios +%llu",
		 there, r.nr, (unsigned long long)f.vm_delta,
		 (unsigned long long)f.off_delta);
	region_free(&r);
	pin_cpus(0, 3);
	return ok;
}

/* Every other page freed, then node 1 compacted. */
static bool flow_compaction(const struct backend *b)
{
	struct region r;
	struct flow f;
	unsigned long i;
	bool ok = true;

	if (select_backend(b))
		return false;
	pin_cpus(2, 3);
	if (region_alloc(&r, 64 * MB, 1, false, 15))
		return false;
	for (i = 1; i < r.nr; i += 2)
		madvise(r.p + i * PAGE, PAGE, MADV_DONTNEED);
	flow_begin(&f, "compaction", "pgmigrate_success", NULL);
	/*
	 * Freed pages can sit in per-CPU lists where the free scanner does
	 * not see them, and an earlier pass may have left little to do: try
	 * up to three passes until one migrates.
	 */
	for (i = 0; i < 3; i++) {
		ok &= CHECK(write_file("/sys/devices/system/node/node1/compact",
				       "1") == 0);
		if (vmstat_read("pgmigrate_success") > f.vm0)
			break;
		sleep(1);
	}
	flow_end(&f, b);
	ok &= CHECK(vmstat_read("compact_isolated") > 0);
	ok &= CHECK(region_bad(&r, true) == 0);
	/* Compaction migrates other memory than ours, and not all of it
	 * through a batch copy (movable_ops pages are never admitted). */
	ok &= flow_tie(&f, b, false);
	snprintf(test_note, sizeof(test_note),
		 "node1 compacted, bytes equal, pgmigrate_success +%llu, offload compaction folios +%llu",
		 (unsigned long long)f.vm_delta,
		 (unsigned long long)f.off_delta);
	region_free(&r);
	pin_cpus(0, 3);
	return ok;
}

/* The physical span of @node, from /proc/zoneinfo, in bytes. */
static int node_span(int node, uint64_t *start, uint64_t *end)
{
	char line[256], want[32];
	bool in = false;
	uint64_t s = UINT64_MAX, e = 0, zs = 0;
	FILE *f = fopen("/proc/zoneinfo", "r");

	if (!f)
		return -errno;
	snprintf(want, sizeof(want), "Node %d, zone", node);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long v;

		if (!strncmp(line, "Node ", 5)) {
			in = !strncmp(line, want, strlen(want));
			zs = 0;
		} else if (in && sscanf(line, " spanned %llu", &v) == 1) {
			zs = v;
		} else if (in && sscanf(line, " start_pfn: %llu", &v) == 1 &&
			   zs) {
			if (v < s)
				s = v;
			if (v + zs > e)
				e = v + zs;
		}
	}
	fclose(f);
	if (e <= s)
		return -ENOENT;
	*start = s * PAGE;
	*end = e * PAGE;
	return 0;
}

static int damon_pattern(const char *ctx, const char *what, const char *val)
{
	char path[192];

	snprintf(path, sizeof(path), "%s/schemes/0/access_pattern/%s", ctx,
		 what);
	return write_file(path, val);
}

static int damon_setup(const char *action, int from, int to)
{
	const char *ctx = DAMON "/0/contexts/0";
	char path[192];
	uint64_t start = 0, end = 0;
	int ret = node_span(from, &start, &end);

	if (ret)
		return ret;
	ret |= write_file(DAMON "/nr_kdamonds", "1");
	ret |= write_file(DAMON "/0/contexts/nr_contexts", "1");
	snprintf(path, sizeof(path), "%s/operations", ctx);
	ret |= write_file(path, "paddr");
	snprintf(path, sizeof(path), "%s/targets/nr_targets", ctx);
	ret |= write_file(path, "1");
	snprintf(path, sizeof(path), "%s/targets/0/regions/nr_regions", ctx);
	ret |= write_file(path, "1");
	snprintf(path, sizeof(path), "%s/targets/0/regions/0/start", ctx);
	ret |= writef(path, "%llu", (unsigned long long)start);
	snprintf(path, sizeof(path), "%s/targets/0/regions/0/end", ctx);
	ret |= writef(path, "%llu", (unsigned long long)end);
	snprintf(path, sizeof(path), "%s/schemes/nr_schemes", ctx);
	ret |= write_file(path, "1");
	snprintf(path, sizeof(path), "%s/schemes/0/action", ctx);
	ret |= write_file(path, action);
	snprintf(path, sizeof(path), "%s/schemes/0/target_nid", ctx);
	ret |= writef(path, "%d", to);
	/* A new scheme's access pattern matches nothing: set every bound. */
	ret |= damon_pattern(ctx, "sz/min", "4096");
	ret |= damon_pattern(ctx, "sz/max", "18446744073709551615");
	ret |= damon_pattern(ctx, "nr_accesses/min", "0");
	ret |= damon_pattern(ctx, "nr_accesses/max", "0");
	ret |= damon_pattern(ctx, "age/min", "5");
	ret |= damon_pattern(ctx, "age/max", "4294967295");
	ret |= write_file(DAMON "/0/state", "on");
	return ret ? -EIO : 0;
}

/* DAMOS migrate_cold: an idle region of node 0 moves to the slow node. */
static bool flow_damon(const struct backend *b)
{
	unsigned long slow = 0;
	struct region r;
	struct flow f;
	double end;
	int idle = 0;
	bool ok = true;

	if (select_backend(b))
		return false;
	pin_cpus(0, 1);
	if (region_alloc(&r, 16 * MB, 0, false, 16))
		return false;
	flow_begin(&f, "damon", "pgmigrate_success", NULL);
	ok &= CHECK(damon_setup("migrate_cold", 0, 2) == 0);
	/* Until all moved, or 5 s without progress once some did. */
	end = now_s() + 60;
	do {
		unsigned long before = slow;

		sleep(1);
		slow = region_on(&r, 2);
		if (slow && slow == before)
			idle++;
		else
			idle = 0;
	} while (slow < r.nr && idle < 5 && now_s() < end);
	write_file(DAMON "/0/state", "off");
	write_file(DAMON "/nr_kdamonds", "0");
	flow_end(&f, b);
	ok &= CHECK(slow > 0);
	ok &= CHECK(region_bad(&r, false) == 0);
	/* DAMON moves every cold folio of node 0, not only ours. */
	ok &= flow_tie(&f, b, false);
	snprintf(test_note, sizeof(test_note),
		 "%lu of %lu pages node0->node2, bytes equal, pgmigrate_success +%llu, offload damon folios +%llu",
		 slow, r.nr, (unsigned long long)f.vm_delta,
		 (unsigned long long)f.off_delta);
	region_free(&r);
	return ok;
}

/* mbind(MPOL_MF_MOVE) moves a region to node 1. */
static bool flow_mbind(const struct backend *b)
{
	struct region r;
	struct flow f;
	bool ok = true;

	if (select_backend(b))
		return false;
	if (region_alloc(&r, 8 * MB, 0, false, 17))
		return false;
	flow_begin(&f, "mempolicy_mbind", "pgmigrate_success", NULL);
	ok &= CHECK(mbind_node(r.p, r.len, MPOL_BIND, 1, MPOL_MF_MOVE) == 0);
	flow_end(&f, b);
	ok &= CHECK(region_on(&r, 1) == r.nr);
	ok &= CHECK(region_bad(&r, false) == 0);
	ok &= flow_tie(&f, b, true);
	snprintf(test_note, sizeof(test_note),
		 "%lu pages node0->node1, bytes equal, pgmigrate_success +%llu, offload mempolicy_mbind folios +%llu",
		 r.nr, (unsigned long long)f.vm_delta,
		 (unsigned long long)f.off_delta);
	region_free(&r);
	return ok;
}

/* tmpfs (shmem) pages moved by move_pages(2), read back by read(2). */
static bool flow_tmpfs(const struct backend *b)
{
	const size_t len = 8 * MB;
	struct region r = { 0 };
	struct flow f;
	uint64_t *buf = malloc(len);
	unsigned long i, bad = 0;
	bool ok = false;
	int fd;

	if (!buf || select_backend(b))
		goto out_free;
	pin_cpus(0, 1);
	fd = open("/tmp/mco-tier-shm", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		goto out_free;
	ok = true;
	for (i = 0; i < len / 8; i++)
		buf[i] = pattern(18, i);
	ok &= CHECK(write(fd, buf, len) == (ssize_t)len);
	r.p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	r.len = len;
	r.nr = len / PAGE;
	r.pages = calloc(r.nr, sizeof(*r.pages));
	r.status = calloc(r.nr, sizeof(*r.status));
	ok &= CHECK(r.p != MAP_FAILED && r.pages && r.status);
	if (!ok)
		goto out_close;
	for (i = 0; i < r.nr; i++)
		r.pages[i] = r.p + i * PAGE;
	region_touch(&r);
	flow_begin(&f, "syscall_or_cpuset", "pgmigrate_success", NULL);
	ok &= CHECK(region_move(&r, 1) == 0);
	flow_end(&f, b);
	ok &= CHECK(region_on(&r, 1) == r.nr);
	munmap(r.p, len);
	r.p = NULL;
	memset(buf, 0, len);
	ok &= CHECK(pread(fd, buf, len, 0) == (ssize_t)len);
	for (i = 0; i < len / 8; i++)
		bad += buf[i] != pattern(18, i);
	ok &= CHECK(bad == 0);
	ok &= flow_tie(&f, b, true);
	snprintf(test_note, sizeof(test_note),
		 "%lu tmpfs pages node0->node1, read(2) equal, pgmigrate_success +%llu, offload syscall_or_cpuset folios +%llu",
		 r.nr, (unsigned long long)f.vm_delta,
		 (unsigned long long)f.off_delta);
out_close:
	if (r.p && r.p != MAP_FAILED)
		munmap(r.p, len);
	free(r.pages);
	free(r.status);
	close(fd);
	unlink("/tmp/mco-tier-shm");
out_free:
	free(buf);
	return ok;
}

/*
 * The reason filter on a real reason: without demotion in reasons,
 * demotion still happens and its offload counters stay; put back, they
 * move.
 */
static bool flow_filter(const struct backend *b)
{
	struct region r;
	struct flow f;
	bool ok = true;
	int round;

	if (select_backend(b) || cgroup_enter("mco"))
		return false;
	pin_cpus(0, 1);
	for (round = 0; round < 2; round++) {
		ok &= CHECK(write_file(MCO "/reasons", round ?
				       "demotion" : "syscall_or_cpuset") == 0);
		if (region_alloc(&r, 16 * MB, 0, false, 19 + round)) {
			ok = false;
			break;
		}
		flow_begin(&f, "demotion", "pgdemote_direct", "pgdemote_kswapd");
		write_file(CGROUP "/mco/memory.reclaim", "8M");
		flow_end(&f, b);
		ok &= CHECK(f.vm_delta > 0);
		ok &= CHECK(region_bad(&r, false) == 0);
		if (round)
			ok &= CHECK(f.off_delta == f.vm_delta && f.traced);
		else
			ok &= CHECK(f.off_delta == 0 && !f.traced);
		region_free(&r);
	}
	cgroup_leave();
	return ok;
}

static uint64_t works_on(int cpu)
{
	char path[128];

	snprintf(path, sizeof(path),
		 "/sys/kernel/debug/migrate_offload/cpu_mt/works_cpu%d", cpu);
	return read_u64(path);
}

/*
 * cpu_mt's workers run only where the migrating task may run, and never
 * on an isolated CPU: the tiered guest boots with isolcpus=3, the task is
 * confined to a cpuset of CPUs 0-1, and per-CPU counters of the work
 * items run tell where they ran.
 */
static bool flow_cpu_mt_cpus(const struct backend *b)
{
	uint64_t before[4], after[4];
	struct region r;
	bool ok = true;
	int cpu, round;

	if (select_backend(b) ||
	    write_file(MCO "/cpu_mt/threads", "4") ||
	    write_file(CGROUP "/cgroup.subtree_control", "+cpuset"))
		return false;
	if (mkdir(CGROUP "/mco-cpus", 0755) && errno != EEXIST)
		return false;
	ok &= CHECK(write_file(CGROUP "/mco-cpus/cpuset.cpus", "0-1") == 0);
	ok &= CHECK(writef(CGROUP "/mco-cpus/cgroup.procs", "%d",
			   getpid()) == 0);
	for (cpu = 0; cpu < 4; cpu++)
		before[cpu] = works_on(cpu);
	if (!ok || region_alloc(&r, 16 * MB, 0, false, 21))
		return false;
	for (round = 0; round < 8 && ok; round++) {
		ok &= CHECK(region_move(&r, (round & 1) ? 0 : 1) == 0);
		ok &= CHECK(region_bad(&r, false) == 0);
	}
	region_free(&r);
	for (cpu = 0; cpu < 4; cpu++)
		after[cpu] = works_on(cpu) - before[cpu];
	cgroup_leave();
	snprintf(test_note, sizeof(test_note),
		 "cpuset 0-1, isolcpus=3: work items run on cpu0 +%llu cpu1 +%llu cpu2 +%llu cpu3 +%llu, bytes equal",
		 (unsigned long long)after[0], (unsigned long long)after[1],
		 (unsigned long long)after[2], (unsigned long long)after[3]);
	ok &= CHECK(after[0] + after[1] > 0);
	ok &= CHECK(after[2] == 0 && after[3] == 0);
	write_file(MCO "/cpu_mt/threads", "4");
	return ok;
}

/* What Linux made of the HMAT: nodes 0-1 in one tier, 2 in a lower one. */
static bool test_topology(void)
{
	char path[128], nodes[64], tiers[256] = "";
	bool upper = false, lower = false;
	int t;

	for (t = 0; t < 1024; t++) {
		snprintf(path, sizeof(path),
			 "/sys/devices/virtual/memory_tiering/memory_tier%d/nodelist",
			 t);
		if (read_file(path, nodes, sizeof(nodes)))
			continue;
		snprintf(tiers + strlen(tiers), sizeof(tiers) - strlen(tiers),
			 " tier%d:%s", t, nodes);
		if (!strcmp(nodes, "0-1"))
			upper = true;
		else if (!strcmp(nodes, "2") && upper)
			lower = true;
	}
	snprintf(test_note, sizeof(test_note), "memory tiers:%s", tiers);
	return CHECK(upper && lower) &&
	       CHECK(!write_file("/sys/kernel/mm/numa/demotion_enabled", "1"));
}


/* ------------------------------------------------------------------ */
/* The suite */

struct test {
	bool (*fn)(const struct backend *b);
	const struct backend *b;
	char name[128];
};

static struct test tests[96];
static int nr_tests;

static void add(bool (*fn)(const struct backend *), const struct backend *b,
		const char *what)
{
	struct test *t = &tests[nr_tests++];

	t->fn = fn;
	t->b = b;
	snprintf(t->name, sizeof(t->name), "%s: %s", b ? b->label : "tier",
		 what);
}

static bool run_topology(const struct backend *b)
{
	return test_topology();
}

static bool run_dmesg(const struct backend *b)
{
	return dmesg_clean();
}

int main(void)
{
	const struct backend *null = NULL;
	double t0 = now_s();
	size_t i;
	int k;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (access(MCO "/backend", F_OK)) {
		printf("TAP version 13\n1..0 # SKIP no migrate_offload core\n");
		return 0;
	}
	add(run_topology, NULL, "HMAT puts node 2 in a lower memory tier than nodes 0-1; demotion on");
	for (i = 0; i < ARRAY_SIZE(backends); i++) {
		const struct backend *b = &backends[i];

		if (b->module && (!have_module(b->module) ||
				  (b->provider && !have_module(b->provider))))
			continue;
		if (!strcmp(b->name, "null"))
			null = b;
		add(flow_demotion_memcg, b, "demotion by memcg memory.reclaim");
		add(flow_promotion, b, "promotion by NUMA balancing (tiering mode)");
		add(flow_balancing, b, "NUMA balancing between equal nodes");
		add(flow_compaction, b, "compaction of node 1");
		add(flow_damon, b, "DAMOS migrate_cold to the slow node");
		add(flow_mbind, b, "mbind(MPOL_MF_MOVE)");
		add(flow_tmpfs, b, "tmpfs pages by move_pages(2)");
	}
	for (i = 0; i < ARRAY_SIZE(backends); i++)
		if (backends[i].copy_mode && !strcmp(backends[i].copy_mode, "mc") &&
		    have_module(backends[i].module))
			add(flow_cpu_mt_cpus, &backends[i],
			    "workers only on the task's cpuset CPUs, never on an isolated CPU");
	if (null) {
		add(flow_filter, null, "demotion left out of reasons: migrated, not offloaded; put back: offloaded");
		add(flow_demotion_kswapd, null, "demotion by kswapd and direct reclaim of node 0");
	}
	add(run_dmesg, NULL, "kernel log free of WARN, BUG, KASAN, lockdep, DMA-API (as WARN) and hung-task reports");

	printf("TAP version 13\n1..%d\n", nr_tests);
	for (k = 0; k < nr_tests; k++) {
		double t = now_s();
		bool ok;

		test_note[0] = '\0';
		ok = tests[k].fn(tests[k].b);
		write_file(MCO "/backend", "none");
		if (test_note[0])
			diag("%s", test_note);
		diag("%.1f s", now_s() - t);
		printf("%sok %d - %s%s%s\n", ok ? "" : "not ", k + 1,
		       tests[k].name, test_note[0] ? ", " : "", test_note);
		nr_failed += !ok;
	}
	diag("%d tests, %d failed, %.0f s", nr_tests, nr_failed, now_s() - t0);
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n",
	       nr_tests - nr_failed, nr_failed);
	return nr_failed ? 1 : 0;
}
