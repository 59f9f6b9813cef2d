// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must not flag: a CPU backend copies in its main path, by mode; a DMA
 * path that fails leaves the bits clear and returns the error.
 */
#include <linux/dmaengine.h>
#include <linux/migrator.h>

static struct dma_chan *acme_chan;
static bool acme_nt;

static int acme_copy_one(struct folio *dst, struct folio *src)
{
	struct dma_async_tx_descriptor *tx;
	struct completion done;
	unsigned long left;
	dma_addr_t s, d;
	int mode = acme_nt;

	if (!acme_chan) {
		if (mode)
			memcpy(folio_address(dst), folio_address(src),
			       folio_size(src));
		else
			folio_copy(dst, src);
		return 0;
	}
	if (folio_size(src) <= PAGE_SIZE) {
		left = copy_mc_to_kernel(folio_address(dst),
					 folio_address(src), PAGE_SIZE);
		return left ? -EHWPOISON : 0;
	}
	tx = dmaengine_prep_dma_memcpy(acme_chan, d, s, folio_size(src), 0);
	if (!tx)
		return -ENOMEM;
	dmaengine_submit(tx);
	dma_async_issue_pending(acme_chan);
	if (!wait_for_completion_timeout(&done, HZ)) {
		dmaengine_terminate_sync(acme_chan);
		return -ETIMEDOUT;
	}
	return 0;
}

static int acme_copy(const struct migrate_offload_batch *batch)
{
	struct list_head *dst_list = batch->dst, *src_list = batch->src;
	unsigned long *copied = batch->copied;
	struct folio *src, *dst;
	unsigned int i = 0;
	int err, ret = 0;

	dst = list_first_entry(dst_list, struct folio, lru);
	list_for_each_entry(src, src_list, lru) {
		err = acme_copy_one(dst, src);
		if (err)
			ret = err;
		else
			__set_bit(i, copied);
		dst = list_next_entry(dst, lru);
		i++;
	}
	return ret;
}

static struct migrator acme_migrator = {
	.name = "acme",
	.copy = acme_copy,
};
