// SPDX-License-Identifier: GPL-2.0-only
/*
 * cpu_mt: a multithreaded CPU copy backend for page migration.
 *
 * A batch is cut into chunks: every folio of chunk_kb or less is one chunk,
 * a larger folio (a 2 MiB THP) is several, so that even one big folio keeps
 * every thread busy.  The migrating thread and up to threads - 1 workers
 * claim chunks from a shared cursor until none is left, as
 * padata_do_multithreaded() does.  The workers are preallocated per-CPU
 * work items on a WQ_MEM_RECLAIM workqueue (demotion runs from kswapd),
 * queued on chosen CPUs and then waited for, as __lru_add_drain_all() does:
 * nothing is allocated while copying.
 *
 * On a busy machine it is no worse than the plain copy: the migrating thread
 * always copies, a worker that has not started by the time the migrating
 * thread runs out of chunks is cancelled, not waited for, a worker copies
 * each chunk with preemption disabled and can be shut out of the batch
 * between chunks, so the migrating thread never waits for a preempted
 * worker, and it spins rather than sleeps while the started workers finish
 * their last chunk.  A CPU gets a worker only when its workers have started soon
 * enough for the share of work they would get, and not while a worker of
 * its kept the migrating thread waiting.  Small batches are copied by the
 * migrating thread alone.
 *
 * Workers go only to CPUs the migrating task may use: housekeeping CPUs for
 * unbound kernel work (isolcpus= and nohz_full= CPUs never get one) in its
 * cpuset and affinity, those of the source's and destination's nodes first.
 * Their CPU time is not charged to the migrating task (worker_ns shows it);
 * threads is small by default (4) to bound it.
 *
 * Copy modes (copy_mode):
 *   mc  copy_mc_to_kernel(), as folio_mc_copy(): cached stores, and a
 *       poisoned source page fails only its folio, whose bit stays clear:
 *       the migration path's own copy reads the poison again, reports it
 *       and fails the migration of that folio as today.  mc_safe is 1.
 *   nt  non-temporal stores (x86-64 only) for folios of 512 KiB and more
 *       (smaller ones as mc): faster for THPs, and the destination ends
 *       cache-cold, which suits demotion to a slow tier (a task reading it
 *       at once pays a cache miss a line: see mco-bench's post_read), but
 *       the loads are not machine-check safe: a poisoned source page is
 *       fatal, as with memcpy().  mc_safe is 0.
 *
 * /sys/kernel/mm/migrate_offload/cpu_mt/:
 *   threads          copying threads, the migrating one included
 *                    (1 .. online CPUs; 4 or fewer by default)
 *   chunk_kb         largest piece of a folio one thread copies (a power of
 *                    two, 4 .. 2048); a worker copies one with preemption
 *                    disabled (64 KiB: some microseconds)
 *   copy_mode        [mc] nt
 *   worker_ns        time the workers spent copying, in ns: CPU time that
 *                    the migrating task does not see (write 0 to reset,
 *                    as every counter here)
 *   worker_chunks, caller_chunks   chunks of parallel batches copied by
 *                    workers / by the migrating thread
 *   parallel_batches batches copied with workers (the others of
 *                    stats/batches were copied by the migrating thread
 *                    alone)
 *   cancelled_works  workers that copied nothing because the migrating
 *                    thread had claimed every chunk before they started
 *   slept_waits      times the migrating thread slept for a worker's last
 *                    chunk (its vCPU was preempted): that CPU is then left
 *                    alone for a while
 *   start_under_8us, start_under_32us, start_under_128us,
 *   start_under_512us, start_under_2ms, start_slower
 *                    workers by their delay from queueing to start: how
 *                    fast this machine's idle CPUs wake (mco-bench shows
 *                    the distribution)
 *   fail_chunk_every fault injection: every Nth chunk copy fails as if its
 *                    thread had failed (0: off)
 *
 * With CONFIG_MIGRATION_COPY_OFFLOAD_DEBUG, in
 * /sys/kernel/debug/migrate_offload/cpu_mt/:
 *   fail_flip_byte   fault injection: flip a byte of the first folio of
 *                    every batch after copying it (corrupts memory)
 *   works_cpu<N>     work items run on CPU N (read-only)
 */
#define pr_fmt(fmt) "mco_cpu_mt: " fmt

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/jiffies.h>
#include <linux/kobject.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/migrator.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/processor.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/isolation.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/topology.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>
#include <asm/barrier.h>

/*
 * The non-temporal copy, the only arch-specific piece.  On x86-64
 * memcpy_flushcache() is a loop of movnti stores (__memcpy_flushcache()),
 * which need no FPU state.  Elsewhere it may be a memcpy() followed by cache
 * maintenance, no faster than mc, so nt is offered on x86-64 only.  The
 * stores are weakly ordered: cpu_mt_nt_fence() (sfence) orders them before
 * a thread reports its chunks done.
 */
