// SPDX-License-Identifier: GPL-2.0-only
/*
 * mco_soft_dma: a software DMAEngine memcpy provider, for testing.
 *
 * Neither an x86 virtual machine nor a CI runner has a DMA memcpy engine, so
 * DMAEngine clients (the dcbm migration copy backend, dmatest, ...) cannot
 * be tested there.  This module registers a DMA device with DMA_MEMCPY and
 * nr_channels private channels.  Each channel is a kernel thread that
 * performs the issued descriptors in order, with memcpy() through the
 * direct map, and reports each result through callback_result.  It is a
 * complete provider: tx_status, terminate_all, synchronize and release are
 * implemented, so any client can use it.  The same source builds in the
 * kernel and, against include/shim/, in the userspace tests.
 *
 * Fault injection, in /sys/module/mco_soft_dma/parameters/:
 *
 *   fail_prep=N     the Nth memcpy prep from now returns NULL
 *   fail_submit=N   the Nth tx_submit from now returns -EIO
 *   fail_result=N   the Nth descriptor performed from now copies half its
 *                   bytes and completes with DMA_TRANS_WRITE_FAILED
 *   fail_hang=N     the Nth descriptor performed from now never completes:
 *                   its channel stalls until terminated
 *   fail_partial=N  the Nth descriptor performed from now is lost: neither
 *                   performed nor completed, while the channel goes on with
 *                   the next ones (only part of a batch completes)
 *   fail_reorder=Y  each channel performs its issued descriptors last
 *                   first (completions out of order, as engines with
 *                   several work queues deliver them)
 *   fail_chan=C     fail_result, fail_hang and fail_partial count only the
 *                   descriptors of channel C (chan_id); -1: of every channel
 *   fail_dead=MASK  every descriptor performed on a channel whose bit
 *                   (1 << chan_id) is set hangs, as fail_hang, until
 *                   terminated: a dead engine, that no reset revives
 *
 * A limit, set at load time (0444):
 *
 *   max_xfer=BYTES  the longest descriptor, published as the device's
 *                   dma_get_max_seg_size(); prep refuses longer ones, as
 *                   an engine with a small transfer limit does (0: none)
 *
 * The countdowns rearm at zero: each injects one fault.  No fault is silent:
 * a descriptor whose data is not all copied either completes with an error
 * result or does not complete at once.
 *
 * The engine is the CPU, so it is slower than a plain CPU copy; it exists
 * for correctness tests.  Not for production use.
 */
#define pr_fmt(fmt) "mco_soft_dma: " fmt

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#define SOFT_DMA_NAME		"mco_soft_dma"
/* Enough for every client that asks for 16 channels, with room to spare. */
#define SOFT_DMA_MAX_CHANNELS	32

static unsigned int nr_channels = 4;
module_param(nr_channels, uint, 0444);
MODULE_PARM_DESC(nr_channels, "Number of memcpy channels (1..32, default 4)");

static unsigned int fail_prep;
module_param(fail_prep, uint, 0644);
MODULE_PARM_DESC(fail_prep, "Fail the Nth memcpy prep from now");

static unsigned int fail_submit;
module_param(fail_submit, uint, 0644);
MODULE_PARM_DESC(fail_submit, "Fail the Nth tx_submit from now");

static unsigned int fail_result;
module_param(fail_result, uint, 0644);
MODULE_PARM_DESC(fail_result, "Complete the Nth descriptor from now with an error");

static unsigned int fail_hang;
module_param(fail_hang, uint, 0644);
MODULE_PARM_DESC(fail_hang, "Stall the channel at the Nth descriptor from now");

static unsigned int fail_partial;
module_param(fail_partial, uint, 0644);
MODULE_PARM_DESC(fail_partial, "Lose the Nth descriptor from now");

static bool fail_reorder;
module_param(fail_reorder, bool, 0644);
MODULE_PARM_DESC(fail_reorder, "Perform issued descriptors last first");

static int fail_chan = -1;
module_param(fail_chan, int, 0644);
MODULE_PARM_DESC(fail_chan, "Channel whose descriptors the completion faults count (-1: all)");

static unsigned int fail_dead;
module_param(fail_dead, uint, 0644);
MODULE_PARM_DESC(fail_dead, "Channels (bit chan_id) whose every descriptor hangs");

static unsigned int max_xfer;
module_param(max_xfer, uint, 0444);
MODULE_PARM_DESC(max_xfer, "Longest descriptor in bytes (0: no limit)");

enum soft_dma_fault {
	SOFT_DMA_OK,
	SOFT_DMA_ERROR,
	SOFT_DMA_HANG,
	SOFT_DMA_LOSE,
};

