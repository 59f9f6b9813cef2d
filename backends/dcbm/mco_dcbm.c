// SPDX-License-Identifier: GPL-2.0-only
/*
 * dcbm: copy page migration batches with DMAEngine memcpy channels.
 *
 * Channels are requested by capability (DMA_MEMCPY) when dcbm is selected
 * or nr_dma_chan changes, and released when it is deselected or unloaded:
 * never per batch.  A batch is split over the channels by base pages, so a
 * THP can use every channel; each folio, or chunk of a large folio, is
 * mapped on its own (source and destination) and copied by one memcpy
 * descriptor.  A batch owns the channels it uses (concurrent batches get
 * disjoint ones), since terminating a channel aborts all its descriptors.
 * Each channel's share completes when every one of its descriptors has
 * reported success; a channel whose share failed or did not
 * complete within timeout_ms is terminated (dmaengine_terminate_sync())
 * before anything is unmapped, and its folios are left to the CPU.  The
 * folios of the channels that completed count as copied.
 *
 *   /sys/kernel/mm/migrate_offload/dcbm/nr_dma_chan  channels wanted, 1..16
 *   /sys/kernel/mm/migrate_offload/dcbm/timeout_ms   wait per batch, 1..60000
 *   /sys/kernel/mm/migrate_offload/dcbm/channels     channels held, one per
 *                          line with its batches, bytes, errors, timeouts
 *   /sys/kernel/mm/migrate_offload/dcbm/{batches,bytes,dma_errors,timeouts}
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

/* Engines have a handful of channels; 16 covers two DSA devices. */
#define DCBM_MAX_CHANNELS	16
/* A minute: far beyond any sane batch, short of a hung task warning. */
#define DCBM_MAX_TIMEOUT_MS	60000

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

enum dcbm_stat {
	DCBM_BATCHES,
	DCBM_BYTES,
	DCBM_ERRORS,
	DCBM_TIMEOUTS,
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
	bool issued;		/* descriptors reached the engine */
	unsigned int nr;	/* descriptors in xfers[] */
	u64 bytes;
	struct dcbm_xfer *xfers;	/* ->prealloc, or allocated if bigger */
};

/*
 * A channel held by dcbm, with its own counters and the state of the
 * batch that owns it.  A batch owns the channels it copies with, under
 * ->lock, from its first mapping to its last unmap: terminating a channel
 * aborts every descriptor on it, prepared or submitted, so no other batch
 * may have any there.  Owning the channel also gives the batch ->run and
 * ->prealloc, so that a batch of up to DCBM_PREALLOC_XFERS descriptors a
 * channel allocates nothing.
 */
struct dcbm_chan {
	struct dma_chan *chan;
	struct mutex lock;		/* owned by one batch at a time */
	atomic64_t stats[DCBM_NR_STATS];
	struct dcbm_run run;
	struct dcbm_xfer *prealloc;
};

/*
 * The channels in use: replaced whole, freed after an SRCU grace period.
 * A new set shares the channels it keeps with the old one, at the same
 * positions, so that batches on either take their locks in one order.
 */
struct dcbm_chans {
	unsigned int nr;
	struct dcbm_chan *chans[] __counted_by(nr);
};

/*
 * Locking.  dcbm_lock serializes enable, disable and the nr_dma_chan
 * store; it protects dcbm_enabled and orders every write of dcbm_active.
 * A copy reads dcbm_active inside an SRCU read-side section of dcbm_srcu
 * (the core's own SRCU already keeps the module alive); a writer that
 * replaces the channel set waits for those copies before it releases the
 * channels that the new set does not keep.  The tunables are single words
 * read with READ_ONCE().
 */
static DEFINE_MUTEX(dcbm_lock);
static bool dcbm_enabled;
static struct dcbm_chans __rcu *dcbm_active;
DEFINE_STATIC_SRCU(dcbm_srcu);

/* Enough channels that a THP is copied four ways. */
static unsigned int dcbm_nr_dma_chan = 4;
static unsigned int dcbm_timeout_ms = 1000;

static atomic64_t dcbm_totals[DCBM_NR_STATS];

/* The channels a batch owns, and their runs: on the stack. */
struct dcbm_batch {
	struct dcbm_chan *own[DCBM_MAX_CHANNELS];
	unsigned int nr_own;
	unsigned int nr_runs;	/* channels with a share: own[0..nr_runs) */
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

/*
 * Own channels for one batch: every channel that no other batch owns, and
 * when all are owned, wait for one (holding none, so no lock cycle) and
 * take the others that are free then.  Return the number owned, in @own.
 */
static unsigned int dcbm_own_chans(struct dcbm_chans *set,
				   struct dcbm_chan **own)
{
	unsigned int i, first = raw_smp_processor_id() % set->nr, n = 0;