#define CPU_MT_HAVE_NT	IS_ENABLED(CONFIG_X86_64)

/*
 * Smaller folios are copied with cached stores even in nt mode.  Measured
 * on a 2-CPU EPYC guest (mco-bench, cold caches): movnti copies 4 KiB
 * folios 40% and 64 KiB folios 10% slower than copy_mc_to_kernel() (short
 * runs leave write-combining buffers partly filled), 2 MiB folios 10-15%
 * faster.
 */
#define CPU_MT_NT_MIN_FOLIO	(512UL << 10)

static inline void cpu_mt_copy_nt(void *to, const void *from, size_t len)
{
	memcpy_flushcache(to, from, len);
}

static inline void cpu_mt_nt_fence(void)
{
	/* Drain the movnti stores before the chunks are reported done. */
	wmb();
}

/*
 * Waking a worker, and waiting for it, costs some microseconds on bare
 * metal, tens to hundreds in a virtual machine (mco-bench --wakeups shows
 * them): a worker gets a share of at least CPU_MT_MIN_SHARE, or the
 * migrating thread copies the batch alone.
 */
#define CPU_MT_MIN_SHARE	(128UL << 10)

/*
 * min_batch: a batch of less than one default chunk is left to the
 * migration path's own copy.  cpu_mt would copy it on the migrating thread
 * all the same, a page or a small folio at a time, and the offload's
 * bookkeeping costs about a fifth of copying one 4 KiB page (mco-bench,
 * 4 KiB x1 on a 2-vCPU EPYC guest: the null backend, which only adds the
 * bookkeeping, at 0.8x of the plain copy).
 */
#define CPU_MT_MIN_BATCH	((64UL << 10) >> PAGE_SHIFT)

/*
 * threads defaults to 4, or the CPUs there are: 4 threads copy at most of
 * the memory bandwidth of a socket (Zi Yan's measurements on the earlier
 * mtcopy used 4), and each one more takes another CPU from other tasks, at
 * a cost that is not charged to the migrating task.  On a 256-CPU machine
 * a THP migration should not fan out over 255 of them.
 */
#define CPU_MT_THREADS_DEFAULT	4

/*
 * Which CPUs get workers.  What a worker costs is its start: until it runs,
 * the other threads copy without it, and one that has not started when they
 * are done is cancelled.  So a worker notes, when it starts, how many bytes
 * of its batch the other threads had already claimed; a cancelled one
 * counts the whole batch.  A CPU's estimate ("late") is a running average of
 * that, weight 1/4.  A CPU gets a worker only when its estimate is at most
 * the share of the batch a thread would copy: it is then expected to start
 * while the migrating thread is still in its own share, and to take on a
 * part of it.  A 2 MiB share affords a vCPU that takes 100 us to wake; a
 * 128 KiB share, a CPU that starts in 6 us.  The measure is in bytes, not
 * time: it needs no clock shared between CPUs, and it judges a wake-up by
 * the work it was woken for, not by a fixed latency that idle vCPUs of a
 * virtual machine exceed.  An estimate older than CPU_MT_SAMPLE_TTL is
 * forgotten, so that a CPU found slow is tried again; a try costs a
 * queue_work_on() and a cancel_work().
 *
 * A started worker that keeps the migrating thread waiting for its last
 * chunk longer than CPU_MT_SPIN_NS lost its CPU in the middle of a chunk,
 * with preemption disabled: its vCPU was preempted by the hypervisor (or,
 * in userspace, its thread by the scheduler).  The CPU is left alone for
 * CPU_MT_HOLDOFF, twice as long each time in a row, up to
 * CPU_MT_HOLDOFF_MAX, so that a CPU that stays busy costs one slow batch
 * every 8 seconds at most.  What was learnt about the CPUs is kept while
 * cpu_mt is deselected.
 */
#define CPU_MT_SAMPLE_TTL	HZ
#define CPU_MT_HOLDOFF		HZ
#define CPU_MT_HOLDOFF_MAX	(8 * HZ)

/*
 * When the migrating thread has claimed the last chunk, the workers are
 * finishing one chunk each: it spins that long for them (64 KiB copy in
 * about 10 us) before it sleeps in flush_work().  Sleeping would hand its
 * CPU to another task, and waking up again can take a scheduler slice.
 */
#define CPU_MT_SPIN_NS		(50 * 1000ULL)

#define CPU_MT_CHUNK_KB_MIN	4
#define CPU_MT_CHUNK_KB_MAX	2048
#define CPU_MT_CHUNK_KB_DEFAULT	64

enum cpu_mt_mode {
	CPU_MT_MODE_MC,
	CPU_MT_MODE_NT,
	CPU_MT_NR_MODES,
};

