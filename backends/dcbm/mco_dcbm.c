// SPDX-License-Identifier: GPL-2.0-only
/*
 * dcbm: copy page migration batches with DMAEngine memcpy channels.
 *
 * Channels are requested by capability (DMA_MEMCPY) when dcbm is selected
 * or nr_dma_chan changes, and released when it is deselected or unloaded:
 * never per batch.  A batch takes one channel per kb_per_chan KiB of data,
 * up to nr_dma_chan, with mutex_trylock() only: a batch never waits for a
 * channel.  One that finds no free channel returns at once and leaves its
 * folios to the CPU (busy_fallbacks); concurrent batches copy on disjoint
 * channels in parallel.  A batch is split over its channels by base pages,
 * so a THP can use several; each descriptor is capped at what the
 * channel's device can map and take (dma_max_mapping_size(),
 * dma_get_max_seg_size()), splitting folios as needed, and is mapped on
 * its own (source and destination).  A batch owns its channels since
 * terminating a channel aborts all its descriptors.
 *
 * Each channel's share completes when every one of its descriptors has
 * reported success; a channel whose share failed or did not complete
 * within timeout_ms is terminated (dmaengine_terminate_sync()) before
 * anything is unmapped, and its folios are left to the CPU.  The folios
 * of the channels that completed count as copied.
 *
 * A channel that timed out or reported an error result is quarantined: no
 * batch takes it.  A work item releases it and requests a replacement
 * (resets); a channel that fails again before any success is given up.
 * When no channel is left, the work item deselects dcbm with
 * migrate_offload_retire() and offload reverts to none.
 *
 * Liveness requires of the provider that dmaengine_terminate_sync()
 * returns: it is called with the batch's folios unmapped and locked.  A
 * batch otherwise waits at most timeout_ms for its channels.
 *
 *   /sys/kernel/mm/migrate_offload/dcbm/nr_dma_chan  channels wanted, 1..16
 *   /sys/kernel/mm/migrate_offload/dcbm/kb_per_chan  data a batch needs
 *                          per channel it takes, in KiB, 4..65536
 *   /sys/kernel/mm/migrate_offload/dcbm/timeout_ms   wait per batch, 10..5000
 *   /sys/kernel/mm/migrate_offload/dcbm/channels     channels held, one per
 *                          line: state, batches, bytes, errors, timeouts,
 *                          resets
 *   /sys/kernel/mm/migrate_offload/dcbm/{batches,bytes,dma_errors,timeouts,
 *                          resets,busy_fallbacks}
 *                          totals since load; writing 0 resets one
 *
 * The copy path allocates with GFP_NOWAIT only (migration runs from
 * kswapd) and falls back to the CPU when that fails.
 */
#define pr_fmt(fmt) "mco_dcbm: " fmt

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/migrator.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/srcu.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>

/* Engines have a handful of channels; 16 covers two DSA devices. */
#define DCBM_MAX_CHANNELS	16

/*
 * A timeout quarantines the channel, so it must not fire on a healthy
 * engine that was merely scheduled late: 10 ms at least.  The largest
 * batch (32768 base pages, 128 MiB) takes about 130 ms on one channel at
 * 1 GB/s; 5 s leaves a wide margin and, since no batch ever waits for a
 * channel, keeps any migration far below the hung task warning.
 */
#define DCBM_MIN_TIMEOUT_MS	10
#define DCBM_MAX_TIMEOUT_MS	5000

/*
 * A channel's share of a batch should dwarf the channel's fixed cost
 * (prepare, submit, an interrupt, a wakeup: microseconds): 256 KiB by
 * default, so a 2 MiB THP takes up to eight channels and a handful of
 * base pages one.  From a page to 64 MiB.
 */
#define DCBM_KB_PER_CHAN	256
#define DCBM_MAX_KB_PER_CHAN	65536

/*
 * A channel that fails twice with no success in between is given up: its
 * replacement, most likely the same hardware, failed too.
 */
#define DCBM_MAX_STRIKES	2

/*
 * The smallest batch worth a DMA round trip (map, prepare, submit, an
 * interrupt, unmap): one PMD-sized THP, 2 MiB with 4 KiB pages.  The CPU
 * copies a few base pages in microseconds, and a migration of a handful
 * of folios wants latency more than bandwidth.
 */
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
#define DCBM_MIN_BATCH		HPAGE_PMD_NR
#else
#define DCBM_MIN_BATCH		((2U << 20) >> PAGE_SHIFT)
#endif