struct soft_dma_desc {
	struct dma_async_tx_descriptor tx;
	struct list_head node;
	dma_addr_t dst;
	dma_addr_t src;
	size_t len;
	bool terminated;
};

/*
 * A channel.  ->lock protects the descriptor lists, ->active, ->stalled,
 * every ->terminated of its descriptors and the channel's cookies.  A
 * descriptor is on exactly one list from prep to completion, or is
 * ->active while the worker performs it and runs its callback.  The worker
 * frees the active descriptor; terminate_all frees the listed ones.
 */
struct soft_dma_chan {
	struct dma_chan chan;
	spinlock_t lock;		/* see above */
	struct list_head prepared;	/* prepared, not submitted */
	struct list_head submitted;	/* submitted, not issued */
	struct list_head issued;	/* issued, waiting for the worker */
	struct list_head lost;		/* fail_partial: never completed */
	struct soft_dma_desc *active;
	bool stalled;			/* fail_hang: until terminated */
	wait_queue_head_t work_wq;	/* the worker waits for work */
	wait_queue_head_t idle_wq;	/* synchronize waits for !active */
	struct task_struct *worker;
};

struct soft_dma {
	struct dma_device dma;
	unsigned int nr_chans;
	struct soft_dma_chan chans[] __counted_by(nr_chans);
};

static struct platform_device *soft_dma_pdev;

static struct soft_dma_chan *to_soft_dma_chan(struct dma_chan *chan)
{
	return container_of(chan, struct soft_dma_chan, chan);
}

static struct soft_dma_desc *to_soft_dma_desc(struct dma_async_tx_descriptor *tx)
{
	return container_of(tx, struct soft_dma_desc, tx);
}

/* Count a countdown knob down; true when this event is the one to fail. */
static bool soft_dma_countdown(unsigned int *knob)
{
	unsigned int old = READ_ONCE(*knob), seen;

	while (old) {
		seen = cmpxchg(knob, old, old - 1);
		if (seen == old)
			return old == 1;
		old = seen;
	}
	return false;
}

static enum soft_dma_fault soft_dma_fault_for(struct soft_dma_chan *sc)
{
	int only = READ_ONCE(fail_chan);

	if (READ_ONCE(fail_dead) & BIT(sc->chan.chan_id))
		return SOFT_DMA_HANG;
	if (only >= 0 && only != sc->chan.chan_id)
		return SOFT_DMA_OK;
	if (soft_dma_countdown(&fail_result))
		return SOFT_DMA_ERROR;
	if (soft_dma_countdown(&fail_hang))
		return SOFT_DMA_HANG;
	if (soft_dma_countdown(&fail_partial))
		return SOFT_DMA_LOSE;
	return SOFT_DMA_OK;
}

/*
 * The lowest cookie not completed yet is the first of the oldest list
 * that holds a descriptor; everything before it is complete.  This holds
 * for in-order and last-first execution alike.  Called with ->lock held,
 * after the descriptor being completed has left every list.
 */
static void soft_dma_update_completed(struct soft_dma_chan *sc)
{
	struct list_head *lists[] = { &sc->lost, &sc->issued, &sc->submitted };
	dma_cookie_t lowest = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lists); i++) {
		struct soft_dma_desc *d;

		d = list_first_entry_or_null(lists[i], struct soft_dma_desc,
					     node);
		if (d && (!lowest || d->tx.cookie < lowest))
			lowest = d->tx.cookie;
	}
	if (!lowest)
		sc->chan.completed_cookie = sc->chan.cookie;
	else if (lowest > DMA_MIN_COOKIE)
		sc->chan.completed_cookie = lowest - 1;
}

static dma_cookie_t soft_dma_tx_submit(struct dma_async_tx_descriptor *tx)
{
	struct soft_dma_chan *sc = to_soft_dma_chan(tx->chan);
	struct soft_dma_desc *d = to_soft_dma_desc(tx);
	unsigned long flags;
	dma_cookie_t cookie;

	spin_lock_irqsave(&sc->lock, flags);
	list_del(&d->node);
	if (soft_dma_countdown(&fail_submit)) {
		spin_unlock_irqrestore(&sc->lock, flags);
		kfree(d);
		return -EIO;
	}
	cookie = sc->chan.cookie + 1;
	if (cookie < DMA_MIN_COOKIE)
		cookie = DMA_MIN_COOKIE;
	sc->chan.cookie = cookie;
	tx->cookie = cookie;
	list_add_tail(&d->node, &sc->submitted);
	spin_unlock_irqrestore(&sc->lock, flags);
	return cookie;
}