/* The copy_mode words; nt is offered on x86-64 only.  NULL-ended. */
static const char * const cpu_mt_mode_names[CPU_MT_NR_MODES + 1] = {
	[CPU_MT_MODE_MC] = "mc",
	[CPU_MT_MODE_NT] = CPU_MT_HAVE_NT ? "nt" : NULL,
};

/* One batch being copied; lives on the migrating thread's stack. */
struct cpu_mt_job {
	struct list_head *dst_list;
	struct list_head *src_list;
	unsigned long *copied;		/* cleared for every failed folio */
	unsigned int nr_folios;
	unsigned int chunk_shift;
	unsigned long nr_chunks;
	unsigned long bytes;
	bool nt;
	atomic_long_t next;		/* the next chunk to claim */
	atomic_t err;			/* the first error */
};

/* A thread's place in the batch: chunk numbers only grow. */
struct cpu_mt_cursor {
	struct folio *src;
	struct folio *dst;
	unsigned int idx;
	unsigned long first;		/* number of src's first chunk */
	unsigned long nr;		/* chunks of src */
};

/*
 * A worker's part in a batch (->state).  The migrating thread opens it
 * before queueing the work item; the worker copies one chunk at a time in
 * COPYING, with preemption disabled, and goes back to OPEN between chunks;
 * the migrating thread closes it when every chunk is claimed.  A worker
 * that finds it closed never touches the batch again, which lives on the
 * migrating thread's stack.  So the migrating thread waits for a worker
 * only while it copies its last chunk (microseconds: it cannot be
 * preempted), never for a worker that was preempted between chunks or has
 * not started: the scheduler slice of a busy CPU is never waited for.
 */
enum cpu_mt_worker_state {
	CPU_MT_W_CLOSED,
	CPU_MT_W_OPEN,
	CPU_MT_W_COPYING,
};

/*
 * A preallocated work item per CPU.  The migrating thread writes ->job,
 * ->queued_ns, ->cursor and ->entered under cpu_mt_lock, then opens
 * ->state with release semantics; the worker reads and writes them only in
 * COPYING, entered with a fully ordered cmpxchg(), so the migrating thread
 * sees its writes once it has closed ->state.  ->late, ->stamp, ->busy_*,
 * ->holdoff are hints, read and written with READ_ONCE()/WRITE_ONCE().
 */
struct cpu_mt_worker {
	struct work_struct work;
	int state;			/* enum cpu_mt_worker_state */
	struct cpu_mt_job *job;
	struct cpu_mt_cursor cursor;	/* the worker's place in the job */
	bool entered;			/* copied for this job */
	bool queued;			/* under cpu_mt_lock */
	u64 queued_ns;			/* ktime_get_ns(): one clock for all */
	unsigned long late;		/* bytes gone before it started */
	unsigned long stamp;		/* jiffies of that estimate */
	unsigned long busy_stamp;	/* jiffies when found busy */
	unsigned long busy_for;		/* left alone that long from then */
	unsigned long holdoff;		/* the next busy_for */
	u32 runs;			/* batches it copied for (debugfs) */
	char name[24];			/* of its debugfs file */
};

/* Serializes the use of the work items: one parallel batch at a time. */
static DEFINE_MUTEX(cpu_mt_lock);
static struct cpu_mt_worker *cpu_mt_workers;	/* nr_cpu_ids of them */
static struct workqueue_struct *cpu_mt_wq;
/* Where a batch's workers may go, its data's nodes first: cpu_mt_lock. */
static struct cpumask cpu_mt_near, cpu_mt_far;

/* Tunables: written by sysfs stores, read with READ_ONCE() by copies. */
static unsigned int cpu_mt_threads;
static unsigned int cpu_mt_chunk_kb = CPU_MT_CHUNK_KB_DEFAULT;
static unsigned int cpu_mt_mode = CPU_MT_MODE_MC;
static unsigned int cpu_mt_fail_chunk_every;
static bool cpu_mt_fail_flip_byte;	/* debugfs: corrupts memory */
static struct dentry *cpu_mt_debugfs;

static atomic_long_t cpu_mt_chunk_count;	/* for fail_chunk_every */

static struct migrator cpu_mt_migrator;

enum cpu_mt_stat {
	CPU_MT_WORKER_NS,
	CPU_MT_WORKER_CHUNKS,
	CPU_MT_CALLER_CHUNKS,
	CPU_MT_PARALLEL_BATCHES,
	CPU_MT_CANCELLED_WORKS,
	CPU_MT_SLEPT_WAITS,
	CPU_MT_START_8US,		/* queue to start, under 8 us */
	CPU_MT_START_32US,
	CPU_MT_START_128US,
	CPU_MT_START_512US,
	CPU_MT_START_2MS,
	CPU_MT_START_SLOWER,		/* 2 ms or more */
	CPU_MT_NR_STATS,
};