/*
 * The bulk movers, without NUMA hinting faults: those migrate one folio
 * per fault, from the fault path, where a DMA round trip only adds
 * latency.
 */
#define DCBM_REASONS_DEFAULT	\
	(MIGRATE_OFFLOAD_REASONS_DEFAULT & ~BIT(MR_NUMA_MISPLACED))

/* Per channel, and in total. */
enum dcbm_stat {
	DCBM_BATCHES,
	DCBM_BYTES,
	DCBM_ERRORS,
	DCBM_TIMEOUTS,
	DCBM_RESETS,
	DCBM_NR_STATS,
};

/* One descriptor: a folio, or a chunk of a large one. */
struct dcbm_xfer {
	struct folio *src;
	struct folio *dst;
	unsigned int folio;		/* index in the batch */
	unsigned int pgoff;		/* first page in the folio */
	size_t len;
	dma_addr_t src_addr;
	dma_addr_t dst_addr;
	bool src_mapped;
	bool dst_mapped;
};

/*
 * Descriptors a channel takes per batch without allocating: all of a
 * default batch (512 base pages) on one channel.
 */
#define DCBM_PREALLOC_XFERS	512

/* One channel's share of a batch. */
struct dcbm_run {
	struct completion done;
	atomic_t pending;	/* descriptors not completed, plus one */
	bool dma_error;		/* a descriptor completed with an error */
	int error;		/* set-up error or the outcome of the wait */
	bool engine_failed;	/* timed out or reported an error result */
	bool issued;		/* descriptors reached the engine */
	unsigned int nr;	/* descriptors in xfers[] */
	u64 bytes;
	struct dcbm_xfer *xfers;	/* ->prealloc, or allocated if bigger */
};

enum dcbm_chan_state {
	DCBM_CHAN_OK,		/* batches may take it */
	DCBM_CHAN_QUARANTINED,	/* failed; waits for dcbm_reset_work */
	DCBM_CHAN_DEAD,		/* given up: no DMA channel held */
};

static const char * const dcbm_chan_state_names[] = {
	[DCBM_CHAN_OK] = "ok",
	[DCBM_CHAN_QUARANTINED] = "quarantined",
	[DCBM_CHAN_DEAD] = "dead",
};

/*
 * A channel slot of dcbm, with its own counters and the state of the
 * batch that owns it.  A batch owns the channels it copies with, under
 * ->lock (taken with mutex_trylock() only), from its first mapping to its
 * last unmap: terminating a channel aborts every descriptor on it,
 * prepared or submitted, so no other batch may have any there.  Owning
 * the channel also gives the batch ->run and ->prealloc, so that a batch
 * of up to DCBM_PREALLOC_XFERS descriptors a channel allocates nothing.
 *
 * ->state is written under ->lock and read under it by batches (and with
 * READ_ONCE() as a hint before the trylock).  ->chan, ->max_pages and
 * ->strikes change under ->lock, ->chan and ->max_pages only from
 * dcbm_reset_work with dcbm_lock also held, so the channels file reads
 * them under dcbm_lock.
 */
struct dcbm_chan {
	struct dma_chan *chan;		/* NULL once dead */
	struct mutex lock;		/* owned by one batch at a time */
	unsigned int state;		/* enum dcbm_chan_state */
	unsigned int strikes;		/* failures since the last success */
	unsigned long max_pages;	/* the longest descriptor */
	atomic64_t stats[DCBM_NR_STATS];
	struct dcbm_run run;
	struct dcbm_xfer *prealloc;
};

/*
 * The channels in use: replaced whole, freed after an SRCU grace period.
 * A new set shares the slots it keeps with the old one, at the same
 * positions.
 */
struct dcbm_chans {
	unsigned int nr;
	struct dcbm_chan *chans[] __counted_by(nr);
};

/*
 * Locking.  dcbm_lock serializes enable, disable, the nr_dma_chan store
 * and dcbm_reset_work; it protects dcbm_enabled, dcbm_gen and
 * dcbm_retire_gen and orders every write of dcbm_active.  A copy reads
 * dcbm_active inside an SRCU read-side section of dcbm_srcu (the core's
 * own SRCU already keeps the module alive); a
 * writer that replaces the channel set waits for those copies before it
 * releases the channels that the new set does not keep.  dcbm_lock nests
 * outside each channel's ->lock and inside the core's locks (enable and
 * disable run under them).  The tunables are single words read with
 * READ_ONCE().
 */