static struct dma_async_tx_descriptor *
soft_dma_prep_memcpy(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src,
		     size_t len, unsigned long flags)
{
	struct soft_dma_chan *sc = to_soft_dma_chan(chan);
	struct soft_dma_desc *d;
	unsigned long irqflags;

	if (soft_dma_countdown(&fail_prep))
		return NULL;
	/* An engine's transfer limit: the client must split. */
	if (len > dma_get_max_seg_size(chan->device->dev))
		return NULL;
	/* Clients may prepare in atomic context. */
	d = kzalloc(sizeof(*d), GFP_NOWAIT | __GFP_NOWARN);
	if (!d)
		return NULL;
	dma_async_tx_descriptor_init(&d->tx, chan);
	d->tx.flags = flags;
	d->tx.tx_submit = soft_dma_tx_submit;
	d->dst = dst;
	d->src = src;
	d->len = len;
	spin_lock_irqsave(&sc->lock, irqflags);
	list_add_tail(&d->node, &sc->prepared);
	spin_unlock_irqrestore(&sc->lock, irqflags);
	return &d->tx;
}

static void soft_dma_issue_pending(struct dma_chan *chan)
{
	struct soft_dma_chan *sc = to_soft_dma_chan(chan);
	unsigned long flags;

	spin_lock_irqsave(&sc->lock, flags);
	list_splice_tail_init(&sc->submitted, &sc->issued);
	spin_unlock_irqrestore(&sc->lock, flags);
	wake_up(&sc->work_wq);
}

static enum dma_status soft_dma_tx_status(struct dma_chan *chan,
					  dma_cookie_t cookie,
					  struct dma_tx_state *state)
{
	struct soft_dma_chan *sc = to_soft_dma_chan(chan);
	dma_cookie_t used, complete;
	enum dma_status status;
	unsigned long flags;

	spin_lock_irqsave(&sc->lock, flags);
	used = chan->cookie;
	complete = chan->completed_cookie;
	spin_unlock_irqrestore(&sc->lock, flags);
	if (state) {
		state->last = complete;
		state->used = used;
		state->residue = 0;
		state->in_flight_bytes = 0;
	}
	status = dma_async_is_complete(cookie, complete, used);
	/*
	 * This engine is a kernel thread: a client that polls tx_status on
	 * every CPU of a kernel without preemption (dmatest polled=1 with a
	 * thread per CPU) would starve it until dma_sync_wait() times out.
	 * Let the engine run wherever the caller could sleep.
	 */
	if (status == DMA_IN_PROGRESS && preemptible())
		cond_resched();
	return status;
}

/*
 * Abort every descriptor not performed yet; the one being performed, if
 * any, completes without its callback.  Callable from atomic context and
 * from a callback, as dmaengine_terminate_async() requires.
 */
static int soft_dma_terminate_all(struct dma_chan *chan)
{
	struct soft_dma_chan *sc = to_soft_dma_chan(chan);
	struct soft_dma_desc *d, *tmp;
	unsigned long flags;
	LIST_HEAD(head);

	spin_lock_irqsave(&sc->lock, flags);
	list_splice_tail_init(&sc->prepared, &head);
	list_splice_tail_init(&sc->submitted, &head);
	list_splice_tail_init(&sc->issued, &head);
	list_splice_tail_init(&sc->lost, &head);
	if (sc->active)
		sc->active->terminated = true;
	sc->stalled = false;
	soft_dma_update_completed(sc);
	spin_unlock_irqrestore(&sc->lock, flags);
	wake_up(&sc->work_wq);
	list_for_each_entry_safe(d, tmp, &head, node)
		kfree(d);
	return 0;
}

static bool soft_dma_idle(struct soft_dma_chan *sc)
{
	unsigned long flags;
	bool idle;

	spin_lock_irqsave(&sc->lock, flags);
	idle = !sc->active;
	spin_unlock_irqrestore(&sc->lock, flags);
	return idle;
}

/* After it, no descriptor's copy or callback runs: see terminate_all. */
static void soft_dma_synchronize(struct dma_chan *chan)
{
	struct soft_dma_chan *sc = to_soft_dma_chan(chan);

	wait_event(sc->idle_wq, soft_dma_idle(sc));
}

static bool soft_dma_has_work(struct soft_dma_chan *sc)
{
	unsigned long flags;
	bool work;

	spin_lock_irqsave(&sc->lock, flags);
	work = !list_empty(&sc->issued);
	spin_unlock_irqrestore(&sc->lock, flags);
	return work;
}