static atomic64_t cpu_mt_stats[CPU_MT_NR_STATS];

static void cpu_mt_stat_add(enum cpu_mt_stat item, s64 val)
{
	if (val)
		atomic64_add(val, &cpu_mt_stats[item]);
}

static void cpu_mt_cursor_init(struct cpu_mt_cursor *c,
			       struct cpu_mt_job *job)
{
	c->src = list_first_entry(job->src_list, struct folio, lru);
	c->dst = list_first_entry(job->dst_list, struct folio, lru);
	c->idx = 0;
	c->first = 0;
	c->nr = max(folio_size(c->src) >> job->chunk_shift, 1UL);
}

static void cpu_mt_cursor_next(struct cpu_mt_cursor *c,
			       struct cpu_mt_job *job)
{
	c->src = list_next_entry(c->src, lru);
	c->dst = list_next_entry(c->dst, lru);
	c->idx++;
	c->first += c->nr;
	c->nr = max(folio_size(c->src) >> job->chunk_shift, 1UL);
}

static void cpu_mt_fail_folio(struct cpu_mt_job *job, unsigned int idx,
			      int err)
{
	clear_bit(idx, job->copied);
	atomic_cmpxchg(&job->err, 0, err);
}

static bool cpu_mt_should_fail(void)
{
	unsigned int every = READ_ONCE(cpu_mt_fail_chunk_every);

	return every && !(atomic_long_inc_return(&cpu_mt_chunk_count) % every);
}

/* Copy chunk @n of the cursor's folio. */
static void cpu_mt_copy_chunk(struct cpu_mt_job *job, struct cpu_mt_cursor *c,
			      unsigned long n)
{
	size_t len = min(folio_size(c->src), 1UL << job->chunk_shift);
	size_t off = n * len;
	char *to = (char *)folio_address(c->dst) + off;
	const char *from = (const char *)folio_address(c->src) + off;

	if (unlikely(cpu_mt_should_fail())) {
		cpu_mt_fail_folio(job, c->idx, -EIO);
		return;
	}
	if (job->nt && folio_size(c->src) >= CPU_MT_NT_MIN_FOLIO) {
		cpu_mt_copy_nt(to, from, len);
		return;
	}
	/*
	 * A poisoned source fails its folio, unreported: the migration path's
	 * own copy of it reads the poison again and reports it, once.
	 */
	if (unlikely(copy_mc_to_kernel(to, from, len)))
		cpu_mt_fail_folio(job, c->idx, -EHWPOISON);
}

/*
 * Claim the next chunk and copy it, unless its folio has already failed.
 * Return false when no chunk was left.
 */
static bool cpu_mt_run_one(struct cpu_mt_job *job, struct cpu_mt_cursor *c)
{
	unsigned long chunk = atomic_long_inc_return(&job->next) - 1;

	if (chunk >= job->nr_chunks)
		return false;
	while (chunk >= c->first + c->nr)
		cpu_mt_cursor_next(c, job);
	if (test_bit(c->idx, job->copied))
		cpu_mt_copy_chunk(job, c, chunk - c->first);
	return true;
}

/* The migrating thread's part: chunks until none is left; how many. */
static unsigned long cpu_mt_run(struct cpu_mt_job *job)
{
	struct cpu_mt_cursor c;
	unsigned long done = 0;

	cpu_mt_cursor_init(&c, job);
	while (cpu_mt_run_one(job, &c))
		done++;
	if (job->nt && done)
		cpu_mt_nt_fence();
	return done;
}

/* Fold one sample of how late a worker on @w's CPU started into its estimate. */
static void cpu_mt_note_late(struct cpu_mt_worker *w, unsigned long late)
{
	unsigned long now = jiffies, est = READ_ONCE(w->late);

	if (now - READ_ONCE(w->stamp) > CPU_MT_SAMPLE_TTL)
		est = late;
	else
		est = est - est / 4 + late / 4;
	WRITE_ONCE(w->late, est);
	WRITE_ONCE(w->stamp, now);
}

/* @w's worker was preempted: leave its CPU alone, each time twice as long. */
static void cpu_mt_note_busy(struct cpu_mt_worker *w)
{
	unsigned long holdoff = READ_ONCE(w->holdoff);

	WRITE_ONCE(w->busy_stamp, jiffies);
	WRITE_ONCE(w->busy_for, holdoff);
	WRITE_ONCE(w->holdoff, min(2 * holdoff, CPU_MT_HOLDOFF_MAX));
}

/* The distribution of queue-to-start delays, for mco-bench --wakeups. */
static void cpu_mt_note_delay(u64 delay_ns)
{
	enum cpu_mt_stat item = CPU_MT_START_8US;
	u64 limit = 8 * NSEC_PER_USEC;

	while (delay_ns >= limit && item < CPU_MT_START_SLOWER) {
		item++;
		limit *= 4;
	}
	cpu_mt_stat_add(item, 1);
}