static DEFINE_MUTEX(dcbm_lock);
static bool dcbm_enabled;
/* Selections of dcbm, and the one the reset work found every channel dead. */
static unsigned long dcbm_gen, dcbm_retire_gen;
static struct dcbm_chans __rcu *dcbm_active;
DEFINE_STATIC_SRCU(dcbm_srcu);

/* Resets quarantined channels; retires dcbm when none is left. */
static struct workqueue_struct *dcbm_wq;
static struct work_struct dcbm_reset_work;

/* Enough channels that a THP is copied four ways. */
static unsigned int dcbm_nr_dma_chan = 4;
static unsigned int dcbm_kb_per_chan = DCBM_KB_PER_CHAN;
static unsigned int dcbm_timeout_ms = 1000;

static atomic64_t dcbm_totals[DCBM_NR_STATS];
/* Batches that found no free channel: all their folios fell back. */
static atomic64_t dcbm_busy_fallbacks;

static struct migrator dcbm_migrator;

/* The channels a batch owns, and their runs: on the stack. */
struct dcbm_batch {
	struct dcbm_chan *own[DCBM_MAX_CHANNELS];
	unsigned int nr_own;	/* every owned channel has a share */
};

static unsigned long long dcbm_stat_read(atomic64_t *stat)
{
	return (unsigned long long)atomic64_read(stat);
}

static void dcbm_count(struct dcbm_chan *dc, enum dcbm_stat item, u64 val)
{
	atomic64_add(val, &dc->stats[item]);
	atomic64_add(val, &dcbm_totals[item]);
}

/* The channels a batch of @nr_pages wants: one per kb_per_chan KiB. */
static unsigned int dcbm_chans_wanted(struct dcbm_chans *set,
				      unsigned long nr_pages)
{
	unsigned long per_chan = (unsigned long)READ_ONCE(dcbm_kb_per_chan) << 10;
	unsigned long want = DIV_ROUND_UP(nr_pages << PAGE_SHIFT, per_chan);

	return min_t(unsigned long, want, set->nr);
}

/*
 * Own up to @want healthy channels that no other batch owns, first ones
 * first, without waiting for any.  Return the number owned, in @own.
 */
static unsigned int dcbm_own_chans(struct dcbm_chans *set, unsigned int want,
				   struct dcbm_chan **own)
{
	unsigned int i, n = 0;

	for (i = 0; i < set->nr && n < want; i++) {
		struct dcbm_chan *dc = set->chans[i];

		if (READ_ONCE(dc->state) != DCBM_CHAN_OK ||
		    !mutex_trylock(&dc->lock))
			continue;
		if (dc->state != DCBM_CHAN_OK) {
			mutex_unlock(&dc->lock);
			continue;
		}
		own[n++] = dc;
	}
	return n;
}

static void dcbm_disown_chans(struct dcbm_chan **own, unsigned int n)
{
	while (n--)
		mutex_unlock(&own[n]->lock);
}

/* Runs on the engine's completion path: no sleeping, no allocation. */
static void dcbm_callback(void *param, const struct dmaengine_result *res)
{
	struct dcbm_run *run = param;

	if (res && (res->result != DMA_TRANS_NOERROR || res->residue)) {
		WRITE_ONCE(run->dma_error, true);
		complete(&run->done);
		return;
	}
	if (atomic_dec_and_test(&run->pending))
		complete(&run->done);
}

static struct dcbm_run *dcbm_run(struct dcbm_batch *b, unsigned int i)
{
	return &b->own[i]->run;
}

/*
 * Split the batch over the owned channels by base pages: each channel
 * takes up to an equal share of consecutive pages, so a large folio may be
 * split into chunks on several channels, and no descriptor is longer than
 * its channel's max_pages.  Without @fill, only count each run's
 * descriptors into ->nr; with it, also describe them in ->xfers.
 */
static void dcbm_split(struct dcbm_batch *b,
		       const struct migrate_offload_batch *batch,
		       unsigned long share, bool fill)
{
	unsigned long filled = 0;
	unsigned int i = 0, c = 0;
	struct folio *src, *dst;

	dst = list_first_entry(batch->dst, struct folio, lru);
	list_for_each_entry(src, batch->src, lru) {
		unsigned long off = 0, pages = folio_nr_pages(src);

		if (i == batch->nr_folios)
			break;
		while (off < pages) {
			struct dcbm_chan *dc = b->own[c];
			struct dcbm_run *run = &dc->run;
			unsigned long take = min(pages - off, share - filled);

			take = min(take, dc->max_pages);
			if (fill) {
				struct dcbm_xfer *x = &run->xfers[run->nr];

				x->src = src;
				x->dst = dst;
				x->folio = i;
				x->pgoff = off;
				x->len = take << PAGE_SHIFT;
				run->bytes += x->len;
			}
			run->nr++;
			off += take;
			filled += take;
			if (filled == share && c + 1 < b->nr_own) {
				c++;
				filled = 0;
			}
		}
		dst = list_next_entry(dst, lru);
		i++;
	}
}

