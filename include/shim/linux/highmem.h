/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for <linux/highmem.h>: 64-bit, so no highmem. */
#ifndef _SHIM_LINUX_HIGHMEM_H
#define _SHIM_LINUX_HIGHMEM_H

#include <linux/mm.h>
#include <linux/uaccess.h>

static inline void *kmap_local_folio(struct folio *folio, size_t offset)
{
	return (char *)folio_address(folio) + offset;
}

static inline void *kmap_local_page(struct page *page)
{
	return page_address(page);
}

static inline void kunmap_local(const void *addr)
{
}

/* As x86's copy_mc_highpage(): reports the poisoned page and fails. */
static inline int copy_mc_highpage(struct page *to, struct page *from)
{
	unsigned long ret;

	ret = copy_mc_to_kernel(page_address(to), page_address(from),
				PAGE_SIZE);
	if (ret)
		memory_failure_queue(page_to_pfn(from), 0);
	return ret ? -EFAULT : 0;
}

#endif