/* Copy the whole batch on this thread: no cursor, no atomics. */
static void cpu_mt_run_alone(struct cpu_mt_job *job)
{
	struct cpu_mt_cursor c;
	unsigned int i = 0;
	unsigned long n;

	cpu_mt_cursor_init(&c, job);
	for (;;) {
		for (n = 0; n < c.nr && test_bit(c.idx, job->copied); n++)
			cpu_mt_copy_chunk(job, &c, n);
		if (++i == job->nr_folios)
			break;
		/* Up to 128 MiB: let others run between folios. */
		cond_resched();
		cpu_mt_cursor_next(&c, job);
	}
	if (job->nt)
		cpu_mt_nt_fence();
}

/* Enter COPYING for one chunk, unless the batch is closed. */
static bool cpu_mt_worker_enter(struct cpu_mt_worker *w)
{
	preempt_disable();
	if (cmpxchg(&w->state, CPU_MT_W_OPEN, CPU_MT_W_COPYING) ==
	    CPU_MT_W_OPEN)
		return true;
	preempt_enable();
	return false;
}

static void cpu_mt_worker_leave(struct cpu_mt_worker *w)
{
	/* Pairs with cmpxchg() in cpu_mt_close_worker(). */
	smp_store_release(&w->state, CPU_MT_W_OPEN);
	preempt_enable();
}

/* The first chunk of this worker in this job: how late did it come? */
static void cpu_mt_worker_start(struct cpu_mt_worker *w,
				struct cpu_mt_job *job)
{
	unsigned long claimed = min_t(unsigned long,
				      atomic_long_read(&job->next),
				      job->nr_chunks);

	w->entered = true;
	cpu_mt_cursor_init(&w->cursor, job);
	cpu_mt_note_late(w, claimed * (job->bytes / job->nr_chunks));
	cpu_mt_note_delay(ktime_get_ns() - w->queued_ns);
	WRITE_ONCE(w->runs, w->runs + 1);
}

/*
 * Copy chunks of the open batch, one at a time in COPYING.  The batch may
 * be a later one than the one this item was queued for, when the migrating
 * thread of a later batch opened it again meanwhile: ->job says which.
 */
static void cpu_mt_work_fn(struct work_struct *work)
{
	struct cpu_mt_worker *w = container_of(work, struct cpu_mt_worker,
					       work);
	u64 start = local_clock();	/* a bound work item: this CPU's clock */
	struct cpu_mt_job *job;
	unsigned long done = 0;
	bool more;

	while (cpu_mt_worker_enter(w)) {
		job = w->job;
		if (!w->entered)
			cpu_mt_worker_start(w, job);
		more = cpu_mt_run_one(job, &w->cursor);
		/* Drain the movnti stores before the chunk counts as done. */
		if (more && job->nt)
			cpu_mt_nt_fence();
		cpu_mt_worker_leave(w);
		if (!more)
			break;
		done++;
	}
	cpu_mt_stat_add(CPU_MT_WORKER_CHUNKS, done);
	cpu_mt_stat_add(CPU_MT_WORKER_NS, local_clock() - start);
}

/* Is @w's CPU worth a worker with a share of @share bytes? */
static bool cpu_mt_cpu_fits(struct cpu_mt_worker *w, unsigned long share,
			    unsigned long now)
{
	if (now - READ_ONCE(w->busy_stamp) < READ_ONCE(w->busy_for))
		return false;
	if (now - READ_ONCE(w->stamp) > CPU_MT_SAMPLE_TTL)
		return true;
	return READ_ONCE(w->late) <= share;
}

/*
 * The CPUs this batch's workers may use: housekeeping CPUs for unbound
 * kernel work, as the workqueue's default unbound cpumask (HK_TYPE_WQ, which
 * nohz_full= takes CPUs from, and HK_TYPE_DOMAIN, which isolcpus= does),
 * that the migrating task may run on (its cpuset and affinity), online;
 * those of the source's and destination's nodes in cpu_mt_near, the others
 * in cpu_mt_far.
 */
static void cpu_mt_pick_cpus(struct cpu_mt_job *job)
{
	struct folio *src = list_first_entry(job->src_list, struct folio, lru);
	struct folio *dst = list_first_entry(job->dst_list, struct folio, lru);

	lockdep_assert_held(&cpu_mt_lock);
	cpumask_and(&cpu_mt_far, housekeeping_cpumask(HK_TYPE_WQ),
		    housekeeping_cpumask(HK_TYPE_DOMAIN));
	cpumask_and(&cpu_mt_far, &cpu_mt_far, current->cpus_ptr);
	cpumask_and(&cpu_mt_far, &cpu_mt_far, cpu_online_mask);
	cpumask_or(&cpu_mt_near, cpumask_of_node(folio_nid(src)),
		   cpumask_of_node(folio_nid(dst)));
	cpumask_and(&cpu_mt_near, &cpu_mt_near, &cpu_mt_far);
	cpumask_andnot(&cpu_mt_far, &cpu_mt_far, &cpu_mt_near);
}

