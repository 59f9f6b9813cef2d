// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's kernel/workqueue.c, for per-CPU workqueues: one worker thread
 * per online CPU, pinned to that CPU, running its items in queue order.
 *
 * Locking: each pool's lock protects its list and the ->pending and
 * ->running flags of the items queued on it; ->done is broadcast whenever
 * an item finishes, for flush_work().
 */
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

struct shim_wq_pool {
	pthread_mutex_t lock;
	pthread_cond_t more;		/* work queued, or stop */
	pthread_cond_t done;		/* an item finished */
	struct list_head list;
	pthread_t thread;
	int cpu;
	bool stop;
};

struct workqueue_struct {
	char name[24];
	unsigned int flags;
	unsigned int nr_pools;
	struct shim_wq_pool pools[];
};

int fail_alloc_workqueue;
unsigned int shim_wq_wake_delay_us;

static void *shim_wq_worker(void *arg)
{
	struct shim_wq_pool *pool = arg;
	struct work_struct *work;
	unsigned int delay;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(pool->cpu, &set);
	/* Best effort: a CPU outside our affinity leaves the thread free. */
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	pthread_mutex_lock(&pool->lock);
	for (;;) {
		while (list_empty(&pool->list) && !pool->stop)
			pthread_cond_wait(&pool->more, &pool->lock);
		if (list_empty(&pool->list))
			break;
		delay = __atomic_load_n(&shim_wq_wake_delay_us,
					__ATOMIC_RELAXED);
		if (delay) {
			/* A slow wake-up: the item may be cancelled meanwhile. */
			pthread_mutex_unlock(&pool->lock);
			usleep(delay);
			pthread_mutex_lock(&pool->lock);
			if (list_empty(&pool->list))
				continue;
		}
		work = list_first_entry(&pool->list, struct work_struct, entry);
		list_del_init(&work->entry);
		work->pending = false;
		work->running = true;
		pthread_mutex_unlock(&pool->lock);
		work->func(work);
		pthread_mutex_lock(&pool->lock);
		/* The item may have been freed or requeued: touch it here only. */
		work->running = false;
		pthread_cond_broadcast(&pool->done);
	}
	pthread_mutex_unlock(&pool->lock);
	return NULL;
}

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags,
					 int max_active, ...)
{
	unsigned int i, nr = num_online_cpus();
	struct workqueue_struct *wq;
	va_list args;

	might_sleep();
	if (fail_alloc_workqueue > 0 && !--fail_alloc_workqueue)
		return NULL;
	wq = kzalloc(struct_size(wq, pools, nr), GFP_KERNEL);
	if (!wq)
		return NULL;
	va_start(args, max_active);
	vsnprintf(wq->name, sizeof(wq->name), fmt, args);
	va_end(args);
	wq->flags = flags;
	for (i = 0; i < nr; i++) {
		struct shim_wq_pool *pool = &wq->pools[i];
		char tname[48];

		pthread_mutex_init(&pool->lock, NULL);
		pthread_cond_init(&pool->more, NULL);
		pthread_cond_init(&pool->done, NULL);
		INIT_LIST_HEAD(&pool->list);
		pool->cpu = i;
		if (pthread_create(&pool->thread, NULL, shim_wq_worker, pool))
			break;
		/* A thread name has at most 15 characters. */
		snprintf(tname, sizeof(tname), "kworker/%u:%s", i, wq->name);
		tname[15] = '\0';
		pthread_setname_np(pool->thread, tname);
		wq->nr_pools++;
	}
	if (wq->nr_pools < nr) {
		destroy_workqueue(wq);
		return NULL;
	}
	return wq;
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	unsigned int i;

	might_sleep();
	for (i = 0; i < wq->nr_pools; i++) {
		struct shim_wq_pool *pool = &wq->pools[i];

		pthread_mutex_lock(&pool->lock);
		pool->stop = true;
		pthread_cond_signal(&pool->more);
		pthread_mutex_unlock(&pool->lock);
		pthread_join(pool->thread, NULL);
		pthread_cond_destroy(&pool->done);
		pthread_cond_destroy(&pool->more);
		pthread_mutex_destroy(&pool->lock);
	}
	kfree(wq);
}

bool queue_work_on(int cpu, struct workqueue_struct *wq,
		   struct work_struct *work)
{
	struct shim_wq_pool *pool = &wq->pools[(unsigned int)cpu % wq->nr_pools];
	struct shim_wq_pool *old = __atomic_load_n(&work->pool,
						   __ATOMIC_ACQUIRE);
	bool queued = false;

	/* An item may sit on one pool at a time: take its pool's lock. */
	if (old && old != pool) {
		pthread_mutex_lock(&old->lock);
		queued = work->pending;
		pthread_mutex_unlock(&old->lock);
		if (queued)
			return false;
	}
	pthread_mutex_lock(&pool->lock);
	if (!work->pending) {
		work->pending = true;
		__atomic_store_n(&work->pool, pool, __ATOMIC_RELEASE);
		list_add_tail(&work->entry, &pool->list);
		pthread_cond_signal(&pool->more);
		queued = true;
	}
	pthread_mutex_unlock(&pool->lock);
	return queued;
}

bool flush_work(struct work_struct *work)
{
	struct shim_wq_pool *pool = __atomic_load_n(&work->pool,
						    __ATOMIC_ACQUIRE);
	bool waited = false;

	might_sleep();
	if (!pool)
		return false;
	pthread_mutex_lock(&pool->lock);
	while (work->pending || work->running) {
		waited = true;
		pthread_cond_wait(&pool->done, &pool->lock);
	}
	pthread_mutex_unlock(&pool->lock);
	return waited;
}

bool cancel_work(struct work_struct *work)
{
	struct shim_wq_pool *pool = __atomic_load_n(&work->pool,
						    __ATOMIC_ACQUIRE);
	bool cancelled = false;

	if (!pool)
		return false;
	pthread_mutex_lock(&pool->lock);
	if (work->pending) {
		list_del_init(&work->entry);
		work->pending = false;
		cancelled = true;
	}
	pthread_mutex_unlock(&pool->lock);
	return cancelled;
}