static void dcbm_free_xfers(struct dcbm_batch *b)
{
	unsigned int i;

	for (i = 0; i < b->nr_own; i++) {
		struct dcbm_run *run = dcbm_run(b, i);

		if (run->xfers != b->own[i]->prealloc)
			kfree(run->xfers);
	}
}

/*
 * Describe the batch in the runs of the owned channels.  A run with more
 * descriptors than its channel preallocated gets an array with GFP_NOWAIT:
 * migration may run in reclaim.  Return 0, or -ENOMEM.
 */
static int dcbm_prepare(struct dcbm_batch *b,
			const struct migrate_offload_batch *batch)
{
	unsigned long share = DIV_ROUND_UP(batch->nr_pages, b->nr_own);
	unsigned int i;

	for (i = 0; i < b->nr_own; i++) {
		struct dcbm_run *run = dcbm_run(b, i);

		memset(run, 0, sizeof(*run));
		run->xfers = b->own[i]->prealloc;
	}

	dcbm_split(b, batch, share, false);
	for (i = 0; i < b->nr_own; i++) {
		struct dcbm_run *run = dcbm_run(b, i);

		if (run->nr > DCBM_PREALLOC_XFERS) {
			run->xfers = kcalloc(run->nr, sizeof(*run->xfers),
					     GFP_NOWAIT | __GFP_NOWARN);
			if (!run->xfers) {
				run->xfers = b->own[i]->prealloc;
				dcbm_free_xfers(b);
				return -ENOMEM;
			}
		} else {
			memset(run->xfers, 0, run->nr * sizeof(*run->xfers));
		}
		run->nr = 0;
	}
	dcbm_split(b, batch, share, true);
	return 0;
}

static int dcbm_map(struct device *dev, struct dcbm_xfer *x)
{
	x->src_addr = dma_map_page(dev, folio_page(x->src, x->pgoff), 0,
				   x->len, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, x->src_addr))
		return -ENOMEM;
	x->src_mapped = true;
	x->dst_addr = dma_map_page(dev, folio_page(x->dst, x->pgoff), 0,
				   x->len, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, x->dst_addr))
		return -ENOMEM;
	x->dst_mapped = true;
	return 0;
}

/*
 * Map, prepare and submit one channel's descriptors, then issue them.  On
 * an error nothing is issued; what was submitted is terminated later, with
 * the channels that failed on the engine.
 */