static bool cpu_mt_queue_one(struct cpu_mt_job *job, int cpu,
			     unsigned long share, unsigned long now)
{
	struct cpu_mt_worker *w = &cpu_mt_workers[cpu];

	if (w->queued || !cpu_mt_cpu_fits(w, share, now))
		return false;
	w->job = job;
	w->entered = false;
	w->queued_ns = ktime_get_ns();
	/* Pairs with cmpxchg() in cpu_mt_worker_enter(). */
	smp_store_release(&w->state, CPU_MT_W_OPEN);
	w->queued = true;
	/* False when still running for an earlier batch: it takes this one. */
	queue_work_on(cpu, cpu_mt_wq, &w->work);
	return true;
}

/*
 * Queue up to @want workers on CPUs the batch may use, other than the
 * current one, nearest first, each scan starting after the current CPU so
 * that batches from different CPUs spread out.  Return how many were
 * queued.
 */
static unsigned int cpu_mt_queue_workers(struct cpu_mt_job *job,
					 unsigned int want)
{
	unsigned long share = job->bytes / (want + 1), now = jiffies;
	int self = raw_smp_processor_id(), cpu;
	unsigned int queued = 0;

	lockdep_assert_held(&cpu_mt_lock);
	cpu_mt_pick_cpus(job);
	for_each_cpu_wrap(cpu, &cpu_mt_near, self + 1) {
		if (queued == want)
			return queued;
		if (cpu != self)
			queued += cpu_mt_queue_one(job, cpu, share, now);
	}
	for_each_cpu_wrap(cpu, &cpu_mt_far, self + 1) {
		if (queued == want)
			break;
		if (cpu != self)
			queued += cpu_mt_queue_one(job, cpu, share, now);
	}
	return queued;
}

/*
 * Close @w's part in @job: from then on it does not touch the job.  A
 * worker in COPYING finishes its chunk within microseconds; if it takes
 * longer than CPU_MT_SPIN_NS its CPU was taken from it (a preempted vCPU),
 * so sleep until it is done, and leave the CPU alone for a while.
 */
static void cpu_mt_close_worker(struct cpu_mt_job *job,
				struct cpu_mt_worker *w)
{
	u64 deadline = ktime_get_ns() + CPU_MT_SPIN_NS;
	bool slept = false;

	lockdep_assert_held(&cpu_mt_lock);
	/* Not started: it would find nothing left to copy. */
	cancel_work(&w->work);
	while (cmpxchg(&w->state, CPU_MT_W_OPEN, CPU_MT_W_CLOSED) !=
	       CPU_MT_W_OPEN) {
		if (!slept && ktime_get_ns() > deadline) {
			/* It finds no chunk left after this one, and returns. */
			flush_work(&w->work);
			cpu_mt_note_busy(w);
			cpu_mt_stat_add(CPU_MT_SLEPT_WAITS, 1);
			slept = true;
		}
		cpu_relax();
	}
	w->queued = false;
	if (!w->entered) {
		/* Too late to copy anything: as late as the whole batch. */
		cpu_mt_note_late(w, job->bytes);
		cpu_mt_stat_add(CPU_MT_CANCELLED_WORKS, 1);
	} else if (!slept) {
		/* It finished in time: its CPU is not busy. */
		WRITE_ONCE(w->holdoff, CPU_MT_HOLDOFF);
	}
}

/* The migrating thread has claimed the last chunk: close every worker. */
static void cpu_mt_close_workers(struct cpu_mt_job *job)
{
	unsigned int cpu;

	lockdep_assert_held(&cpu_mt_lock);
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cpu_mt_workers[cpu].queued)
			cpu_mt_close_worker(job, &cpu_mt_workers[cpu]);
}

/* Count the chunks and bytes of a batch; return how many threads to use. */
static unsigned int cpu_mt_plan(struct cpu_mt_job *job)
{
	unsigned int threads = READ_ONCE(cpu_mt_threads);
	struct folio *src;
	unsigned int i = 0;

	list_for_each_entry(src, job->src_list, lru) {
		if (i++ == job->nr_folios)
			break;
		job->bytes += folio_size(src);
		job->nr_chunks += max(folio_size(src) >> job->chunk_shift, 1UL);
	}
	return min(min((unsigned long)threads, job->nr_chunks),
		   max(job->bytes / CPU_MT_MIN_SHARE, 1UL));
}

static void cpu_mt_flip_byte(struct cpu_mt_job *job)
{
	struct folio *dst = list_first_entry(job->dst_list, struct folio, lru);
	char *p = (char *)folio_address(dst) + folio_size(dst) / 2;

	if (test_bit(0, job->copied))
		*p ^= 0x5a;
}