static bool soft_dma_stalled(struct soft_dma_chan *sc)
{
	unsigned long flags;
	bool stalled;

	spin_lock_irqsave(&sc->lock, flags);
	stalled = sc->stalled;
	spin_unlock_irqrestore(&sc->lock, flags);
	return stalled;
}

/* Take the next issued descriptor and make it the active one. */
static struct soft_dma_desc *soft_dma_next(struct soft_dma_chan *sc)
{
	struct soft_dma_desc *d = NULL;
	unsigned long flags;

	spin_lock_irqsave(&sc->lock, flags);
	if (!list_empty(&sc->issued)) {
		if (READ_ONCE(fail_reorder))
			d = list_last_entry(&sc->issued, struct soft_dma_desc,
					    node);
		else
			d = list_first_entry(&sc->issued, struct soft_dma_desc,
					     node);
		list_del_init(&d->node);
		sc->active = d;
	}
	spin_unlock_irqrestore(&sc->lock, flags);
	return d;
}

static void soft_dma_copy(struct soft_dma_chan *sc, struct soft_dma_desc *d,
			  size_t len)
{
	struct device *dev = sc->chan.device->dev;

	memcpy(phys_to_virt(dma_to_phys(dev, d->dst)),
	       phys_to_virt(dma_to_phys(dev, d->src)), len);
}

static void soft_dma_perform(struct soft_dma_chan *sc, struct soft_dma_desc *d)
{
	struct dmaengine_result res = { .result = DMA_TRANS_NOERROR };
	dma_async_tx_callback_result callback_result = NULL;
	dma_async_tx_callback callback = NULL;
	void *param = NULL;
	unsigned long flags;

	switch (soft_dma_fault_for(sc)) {
	case SOFT_DMA_LOSE:
		spin_lock_irqsave(&sc->lock, flags);
		list_add_tail(&d->node, &sc->lost);
		sc->active = NULL;
		spin_unlock_irqrestore(&sc->lock, flags);
		wake_up(&sc->idle_wq);
		return;
	case SOFT_DMA_HANG:
		spin_lock_irqsave(&sc->lock, flags);
		sc->stalled = !d->terminated;
		spin_unlock_irqrestore(&sc->lock, flags);
		wait_event_interruptible(sc->work_wq, !soft_dma_stalled(sc) ||
					 kthread_should_stop());
		break;
	case SOFT_DMA_ERROR:
		soft_dma_copy(sc, d, d->len / 2);
		res.result = DMA_TRANS_WRITE_FAILED;
		res.residue = d->len - d->len / 2;
		break;
	case SOFT_DMA_OK:
		soft_dma_copy(sc, d, d->len);
		break;
	}

	spin_lock_irqsave(&sc->lock, flags);
	if (!d->terminated && !sc->stalled) {
		soft_dma_update_completed(sc);
		callback_result = d->tx.callback_result;
		callback = d->tx.callback;
		param = d->tx.callback_param;
	}
	spin_unlock_irqrestore(&sc->lock, flags);
	if (callback_result)
		callback_result(param, &res);
	else if (callback)
		callback(param);

	spin_lock_irqsave(&sc->lock, flags);
	sc->active = NULL;
	spin_unlock_irqrestore(&sc->lock, flags);
	wake_up(&sc->idle_wq);
	kfree(d);
}

static int soft_dma_worker(void *data)
{
	struct soft_dma_chan *sc = data;
	struct soft_dma_desc *d;

	while (!kthread_should_stop()) {
		wait_event_interruptible(sc->work_wq, soft_dma_has_work(sc) ||
					 kthread_should_stop());
		while (!kthread_should_stop() && (d = soft_dma_next(sc)))
			soft_dma_perform(sc, d);
	}
	return 0;
}

static int soft_dma_alloc_chan_resources(struct dma_chan *chan)
{
	struct soft_dma_chan *sc = to_soft_dma_chan(chan);
	struct task_struct *worker;

	chan->cookie = DMA_MIN_COOKIE;
	chan->completed_cookie = DMA_MIN_COOKIE;
	worker = kthread_run(soft_dma_worker, sc, "soft_dma%dc%d",
			     chan->device->dev_id, chan->chan_id);
	if (IS_ERR(worker))
		return PTR_ERR(worker);
	sc->worker = worker;
	return 0;
}

static void soft_dma_free_chan_resources(struct dma_chan *chan)
{
	struct soft_dma_chan *sc = to_soft_dma_chan(chan);

	soft_dma_terminate_all(chan);
	soft_dma_synchronize(chan);
	kthread_stop(sc->worker);
	sc->worker = NULL;
}