	for (i = 0; i < set->nr; i++)
		if (mutex_trylock(&set->chans[i]->lock))
			own[n++] = set->chans[i];
	if (n)
		return n;
	mutex_lock(&set->chans[first]->lock);
	for (i = 0; i < set->nr; i++) {
		if (i == first)
			own[n++] = set->chans[i];
		else if (mutex_trylock(&set->chans[i]->lock))
			own[n++] = set->chans[i];
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
 * split into chunks on several channels.  Without @fill, only count each
 * run's descriptors into ->nr; with it, also describe them in ->xfers.
 */
static void dcbm_split(struct dcbm_batch *b, struct list_head *dst_list,
		       struct list_head *src_list, unsigned int nr_folios,
		       unsigned long share, bool fill)
{
	unsigned long filled = 0;
	unsigned int i = 0, c = 0;
	struct folio *src, *dst;

	dst = list_first_entry(dst_list, struct folio, lru);
	list_for_each_entry(src, src_list, lru) {
		unsigned long off = 0, pages = folio_nr_pages(src);

		if (i == nr_folios)
			break;
		while (off < pages) {
			unsigned long take = min(pages - off, share - filled);
			struct dcbm_run *run = dcbm_run(b, c);

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
			if (filled == share && c + 1 < b->nr_runs) {
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

	for (i = 0; i < b->nr_runs; i++) {
		struct dcbm_run *run = dcbm_run(b, i);

		if (run->xfers != b->own[i]->prealloc)
			kfree(run->xfers);
	}
}

/*
 * Describe the batch in the runs of the owned channels.  A run with more
 * descriptors than its channel preallocated gets an array with GFP_NOWAIT:
 * migration may run in reclaim.  Return 0, -EINVAL for an empty batch, or
 * -ENOMEM.
 */
static int dcbm_prepare(struct dcbm_batch *b, struct list_head *dst_list,
			struct list_head *src_list, unsigned int nr_folios)
{
	unsigned long nr_pages = 0, share;
	struct folio *src;
	unsigned int i = 0;

	list_for_each_entry(src, src_list, lru) {
		if (i++ == nr_folios)
			break;
		nr_pages += folio_nr_pages(src);
	}
	b->nr_runs = min_t(unsigned long, b->nr_own, nr_pages);
	if (!b->nr_runs)
		return -EINVAL;
	share = DIV_ROUND_UP(nr_pages, b->nr_runs);
	for (i = 0; i < b->nr_runs; i++) {
		struct dcbm_run *run = dcbm_run(b, i);

		memset(run, 0, sizeof(*run));
		run->xfers = b->own[i]->prealloc;
	}

	dcbm_split(b, dst_list, src_list, nr_folios, share, false);
	for (i = 0; i < b->nr_runs; i++) {
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
	dcbm_split(b, dst_list, src_list, nr_folios, share, true);
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

	if (!run->nr)
		return;
	init_completion(&run->done);
	atomic_set(&run->pending, 1);
	dcbm_count(dc, DCBM_BATCHES, 1);
	for (i = 0; i < run->nr; i++) {
		struct dcbm_xfer *x = &run->xfers[i];

		ret = dcbm_map(dev, x);
		if (ret)
			break;
		tx = dmaengine_prep_dma_memcpy(dc->chan, x->dst_addr,
					       x->src_addr, x->len,
					       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
		if (!tx) {
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
}

/* Unmap every mapping, last mapped first; the engines are stopped. */
static void dcbm_unmap(struct dcbm_batch *b)
{
	unsigned int c = b->nr_runs;

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
 * Set the bit of every folio whose descriptors all belong to runs that
 * completed; count the outcome of each run.  Return 0, -ETIMEDOUT when a
 * run timed out, or the error of a failed run.
 */
static int dcbm_finish(struct dcbm_batch *b, unsigned long *copied)
{
	unsigned int c, i;
	int ret = 0;

	for (c = 0; c < b->nr_runs; c++) {
		struct dcbm_run *run = dcbm_run(b, c);

		for (i = 0; !run->error && i < run->nr; i++)
			__set_bit(run->xfers[i].folio, copied);
	}
	for (c = 0; c < b->nr_runs; c++) {
		struct dcbm_run *run = dcbm_run(b, c);

		for (i = 0; run->error && i < run->nr; i++)
			__clear_bit(run->xfers[i].folio, copied);
	}

	for (c = 0; c < b->nr_runs; c++) {
		struct dcbm_chan *dc = b->own[c];
		struct dcbm_run *run = &dc->run;

		if (!run->nr)
			continue;
		if (!run->error) {
			dcbm_count(dc, DCBM_BYTES, run->bytes);
			continue;
		}
		if (run->error == -ETIMEDOUT) {
			dcbm_count(dc, DCBM_TIMEOUTS, 1);
			ret = -ETIMEDOUT;
		} else {
			dcbm_count(dc, DCBM_ERRORS, 1);
			if (!ret)
				ret = run->error;
		}
	}
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
	if (!set) {
		ret = -ENODEV;
		goto out_unlock;
	}
	b.nr_own = dcbm_own_chans(set, b.own);
	ret = dcbm_prepare(&b, batch->dst, batch->src, batch->nr_folios);
	if (ret)
		goto out_disown;

	deadline = jiffies + msecs_to_jiffies(READ_ONCE(dcbm_timeout_ms));
	for (i = 0; i < b.nr_runs; i++)
		dcbm_run_start(b.own[i]);
	for (i = 0; i < b.nr_runs; i++)
		dcbm_run_wait(dcbm_run(&b, i), deadline);
	/* Stop every engine that may still touch the memory, then unmap. */
	for (i = 0; i < b.nr_runs; i++)
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

/* Release the channels of @set from position @from on; no batch owns one. */
static void dcbm_release_chans(struct dcbm_chans *set, unsigned int from)
{
	unsigned int i;

	for (i = from; i < set->nr; i++) {
		dma_release_channel(set->chans[i]->chan);
		mutex_destroy(&set->chans[i]->lock);
		kvfree(set->chans[i]->prealloc);
		kfree(set->chans[i]);
	}
}

static struct dcbm_chan *dcbm_chan_request(void)
{
	struct dcbm_chan *dc;
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	dc = kzalloc(sizeof(*dc), GFP_KERNEL);
	if (!dc)
		return NULL;
	dc->prealloc = kvcalloc(DCBM_PREALLOC_XFERS, sizeof(*dc->prealloc),
				GFP_KERNEL);
	if (!dc->prealloc)
		goto err_free;
	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	chan = dma_request_chan_by_mask(&mask);
	if (IS_ERR(chan))
		goto err_free_prealloc;
	dc->chan = chan;
	mutex_init(&dc->lock);
	return dc;

err_free_prealloc:
	kvfree(dc->prealloc);
err_free:
	kfree(dc);
	return NULL;
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
unlock:
	mutex_unlock(&dcbm_lock);
	return ret;
}

/* The core calls this once no copy runs in dcbm any more. */
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
				     "%s batches=%llu bytes=%llu errors=%llu timeouts=%llu\n",
				     dma_chan_name(dc->chan),
				     dcbm_stat_read(&dc->stats[DCBM_BATCHES]),
				     dcbm_stat_read(&dc->stats[DCBM_BYTES]),
				     dcbm_stat_read(&dc->stats[DCBM_ERRORS]),
				     dcbm_stat_read(&dc->stats[DCBM_TIMEOUTS]));
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

static MIGRATE_OFFLOAD_UINT_ATTR(nr_dma_chan_attr, nr_dma_chan,
				 &dcbm_nr_dma_chan, 1, DCBM_MAX_CHANNELS,
				 dcbm_set_nr_dma_chan);
static MIGRATE_OFFLOAD_UINT_ATTR(timeout_ms_attr, timeout_ms,
				 &dcbm_timeout_ms, 1, DCBM_MAX_TIMEOUT_MS, NULL);
static struct kobj_attribute channels_attr = __ATTR_RO(channels);

static struct attribute *dcbm_attrs[] = {
	&nr_dma_chan_attr.kattr.attr,
	&timeout_ms_attr.kattr.attr,
	&channels_attr.attr,
	&dcbm_stat_batches.kattr.attr,
	&dcbm_stat_bytes.kattr.attr,
	&dcbm_stat_dma_errors.kattr.attr,
	&dcbm_stat_timeouts.kattr.attr,
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
	return migrate_offload_register(&dcbm_migrator);
}

static void __exit dcbm_exit(void)
{
	migrate_offload_unregister(&dcbm_migrator);
}

module_init(dcbm_init);
module_exit(dcbm_exit);
MODULE_ALIAS_MIGRATOR("dcbm");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Migration copy offload: DMAEngine batch copy (dcbm)");