static void dcbm_run_start(struct dcbm_chan *dc)
{
	struct device *dev = dmaengine_get_dma_device(dc->chan);
	struct dma_async_tx_descriptor *tx;
	struct dcbm_run *run = &dc->run;
	unsigned int i;
	int ret = 0;

	init_completion(&run->done);
	atomic_set(&run->pending, 1);
	dcbm_count(dc, DCBM_BATCHES, 1);
	for (i = 0; i < run->nr; i++) {
		struct dcbm_xfer *x = &run->xfers[i];

		ret = dcbm_map(dev, x);
		if (ret) {
			pr_warn_once("%s: cannot map %zu bytes: the CPU copies\n",
				     dma_chan_name(dc->chan), x->len);
			break;
		}
		tx = dmaengine_prep_dma_memcpy(dc->chan, x->dst_addr,
					       x->src_addr, x->len,
					       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
		if (!tx) {
			pr_warn_once("%s: cannot prepare a %zu-byte memcpy: the CPU copies\n",
				     dma_chan_name(dc->chan), x->len);
			ret = -EIO;
			break;
		}
		tx->callback_result = dcbm_callback;
		tx->callback_param = run;
		atomic_inc(&run->pending);
		if (dma_submit_error(dmaengine_submit(tx))) {
			atomic_dec(&run->pending);
			ret = -EIO;
			break;
		}
	}
	if (ret) {
		run->error = ret;
		return;
	}
	run->issued = true;
	dma_async_issue_pending(dc->chan);
	/* Drop the bias: the last descriptor, or this, completes the run. */
	if (atomic_dec_and_test(&run->pending))
		complete(&run->done);
}

/* Wait for a started run until @deadline; set run->error on failure. */
static void dcbm_run_wait(struct dcbm_run *run, unsigned long deadline)
{
	long left = (long)(deadline - jiffies);
	bool done;

	if (!run->issued)
		return;
	if (left > 0)
		done = wait_for_completion_timeout(&run->done, left);
	else
		done = completion_done(&run->done);
	if (!done)
		run->error = -ETIMEDOUT;
	else if (READ_ONCE(run->dma_error))
		run->error = -EIO;
	run->engine_failed = run->error;
}

/* Unmap every mapping, last mapped first; the engines are stopped. */
static void dcbm_unmap(struct dcbm_batch *b)
{
	unsigned int c = b->nr_own;

	while (c--) {
		struct device *dev = dmaengine_get_dma_device(b->own[c]->chan);
		struct dcbm_run *run = dcbm_run(b, c);
		unsigned int i = run->nr;

		while (i--) {
			struct dcbm_xfer *x = &run->xfers[i];

			if (x->dst_mapped)
				dma_unmap_page(dev, x->dst_addr, x->len,
					       DMA_FROM_DEVICE);
			if (x->src_mapped)
				dma_unmap_page(dev, x->src_addr, x->len,
					       DMA_TO_DEVICE);
		}
	}
}

/*
 * Count the outcome of one channel's run.  A channel that timed out or
 * reported an error result is quarantined, still owned by the batch, so
 * that no later batch takes it; return whether it was.
 */
static bool dcbm_run_account(struct dcbm_chan *dc)
{
	struct dcbm_run *run = &dc->run;

	if (!run->error) {
		dc->strikes = 0;
		dcbm_count(dc, DCBM_BYTES, run->bytes);
		return false;
	}
	dcbm_count(dc, run->error == -ETIMEDOUT ? DCBM_TIMEOUTS : DCBM_ERRORS,
		   1);
	if (!run->engine_failed)
		return false;
	dc->strikes++;
	WRITE_ONCE(dc->state, DCBM_CHAN_QUARANTINED);
	return true;
}

/*
 * Set the bit of every folio whose descriptors all belong to runs that
 * completed; count the outcome of each run, and queue the reset of the
 * channels it quarantined.  Return 0, -ETIMEDOUT when a run timed out, or
 * the error of a failed run.
 */
static int dcbm_finish(struct dcbm_batch *b, unsigned long *copied)
{
	bool quarantined = false;
	unsigned int c, i;
	int ret = 0;

	for (c = 0; c < b->nr_own; c++) {
		struct dcbm_run *run = dcbm_run(b, c);

		for (i = 0; !run->error && i < run->nr; i++)
			__set_bit(run->xfers[i].folio, copied);
	}
	for (c = 0; c < b->nr_own; c++) {
		struct dcbm_run *run = dcbm_run(b, c);

		for (i = 0; run->error && i < run->nr; i++)
			__clear_bit(run->xfers[i].folio, copied);
	}

	for (c = 0; c < b->nr_own; c++) {
		struct dcbm_run *run = dcbm_run(b, c);

		if (dcbm_run_account(b->own[c]))
			quarantined = true;
		if (run->error == -ETIMEDOUT)
			ret = -ETIMEDOUT;
		else if (run->error && !ret)
			ret = run->error;
	}
	if (quarantined)
		queue_work_on(raw_smp_processor_id(), dcbm_wq,
			      &dcbm_reset_work);
	return ret;
}

static int dcbm_copy(const struct migrate_offload_batch *batch)
{
	unsigned long deadline;
	struct dcbm_chans *set;
	struct dcbm_batch b;
	unsigned int i;
	int idx, ret;

	idx = srcu_read_lock(&dcbm_srcu);
	set = srcu_dereference(dcbm_active, &dcbm_srcu);
	if (!set || !batch->nr_pages) {
		ret = -ENODEV;
		goto out_unlock;
	}
	b.nr_own = dcbm_own_chans(set, dcbm_chans_wanted(set, batch->nr_pages),
				  b.own);
	if (!b.nr_own) {
		/* The CPU copies now, rather than wait for an engine. */
		atomic64_inc(&dcbm_busy_fallbacks);
		ret = -EBUSY;
		goto out_unlock;
	}
	ret = dcbm_prepare(&b, batch);
	if (ret)
		goto out_disown;

	deadline = jiffies + msecs_to_jiffies(READ_ONCE(dcbm_timeout_ms));
	for (i = 0; i < b.nr_own; i++)
		dcbm_run_start(b.own[i]);
	for (i = 0; i < b.nr_own; i++)
		dcbm_run_wait(dcbm_run(&b, i), deadline);
	/* Stop every engine that may still touch the memory, then unmap. */
	for (i = 0; i < b.nr_own; i++)
		if (dcbm_run(&b, i)->error)
			dmaengine_terminate_sync(b.own[i]->chan);
	dcbm_unmap(&b);
	ret = dcbm_finish(&b, batch->copied);
	dcbm_free_xfers(&b);
out_disown:
	dcbm_disown_chans(b.own, b.nr_own);
out_unlock:
	srcu_read_unlock(&dcbm_srcu, idx);
	return ret;
}

/* The longest descriptor that @chan's device can map and take, in pages. */
static unsigned long dcbm_max_pages(struct dma_chan *chan)
{
	struct device *dev = dmaengine_get_dma_device(chan);
	size_t max = min_t(size_t, dma_get_max_seg_size(dev),
			   dma_max_mapping_size(dev));

	if (max < PAGE_SIZE) {
		pr_warn_once("%s: DMA limit of %zu bytes is below a page\n",
			     dma_chan_name(chan), max);
		return 1;
	}
	return max >> PAGE_SHIFT;
}

/* Give @dc a DMA memcpy channel; return 0 or -ENODEV. */
static int dcbm_chan_attach(struct dcbm_chan *dc)
{
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	chan = dma_request_chan_by_mask(&mask);
	if (IS_ERR(chan))
		return -ENODEV;
	dc->chan = chan;
	dc->max_pages = dcbm_max_pages(chan);
	return 0;
}

static void dcbm_chan_free(struct dcbm_chan *dc)
{
	if (dc->chan)
		dma_release_channel(dc->chan);
	mutex_destroy(&dc->lock);
	kvfree(dc->prealloc);
	kfree(dc);
}

/* Release the channels of @set from position @from on; no batch owns one. */
static void dcbm_release_chans(struct dcbm_chans *set, unsigned int from)
{
	unsigned int i;

	for (i = from; i < set->nr; i++)
		dcbm_chan_free(set->chans[i]);
}

static struct dcbm_chan *dcbm_chan_request(void)
{
	struct dcbm_chan *dc;

	dc = kzalloc(sizeof(*dc), GFP_KERNEL);
	if (!dc)
		return NULL;
	dc->prealloc = kvcalloc(DCBM_PREALLOC_XFERS, sizeof(*dc->prealloc),
				GFP_KERNEL);
	if (!dc->prealloc)
		goto err_free;
	if (dcbm_chan_attach(dc))
		goto err_free_prealloc;
	mutex_init(&dc->lock);
	return dc;

err_free_prealloc:
	kvfree(dc->prealloc);
err_free:
	kfree(dc);
	return NULL;
}

/*
 * Replace the DMA channel of a quarantined slot: terminate and release
 * it, then request another, unless the slot failed again since its last
 * reset.  Waits for the batch that quarantined it.
 */
static void dcbm_chan_reset(struct dcbm_chan *dc, unsigned int pos)
{
	lockdep_assert_held(&dcbm_lock);
	mutex_lock(&dc->lock);
	dmaengine_terminate_sync(dc->chan);
	dma_release_channel(dc->chan);
	dc->chan = NULL;
	if (dc->strikes >= DCBM_MAX_STRIKES || dcbm_chan_attach(dc)) {
		pr_warn("channel %u given up after %u failures\n", pos,
			dc->strikes);
		WRITE_ONCE(dc->state, DCBM_CHAN_DEAD);
	} else {
		WRITE_ONCE(dc->state, DCBM_CHAN_OK);
	}
	/* Last: a reader that sees the count sees the new state. */
	dcbm_count(dc, DCBM_RESETS, 1);
	mutex_unlock(&dc->lock);
}

/*
 * Called by the core under its lock, so no enable() or disable() runs: is
 * dcbm still the selection whose channels the reset work found all dead?
 * Deselected and selected again meanwhile, it has fresh channels.
 */
static bool dcbm_still_dead(void)
{
	bool dead;

	mutex_lock(&dcbm_lock);
	dead = dcbm_enabled && dcbm_gen == dcbm_retire_gen;
	mutex_unlock(&dcbm_lock);
	return dead;
}

/*
 * Reset every quarantined channel of the active set.  When none is left
 * alive, deselect dcbm: from here, not from the copy path, which runs
 * inside the core's SRCU read side that the switch waits for.
 */
static void dcbm_reset_work_fn(struct work_struct *work)
{
	struct dcbm_chans *set;
	bool retire;
	unsigned int i;

	mutex_lock(&dcbm_lock);
	set = rcu_dereference_protected(dcbm_active,
					lockdep_is_held(&dcbm_lock));
	retire = dcbm_enabled && set;
	for (i = 0; set && i < set->nr; i++) {
		struct dcbm_chan *dc = set->chans[i];

		if (READ_ONCE(dc->state) == DCBM_CHAN_QUARANTINED)
			dcbm_chan_reset(dc, i);
		if (READ_ONCE(dc->state) != DCBM_CHAN_DEAD)
			retire = false;
	}
	dcbm_retire_gen = dcbm_gen;
	mutex_unlock(&dcbm_lock);
	if (retire)
		migrate_offload_retire(&dcbm_migrator, dcbm_still_dead);
}

/*
 * A channel set of up to @nr channels: the first ones of @old (which may
 * be NULL), then new channels requested by capability.  Fewer than @nr is
 * not an error; none is -ENODEV.
 */
static struct dcbm_chans *dcbm_chans_get(struct dcbm_chans *old,
					 unsigned int nr)
{
	unsigned int keep = old ? min(old->nr, nr) : 0;
	struct dcbm_chans *set;
	unsigned int i;

	set = kzalloc(struct_size(set, chans, nr), GFP_KERNEL);
	if (!set)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < keep; i++)
		set->chans[i] = old->chans[i];
	set->nr = keep;
	while (set->nr < nr) {
		struct dcbm_chan *dc = dcbm_chan_request();

		if (!dc)
			break;
		set->chans[set->nr++] = dc;
	}
	if (!set->nr) {
		kfree(set);
		return ERR_PTR(-ENODEV);
	}
	if (set->nr < nr)
		pr_info("%u of %u DMA memcpy channels available\n", set->nr,
			nr);
	return set;
}