/* The last reference to the device is gone: no channel is held. */
static void soft_dma_release(struct dma_device *dma)
{
	kfree(container_of(dma, struct soft_dma, dma));
}

static void soft_dma_init_chan(struct soft_dma *sd, struct soft_dma_chan *sc)
{
	spin_lock_init(&sc->lock);
	INIT_LIST_HEAD(&sc->prepared);
	INIT_LIST_HEAD(&sc->submitted);
	INIT_LIST_HEAD(&sc->issued);
	INIT_LIST_HEAD(&sc->lost);
	init_waitqueue_head(&sc->work_wq);
	init_waitqueue_head(&sc->idle_wq);
	sc->chan.device = &sd->dma;
	list_add_tail(&sc->chan.device_node, &sd->dma.channels);
}

static int soft_dma_probe(struct platform_device *pdev)
{
	struct soft_dma *sd;
	unsigned int i;
	int ret;

	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret)
		return ret;
	dma_set_max_seg_size(&pdev->dev, max_xfer ? max_xfer : UINT_MAX);
	sd = kzalloc(struct_size(sd, chans, nr_channels), GFP_KERNEL);
	if (!sd)
		return -ENOMEM;
	sd->nr_chans = nr_channels;
	INIT_LIST_HEAD(&sd->dma.channels);
	dma_cap_set(DMA_MEMCPY, sd->dma.cap_mask);
	dma_cap_set(DMA_PRIVATE, sd->dma.cap_mask);
	sd->dma.dev = &pdev->dev;
	sd->dma.copy_align = DMAENGINE_ALIGN_1_BYTE;
	sd->dma.residue_granularity = DMA_RESIDUE_GRANULARITY_DESCRIPTOR;
	sd->dma.device_alloc_chan_resources = soft_dma_alloc_chan_resources;
	sd->dma.device_free_chan_resources = soft_dma_free_chan_resources;
	sd->dma.device_prep_dma_memcpy = soft_dma_prep_memcpy;
	sd->dma.device_issue_pending = soft_dma_issue_pending;
	sd->dma.device_tx_status = soft_dma_tx_status;
	sd->dma.device_terminate_all = soft_dma_terminate_all;
	sd->dma.device_synchronize = soft_dma_synchronize;
	sd->dma.device_release = soft_dma_release;
	for (i = 0; i < nr_channels; i++)
		soft_dma_init_chan(sd, &sd->chans[i]);

	ret = dma_async_device_register(&sd->dma);
	if (ret) {
		kfree(sd);
		return ret;
	}
	platform_set_drvdata(pdev, sd);
	dev_info(&pdev->dev, "%u memcpy channels, descriptors up to %u bytes\n",
		 nr_channels, dma_get_max_seg_size(&pdev->dev));
	return 0;
}

static void soft_dma_remove(struct platform_device *pdev)
{
	struct soft_dma *sd = platform_get_drvdata(pdev);

	/* Frees sd through soft_dma_release(), now or at the last release. */
	dma_async_device_unregister(&sd->dma);
}

static struct platform_driver soft_dma_driver = {
	.probe = soft_dma_probe,
	.remove = soft_dma_remove,
	.driver = {
		.name = SOFT_DMA_NAME,
	},
};

static int __init soft_dma_init(void)
{
	int ret;

	if (!nr_channels || nr_channels > SOFT_DMA_MAX_CHANNELS) {
		pr_err("nr_channels must be 1..%d\n", SOFT_DMA_MAX_CHANNELS);
		return -EINVAL;
	}
	ret = platform_driver_register(&soft_dma_driver);
	if (ret)
		return ret;
	soft_dma_pdev = platform_device_register_simple(SOFT_DMA_NAME,
							PLATFORM_DEVID_NONE,
							NULL, 0);
	if (IS_ERR(soft_dma_pdev)) {
		ret = PTR_ERR(soft_dma_pdev);
		goto err_driver;
	}
	if (!platform_get_drvdata(soft_dma_pdev)) {
		ret = -ENODEV;
		goto err_device;
	}
	return 0;

err_device:
	platform_device_unregister(soft_dma_pdev);
err_driver:
	platform_driver_unregister(&soft_dma_driver);
	return ret;
}

static void __exit soft_dma_exit(void)
{
	platform_device_unregister(soft_dma_pdev);
	platform_driver_unregister(&soft_dma_driver);
}

module_init(soft_dma_init);
module_exit(soft_dma_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Software DMAEngine memcpy provider with fault injection, for tests");
