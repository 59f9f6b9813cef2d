/* SPDX-License-Identifier: GPL-2.0-only */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM migrate_offload

#if !defined(_TRACE_MIGRATE_OFFLOAD_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_MIGRATE_OFFLOAD_H

#include <linux/tracepoint.h>

/*
 * A batch the core handed to a backend: who copied it, why it migrated,
 * how much of it the backend copied, its error and the time it took.
 */
TRACE_EVENT(migrate_offload_batch,
	    TP_PROTO(const char *backend, const char *reason,
		     unsigned int nr_folios, unsigned long nr_pages,
		     unsigned int copied, int err, u64 ns),
	    TP_ARGS(backend, reason, nr_folios, nr_pages, copied, err, ns),
	    TP_STRUCT__entry(__string(backend, backend)
			     __string(reason, reason)
			     __field(unsigned int, nr_folios)
			     __field(unsigned long, nr_pages)
			     __field(unsigned int, copied)
			     __field(int, err)
			     __field(u64, ns)),
	    TP_fast_assign(__assign_str(backend);
			   __assign_str(reason);
			   __entry->nr_folios = nr_folios;
			   __entry->nr_pages = nr_pages;
			   __entry->copied = copied;
			   __entry->err = err;
			   __entry->ns = ns;),
	    TP_printk("backend=%s reason=%s folios=%u pages=%lu copied=%u err=%d ns=%llu",
		      __get_str(backend), __get_str(reason),
		      __entry->nr_folios, __entry->nr_pages, __entry->copied,
		      __entry->err, __entry->ns)
);

/* The active backend changed ("none": no backend). */
TRACE_EVENT(migrate_offload_switch,
	    TP_PROTO(const char *from, const char *to),
	    TP_ARGS(from, to),
	    TP_STRUCT__entry(__string(from, from)
			     __string(to, to)),
	    TP_fast_assign(__assign_str(from);
			   __assign_str(to);),
	    TP_printk("from=%s to=%s", __get_str(from), __get_str(to))
);

#endif /* _TRACE_MIGRATE_OFFLOAD_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
