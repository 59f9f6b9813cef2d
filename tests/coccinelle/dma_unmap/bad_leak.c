// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must flag: the source mapping leaks when the destination cannot be
 * mapped, and both leak when no descriptor can be prepared.
 */
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>

static int acme_copy_one(struct dma_chan *chan, struct folio *dst,
			 struct folio *src)
{
	struct device *dev = dmaengine_get_dma_device(chan);
	struct dma_async_tx_descriptor *tx;
	dma_addr_t s, d;

	s = dma_map_page(dev, &src->page, 0, folio_size(src), DMA_TO_DEVICE);
	if (dma_mapping_error(dev, s))
		return -ENOMEM;
	d = dma_map_page(dev, &dst->page, 0, folio_size(dst),
			 DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	tx = dmaengine_prep_dma_memcpy(chan, d, s, folio_size(src), 0);
	if (!tx)
		return -EIO;
	dmaengine_submit(tx);
	dma_async_issue_pending(chan);
	dma_unmap_page(dev, d, folio_size(dst), DMA_FROM_DEVICE);
	dma_unmap_page(dev, s, folio_size(src), DMA_TO_DEVICE);
	return 0;
}