static int cpu_mt_copy(const struct migrate_offload_batch *batch)
{
	struct cpu_mt_job job = {
		.dst_list = batch->dst,
		.src_list = batch->src,
		.copied = batch->copied,
		.nr_folios = batch->nr_folios,
		.chunk_shift = ilog2(READ_ONCE(cpu_mt_chunk_kb)) + 10,
		.nt = CPU_MT_HAVE_NT &&
		      READ_ONCE(cpu_mt_mode) == CPU_MT_MODE_NT,
	};
	unsigned int threads, queued = 0;

	/* Every folio is copied unless a thread clears its bit. */
	bitmap_fill(batch->copied, batch->nr_folios);
	threads = cpu_mt_plan(&job);
	/* Another batch has the workers: copy this one alone. */
	if (threads > 1 && mutex_trylock(&cpu_mt_lock)) {
		queued = cpu_mt_queue_workers(&job, threads - 1);
		if (!queued)
			mutex_unlock(&cpu_mt_lock);
	}
	if (queued) {
		cpu_mt_stat_add(CPU_MT_CALLER_CHUNKS, cpu_mt_run(&job));
		cpu_mt_close_workers(&job);
		mutex_unlock(&cpu_mt_lock);
		cpu_mt_stat_add(CPU_MT_PARALLEL_BATCHES, 1);
	} else {
		/* No counter here: this path is as short as the plain copy. */
		cpu_mt_run_alone(&job);
	}
	if (IS_ENABLED(CONFIG_MIGRATION_COPY_OFFLOAD_DEBUG) &&
	    unlikely(READ_ONCE(cpu_mt_fail_flip_byte)))
		cpu_mt_flip_byte(&job);
	return atomic_read(&job.err);
}

static int cpu_mt_enable(void)
{
	atomic_long_set(&cpu_mt_chunk_count, 0);
	return 0;
}

/* threads: 1 .. online CPUs (the bound moves with hotplug: checked here). */
static int cpu_mt_set_threads(unsigned int val)
{
	if (val > num_online_cpus())
		return -EINVAL;
	WRITE_ONCE(cpu_mt_threads, val);
	return 0;
}

/* chunk_kb: a power of two, so that chunks tile every folio. */
static int cpu_mt_set_chunk_kb(unsigned int val)
{
	if (!is_power_of_2(val))
		return -EINVAL;
	WRITE_ONCE(cpu_mt_chunk_kb, val);
	return 0;
}

/* copy_mode: nt's movnti loads are not machine-check safe. */
static int cpu_mt_set_mode(unsigned int val)
{
	WRITE_ONCE(cpu_mt_mode, val);
	WRITE_ONCE(cpu_mt_migrator.mc_safe, val == CPU_MT_MODE_MC);
	return 0;
}

/* fail_chunk_every: count chunks afresh from the write. */
static int cpu_mt_set_fail_chunk_every(unsigned int val)
{
	atomic_long_set(&cpu_mt_chunk_count, 0);
	WRITE_ONCE(cpu_mt_fail_chunk_every, val);
	return 0;
}

static MIGRATE_OFFLOAD_UINT_ATTR(threads_attr, threads, &cpu_mt_threads,
				 1, UINT_MAX, cpu_mt_set_threads);
static MIGRATE_OFFLOAD_UINT_ATTR(chunk_kb_attr, chunk_kb, &cpu_mt_chunk_kb,
				 CPU_MT_CHUNK_KB_MIN, CPU_MT_CHUNK_KB_MAX,
				 cpu_mt_set_chunk_kb);
static MIGRATE_OFFLOAD_CHOICE_ATTR(copy_mode_attr, copy_mode, &cpu_mt_mode,
				   cpu_mt_mode_names, cpu_mt_set_mode);
static MIGRATE_OFFLOAD_UINT_ATTR(fail_chunk_every_attr, fail_chunk_every,
				 &cpu_mt_fail_chunk_every, 0, UINT_MAX,
				 cpu_mt_set_fail_chunk_every);

