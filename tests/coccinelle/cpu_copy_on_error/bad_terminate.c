// SPDX-License-Identifier: GPL-2.0-only
/* Must flag: after terminating the channel, the backend copies the rest. */
#include <linux/dmaengine.h>
#include <linux/migrator.h>

static struct dma_chan *acme_chan;

static int acme_wait(void);

static int acme_copy(const struct migrate_offload_batch *batch)
{
	struct list_head *dst_list = batch->dst, *src_list = batch->src;
	unsigned int nr_folios = batch->nr_folios;
	unsigned long *copied = batch->copied;
	struct folio *src, *dst;

	if (acme_wait() > 0)
		return 0;
	dmaengine_terminate_async(acme_chan);
	dst = list_first_entry(dst_list, struct folio, lru);
	list_for_each_entry(src, src_list, lru) {
		copy_highpage(&dst->page, &src->page);
		dst = list_next_entry(dst, lru);
	}
	bitmap_fill(copied, nr_folios);
	return 0;
}

static struct migrator acme_migrator = {
	.name = "acme",
	.copy = acme_copy,
};
