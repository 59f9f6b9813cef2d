// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must not flag: every error path unmaps what was mapped (goto unwinding,
 * reverse order); a timeout terminates before it unmaps; a mapping stored
 * in a structure is unmapped later by its owner; a loop unmaps a finished
 * transfer before it starts the next one, which may time out.
 */
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>

struct acme_xfer {
	dma_addr_t addr;
	bool mapped;
};

static int acme_copy_one(struct dma_chan *chan, struct folio *dst,
			 struct folio *src, struct completion *done)
{
	struct device *dev = dmaengine_get_dma_device(chan);
	struct dma_async_tx_descriptor *tx;
	dma_addr_t s, d;
	int ret;

	s = dma_map_page(dev, &src->page, 0, folio_size(src), DMA_TO_DEVICE);
	if (dma_mapping_error(dev, s))
		return -ENOMEM;
	d = dma_map_page(dev, &dst->page, 0, folio_size(dst),
			 DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, d)) {
		ret = -ENOMEM;
		goto unmap_src;
	}
	tx = dmaengine_prep_dma_memcpy(chan, d, s, folio_size(src), 0);
	if (!tx) {
		ret = -EIO;
		goto unmap_dst;
	}
	dmaengine_submit(tx);
	dma_async_issue_pending(chan);
	ret = 0;
	if (!wait_for_completion_timeout(done, HZ)) {
		dmaengine_terminate_sync(chan);
		ret = -ETIMEDOUT;
	}
unmap_dst:
	dma_unmap_page(dev, d, folio_size(dst), DMA_FROM_DEVICE);
unmap_src:
	dma_unmap_page(dev, s, folio_size(src), DMA_TO_DEVICE);
	return ret;
}

static int acme_map(struct device *dev, struct folio *f, struct acme_xfer *x)
{
	dma_addr_t a;

	a = dma_map_page(dev, &f->page, 0, folio_size(f), DMA_TO_DEVICE);
	if (dma_mapping_error(dev, a))
		return -ENOMEM;
	x->addr = a;
	x->mapped = true;
	return 0;
}

static int acme_loop(struct dma_chan *chan, struct folio **f, int n,
		     struct completion *done)
{
	struct device *dev = dmaengine_get_dma_device(chan);
	struct dma_async_tx_descriptor *tx;
	dma_addr_t a;
	int i;

	for (i = 0; i < n; i++) {
		a = dma_map_page(dev, &f[i]->page, 0, PAGE_SIZE,
				 DMA_BIDIRECTIONAL);
		if (dma_mapping_error(dev, a))
			return -ENOMEM;
		tx = dmaengine_prep_dma_memcpy(chan, a, a, PAGE_SIZE, 0);
		dmaengine_submit(tx);
		dma_async_issue_pending(chan);
		if (!wait_for_completion_timeout(done, HZ)) {
			dmaengine_terminate_sync(chan);
			dma_unmap_page(dev, a, PAGE_SIZE, DMA_BIDIRECTIONAL);
			return -ETIMEDOUT;
		}
		dma_unmap_page(dev, a, PAGE_SIZE, DMA_BIDIRECTIONAL);
	}
	return 0;
}
