/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the folio parts of <linux/mm.h>.  A folio is real
 * memory: 2^order base pages of 4 KiB at ->virtual, naturally aligned when
 * allocated with shim_folio_alloc().  A struct page pointer is the address
 * of its page, so page_address() is an identity.
 */
#ifndef _SHIM_LINUX_MM_H
#define _SHIM_LINUX_MM_H

#include <linux/kernel.h>
#include <linux/list.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define HPAGE_PMD_ORDER	9
#define HPAGE_PMD_NR	(1 << HPAGE_PMD_ORDER)
#define MAX_PAGE_ORDER	10

struct page;

struct folio {
	struct list_head lru;
	void *virtual;
	unsigned int order;
	unsigned long private;
};

static inline long folio_nr_pages(const struct folio *folio)
{
	return 1L << folio->order;
}

static inline size_t folio_size(const struct folio *folio)
{
	return PAGE_SIZE << folio->order;
}

static inline unsigned int folio_order(const struct folio *folio)
{
	return folio->order;
}

static inline void *folio_address(const struct folio *folio)
{
	return folio->virtual;
}

static inline struct page *folio_page(struct folio *folio, long n)
{
	return (struct page *)((char *)folio->virtual + n * PAGE_SIZE);
}

static inline void *page_address(const struct page *page)
{
	return (void *)page;
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)page >> PAGE_SHIFT;
}

static inline unsigned long folio_pfn(struct folio *folio)
{
	return (unsigned long)folio->virtual >> PAGE_SHIFT;
}

/* mm/util.c: 0, or -EHWPOISON when a source page is poisoned. */
int folio_mc_copy(struct folio *dst, struct folio *src);
void folio_copy(struct folio *dst, struct folio *src);

/* mm/memory-failure.c: counted, so tests see that a poison was reported. */
void memory_failure_queue(unsigned long pfn, int flags);
extern unsigned long shim_memory_failure_queued;

/* Folios of real memory for tests and tools; free with shim_folio_free(). */
struct folio *shim_folio_alloc(unsigned int order);
void shim_folio_free(struct folio *folio);
void shim_folio_init(struct folio *folio, void *addr, unsigned int order);

#endif