/* The counters: a number each; writing 0 resets one, as the core's. */
static MIGRATE_OFFLOAD_COUNTER_ATTR(worker_ns_attr, worker_ns,
				    &cpu_mt_stats[CPU_MT_WORKER_NS]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(worker_chunks_attr, worker_chunks,
				    &cpu_mt_stats[CPU_MT_WORKER_CHUNKS]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(caller_chunks_attr, caller_chunks,
				    &cpu_mt_stats[CPU_MT_CALLER_CHUNKS]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(parallel_batches_attr, parallel_batches,
				    &cpu_mt_stats[CPU_MT_PARALLEL_BATCHES]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(cancelled_works_attr, cancelled_works,
				    &cpu_mt_stats[CPU_MT_CANCELLED_WORKS]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(slept_waits_attr, slept_waits,
				    &cpu_mt_stats[CPU_MT_SLEPT_WAITS]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(start_8us_attr, start_under_8us,
				    &cpu_mt_stats[CPU_MT_START_8US]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(start_32us_attr, start_under_32us,
				    &cpu_mt_stats[CPU_MT_START_32US]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(start_128us_attr, start_under_128us,
				    &cpu_mt_stats[CPU_MT_START_128US]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(start_512us_attr, start_under_512us,
				    &cpu_mt_stats[CPU_MT_START_512US]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(start_2ms_attr, start_under_2ms,
				    &cpu_mt_stats[CPU_MT_START_2MS]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(start_slower_attr, start_slower,
				    &cpu_mt_stats[CPU_MT_START_SLOWER]);

static struct attribute *cpu_mt_attrs[] = {
	&threads_attr.kattr.attr,
	&chunk_kb_attr.kattr.attr,
	&copy_mode_attr.kattr.attr,
	&worker_ns_attr.kattr.attr,
	&worker_chunks_attr.kattr.attr,
	&caller_chunks_attr.kattr.attr,
	&parallel_batches_attr.kattr.attr,
	&cancelled_works_attr.kattr.attr,
	&slept_waits_attr.kattr.attr,
	&start_8us_attr.kattr.attr,
	&start_32us_attr.kattr.attr,
	&start_128us_attr.kattr.attr,
	&start_512us_attr.kattr.attr,
	&start_2ms_attr.kattr.attr,
	&start_slower_attr.kattr.attr,
	&fail_chunk_every_attr.kattr.attr,
	NULL,
};

static const struct attribute_group cpu_mt_attr_group = {
	.attrs = cpu_mt_attrs,
};

static struct migrator cpu_mt_migrator = {
	.name = "cpu_mt",
	.copy = cpu_mt_copy,
	.enable = cpu_mt_enable,
	.default_reasons = MIGRATE_OFFLOAD_REASONS_DEFAULT,
	.min_batch = CPU_MT_MIN_BATCH,
	.mc_safe = true,			/* copy_mode mc */
	.attr_group = &cpu_mt_attr_group,
};

/*
 * works_cpu<N>: the work items run on CPU N, so that a test can prove that
 * an isolated CPU, or one outside the migrating task's cpuset, never ran
 * one.  A bound work item runs on its CPU unless that CPU goes offline.
 */
static void __init cpu_mt_debugfs_runs(void)
{
	struct cpu_mt_worker *w;
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		w = &cpu_mt_workers[cpu];
		snprintf(w->name, sizeof(w->name), "works_cpu%u", cpu);
		debugfs_create_u32(w->name, 0400, cpu_mt_debugfs, &w->runs);
	}
}

static int __init cpu_mt_init(void)
{
	unsigned int cpu;
	int ret;

	cpu_mt_threads = min(CPU_MT_THREADS_DEFAULT, num_online_cpus());
	cpu_mt_workers = kcalloc(nr_cpu_ids, sizeof(*cpu_mt_workers),
				 GFP_KERNEL);
	if (!cpu_mt_workers)
		return -ENOMEM;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		INIT_WORK(&cpu_mt_workers[cpu].work, cpu_mt_work_fn);
		cpu_mt_workers[cpu].holdoff = CPU_MT_HOLDOFF;
	}
	cpu_mt_wq = alloc_workqueue("mco_cpu_mt", WQ_MEM_RECLAIM, 0);
	if (!cpu_mt_wq) {
		ret = -ENOMEM;
		goto free_workers;
	}
	if (IS_ENABLED(CONFIG_MIGRATION_COPY_OFFLOAD_DEBUG)) {
		cpu_mt_debugfs = migrate_offload_debugfs_dir("cpu_mt");
		debugfs_create_bool("fail_flip_byte", 0600, cpu_mt_debugfs,
				    &cpu_mt_fail_flip_byte);
		cpu_mt_debugfs_runs();
	}
	ret = migrate_offload_register(&cpu_mt_migrator);
	if (ret)
		goto remove_debugfs;
	return 0;

remove_debugfs:
	debugfs_remove(cpu_mt_debugfs);
	destroy_workqueue(cpu_mt_wq);
free_workers:
	kfree(cpu_mt_workers);
	return ret;
}

static void __exit cpu_mt_exit(void)
{
	migrate_offload_unregister(&cpu_mt_migrator);
	debugfs_remove(cpu_mt_debugfs);
	destroy_workqueue(cpu_mt_wq);
	kfree(cpu_mt_workers);
}

module_init(cpu_mt_init);
module_exit(cpu_mt_exit);
MODULE_ALIAS_MIGRATOR("cpu_mt");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Migration copy offload: multithreaded CPU copy");
