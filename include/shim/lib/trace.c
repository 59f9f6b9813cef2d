// SPDX-License-Identifier: GPL-2.0-only
/* The trace events of <trace/events/migrate_offload.h>, recorded. */
#include <pthread.h>
#include <stdio.h>
#include <trace/events/migrate_offload.h>

bool shim_trace_on;
struct shim_trace_batch shim_trace_batch;
struct shim_trace_switch shim_trace_switch;
static pthread_mutex_t shim_trace_lock = PTHREAD_MUTEX_INITIALIZER;

void shim_trace_batch_record(const char *backend, const char *reason,
			     unsigned int nr_folios, unsigned long nr_pages,
			     unsigned int copied, int err, u64 ns)
{
	struct shim_trace_batch *t = &shim_trace_batch;

	pthread_mutex_lock(&shim_trace_lock);
	t->count++;
	snprintf(t->backend, sizeof(t->backend), "%s", backend);
	snprintf(t->reason, sizeof(t->reason), "%s", reason);
	t->nr_folios = nr_folios;
	t->nr_pages = nr_pages;
	t->copied = copied;
	t->err = err;
	t->ns = ns;
	pthread_mutex_unlock(&shim_trace_lock);
}

void shim_trace_switch_record(const char *from, const char *to)
{
	struct shim_trace_switch *t = &shim_trace_switch;

	pthread_mutex_lock(&shim_trace_lock);
	t->count++;
	snprintf(t->from, sizeof(t->from), "%s", from);
	snprintf(t->to, sizeof(t->to), "%s", to);
	pthread_mutex_unlock(&shim_trace_lock);
}