static struct dcbm_chans *dcbm_active_locked(void)
{
	return rcu_dereference_protected(dcbm_active,
					 lockdep_is_held(&dcbm_lock));
}

static int dcbm_enable(void)
{
	struct dcbm_chans *set;
	int ret = 0;

	mutex_lock(&dcbm_lock);
	set = dcbm_chans_get(NULL, READ_ONCE(dcbm_nr_dma_chan));
	if (IS_ERR(set)) {
		ret = PTR_ERR(set);
		goto unlock;
	}
	rcu_assign_pointer(dcbm_active, set);
	dcbm_enabled = true;
	dcbm_gen++;
unlock:
	mutex_unlock(&dcbm_lock);
	return ret;
}

/*
 * The core calls this once no copy runs in dcbm any more, possibly from
 * dcbm_reset_work itself (through migrate_offload_retire()): it must not
 * wait for that work.  A reset work that runs later finds no set.
 */
static void dcbm_disable(void)
{
	struct dcbm_chans *set;

	mutex_lock(&dcbm_lock);
	set = dcbm_active_locked();
	RCU_INIT_POINTER(dcbm_active, NULL);
	dcbm_enabled = false;
	synchronize_srcu(&dcbm_srcu);
	if (set) {
		dcbm_release_chans(set, 0);
		kfree(set);
	}
	mutex_unlock(&dcbm_lock);
}

