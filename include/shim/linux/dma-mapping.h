/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/dma-mapping.h>.  A bus address is the
 * virtual address (no IOMMU, no offset), as dma-direct gives on a machine
 * whose memory is all directly mapped.  Every live mapping is counted, so a
 * test can assert that a client unmapped all it mapped; fail_dma_map_nth,
 * when non-zero, makes the mapping with that number (counted from when it
 * was set) fail with DMA_MAPPING_ERROR.  Devices carry dma_parms, so that
 * the segment and mapping limits of a provider reach its clients.
 */
#ifndef _SHIM_LINUX_DMA_MAPPING_H
#define _SHIM_LINUX_DMA_MAPPING_H

#include <linux/device.h>
#include <linux/mm.h>

enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

#define DMA_MAPPING_ERROR	(~(dma_addr_t)0)
#define DMA_BIT_MASK(n)		(((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))

extern int fail_dma_map_nth;

dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page,
			      size_t offset, size_t size,
			      enum dma_data_direction dir, unsigned long attrs);
void dma_unmap_page_attrs(struct device *dev, dma_addr_t addr, size_t size,
			  enum dma_data_direction dir, unsigned long attrs);
int dma_set_mask_and_coherent(struct device *dev, u64 mask);

#define dma_map_page(d, p, o, s, r)	dma_map_page_attrs(d, p, o, s, r, 0)
#define dma_unmap_page(d, a, s, r)	dma_unmap_page_attrs(d, a, s, r, 0)

static inline int dma_mapping_error(struct device *dev, dma_addr_t dma_addr)
{
	return dma_addr == DMA_MAPPING_ERROR ? -ENOMEM : 0;
}

/* Mappings made and not yet unmapped, over every device. */
long shim_dma_mappings(void);

/*
 * The longest mapping: unlimited, as dma-direct without bounce buffers,
 * unless a test sets shim_dma_max_mapping (bytes, 0: unlimited) to play
 * swiotlb, whose mappings fail above its limit.
 */
extern size_t shim_dma_max_mapping;
size_t dma_max_mapping_size(struct device *dev);

/* 64 KiB unless the bus or driver set the device's dma_parms. */
static inline unsigned int dma_get_max_seg_size(struct device *dev)
{
	if (dev->dma_parms && dev->dma_parms->max_segment_size)
		return dev->dma_parms->max_segment_size;
	return 65536;
}

static inline void dma_set_max_seg_size(struct device *dev, unsigned int size)
{
	if (WARN_ON_ONCE(!dev->dma_parms))
		return;
	dev->dma_parms->max_segment_size = size;
}

#endif
