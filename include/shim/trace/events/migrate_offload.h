/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the migrate_offload trace events: while a test
 * turns them on (shim_trace_on), each event is recorded (the last one of
 * each kind, and a count), so that tests read back what perf or tracefs
 * would show.  Off, as in the kernel while no one traces, they cost a
 * test of a flag: mco-bench measures without them.
 */
#ifndef _SHIM_TRACE_EVENTS_MIGRATE_OFFLOAD_H
#define _SHIM_TRACE_EVENTS_MIGRATE_OFFLOAD_H

#include <linux/compiler.h>
#include <linux/types.h>

struct shim_trace_batch {
	unsigned long count;
	char backend[16];
	char reason[32];
	unsigned int nr_folios;
	unsigned long nr_pages;
	unsigned int copied;
	int err;
	u64 ns;
};

struct shim_trace_switch {
	unsigned long count;
	char from[16];
	char to[16];
};

extern struct shim_trace_batch shim_trace_batch;
extern struct shim_trace_switch shim_trace_switch;
extern bool shim_trace_on;

static inline bool trace_migrate_offload_batch_enabled(void)
{
	return READ_ONCE(shim_trace_on);
}

void shim_trace_batch_record(const char *backend, const char *reason,
			     unsigned int nr_folios, unsigned long nr_pages,
			     unsigned int copied, int err, u64 ns);
void shim_trace_switch_record(const char *from, const char *to);

static inline void
trace_migrate_offload_batch(const char *backend, const char *reason,
			    unsigned int nr_folios, unsigned long nr_pages,
			    unsigned int copied, int err, u64 ns)
{
	if (READ_ONCE(shim_trace_on))
		shim_trace_batch_record(backend, reason, nr_folios, nr_pages,
					copied, err, ns);
}

static inline void trace_migrate_offload_switch(const char *from,
						const char *to)
{
	if (READ_ONCE(shim_trace_on))
		shim_trace_switch_record(from, to);
}

#endif