/*
 * While dcbm is active, publish a new channel set that keeps the channels
 * it can, wait for the copies using the old set, then release the
 * channels that were dropped.  On any error nothing changes.  Called by
 * the kit with the value checked against the bounds.
 */
static int dcbm_set_nr_dma_chan(unsigned int val)
{
	struct dcbm_chans *old, *set;
	int ret = 0;

	mutex_lock(&dcbm_lock);
	if (!dcbm_enabled) {
		WRITE_ONCE(dcbm_nr_dma_chan, val);
		goto unlock;
	}
	old = dcbm_active_locked();
	set = dcbm_chans_get(old, val);
	if (IS_ERR(set)) {
		ret = PTR_ERR(set);
		goto unlock;
	}
	rcu_assign_pointer(dcbm_active, set);
	WRITE_ONCE(dcbm_nr_dma_chan, val);
	synchronize_srcu(&dcbm_srcu);
	dcbm_release_chans(old, min(old->nr, val));
	kfree(old);
unlock:
	mutex_unlock(&dcbm_lock);
	return ret;
}

static ssize_t channels_show(struct kobject *kobj,
			     struct kobj_attribute *attr, char *buf)
{
	struct dcbm_chans *set;
	unsigned int i;
	int len = 0;

	mutex_lock(&dcbm_lock);
	set = dcbm_active_locked();
	for (i = 0; set && i < set->nr; i++) {
		struct dcbm_chan *dc = set->chans[i];

		len += sysfs_emit_at(buf, len,
				     "%s state=%s batches=%llu bytes=%llu errors=%llu timeouts=%llu resets=%llu\n",
				     dc->chan ? dma_chan_name(dc->chan) : "-",
				     dcbm_chan_state_names[READ_ONCE(dc->state)],
				     dcbm_stat_read(&dc->stats[DCBM_BATCHES]),
				     dcbm_stat_read(&dc->stats[DCBM_BYTES]),
				     dcbm_stat_read(&dc->stats[DCBM_ERRORS]),
				     dcbm_stat_read(&dc->stats[DCBM_TIMEOUTS]),
				     dcbm_stat_read(&dc->stats[DCBM_RESETS]));
	}
	mutex_unlock(&dcbm_lock);
	return len;
}

