// SPDX-License-Identifier: GPL-2.0-only
/* Must flag: on a timeout, the pages are unmapped before the terminate. */
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>

struct acme_xfer {
	struct dma_chan *chan;
	struct device *dev;
	dma_addr_t src, dst;
	size_t len;
	struct completion done;
};

static void acme_unmap_xfer(struct acme_xfer *x)
{
	dma_unmap_page(x->dev, x->dst, x->len, DMA_FROM_DEVICE);
	dma_unmap_page(x->dev, x->src, x->len, DMA_TO_DEVICE);
}

static int acme_wait(struct acme_xfer *x)
{
	if (!wait_for_completion_timeout(&x->done, HZ)) {
		acme_unmap_xfer(x);
		dmaengine_terminate_sync(x->chan);
		return -ETIMEDOUT;
	}
	acme_unmap_xfer(x);
	return 0;
}

static int acme_wait_direct(struct acme_xfer *x)
{
	if (wait_for_completion_timeout(&x->done, HZ))
		return 0;
	dma_unmap_page(x->dev, x->src, x->len, DMA_TO_DEVICE);
	dmaengine_terminate_async(x->chan);
	return -ETIMEDOUT;
}