/* The totals: one file each, reset by writing 0, like the core's stats. */
static MIGRATE_OFFLOAD_COUNTER_ATTR(dcbm_stat_batches, batches,
				    &dcbm_totals[DCBM_BATCHES]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(dcbm_stat_bytes, bytes,
				    &dcbm_totals[DCBM_BYTES]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(dcbm_stat_dma_errors, dma_errors,
				    &dcbm_totals[DCBM_ERRORS]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(dcbm_stat_timeouts, timeouts,
				    &dcbm_totals[DCBM_TIMEOUTS]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(dcbm_stat_resets, resets,
				    &dcbm_totals[DCBM_RESETS]);
static MIGRATE_OFFLOAD_COUNTER_ATTR(dcbm_stat_busy_fallbacks, busy_fallbacks,
				    &dcbm_busy_fallbacks);

static MIGRATE_OFFLOAD_UINT_ATTR(nr_dma_chan_attr, nr_dma_chan,
				 &dcbm_nr_dma_chan, 1, DCBM_MAX_CHANNELS,
				 dcbm_set_nr_dma_chan);
static MIGRATE_OFFLOAD_UINT_ATTR(kb_per_chan_attr, kb_per_chan,
				 &dcbm_kb_per_chan, PAGE_SIZE >> 10,
				 DCBM_MAX_KB_PER_CHAN, NULL);
static MIGRATE_OFFLOAD_UINT_ATTR(timeout_ms_attr, timeout_ms,
				 &dcbm_timeout_ms, DCBM_MIN_TIMEOUT_MS,
				 DCBM_MAX_TIMEOUT_MS, NULL);
static struct kobj_attribute channels_attr = __ATTR_RO(channels);

static struct attribute *dcbm_attrs[] = {
	&nr_dma_chan_attr.kattr.attr,
	&kb_per_chan_attr.kattr.attr,
	&timeout_ms_attr.kattr.attr,
	&channels_attr.attr,
	&dcbm_stat_batches.kattr.attr,
	&dcbm_stat_bytes.kattr.attr,
	&dcbm_stat_dma_errors.kattr.attr,
	&dcbm_stat_timeouts.kattr.attr,
	&dcbm_stat_resets.kattr.attr,
	&dcbm_stat_busy_fallbacks.kattr.attr,
	NULL,
};

static const struct attribute_group dcbm_attr_group = {
	.attrs = dcbm_attrs,
};

static struct migrator dcbm_migrator = {
	.name = "dcbm",
	.copy = dcbm_copy,
	.enable = dcbm_enable,
	.disable = dcbm_disable,
	.default_reasons = DCBM_REASONS_DEFAULT,
	.min_batch = DCBM_MIN_BATCH,
	/* An engine's read of a poisoned source is not recoverable. */
	.mc_safe = false,
	.attr_group = &dcbm_attr_group,
};

static int __init dcbm_init(void)
{
	int ret;

	dcbm_wq = alloc_workqueue("mco_dcbm", WQ_UNBOUND, 1);
	if (!dcbm_wq)
		return -ENOMEM;
	INIT_WORK(&dcbm_reset_work, dcbm_reset_work_fn);
	ret = migrate_offload_register(&dcbm_migrator);
	if (ret)
		destroy_workqueue(dcbm_wq);
	return ret;
}

/* Unregister first: no copy runs any more, so none queues the work. */
static void __exit dcbm_exit(void)
{
	migrate_offload_unregister(&dcbm_migrator);
	flush_work(&dcbm_reset_work);
	destroy_workqueue(dcbm_wq);
}

module_init(dcbm_init);
module_exit(dcbm_exit);
MODULE_ALIAS_MIGRATOR("dcbm");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Migration copy offload: DMAEngine batch copy (dcbm)");
