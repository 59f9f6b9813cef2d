// SPDX-License-Identifier: GPL-2.0-only
/* The shim's kernel/sched/completion.c. */
#include <errno.h>
#include <linux/completion.h>

void init_completion(struct completion *x)
{
	pthread_condattr_t attr;

	x->done = 0;
	pthread_mutex_init(&x->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&x->wait, &attr);
	pthread_condattr_destroy(&attr);
}

void shim_destroy_completion(struct completion *x)
{
	pthread_cond_destroy(&x->wait);
	pthread_mutex_destroy(&x->lock);
}

void reinit_completion(struct completion *x)
{
	pthread_mutex_lock(&x->lock);
	x->done = 0;
	pthread_mutex_unlock(&x->lock);
}

void complete(struct completion *x)
{
	pthread_mutex_lock(&x->lock);
	if (x->done != UINT_MAX_DONE)
		x->done++;
	pthread_cond_signal(&x->wait);
	pthread_mutex_unlock(&x->lock);
}

void complete_all(struct completion *x)
{
	pthread_mutex_lock(&x->lock);
	x->done = UINT_MAX_DONE;
	pthread_cond_broadcast(&x->wait);
	pthread_mutex_unlock(&x->lock);
}

bool completion_done(struct completion *x)
{
	bool done;

	pthread_mutex_lock(&x->lock);
	done = x->done;
	pthread_mutex_unlock(&x->lock);
	return done;
}

void wait_for_completion(struct completion *x)
{
	might_sleep();
	pthread_mutex_lock(&x->lock);
	while (!x->done)
		pthread_cond_wait(&x->wait, &x->lock);
	if (x->done != UINT_MAX_DONE)
		x->done--;
	pthread_mutex_unlock(&x->lock);
}

unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout)
{
	unsigned long start = jiffies, elapsed;
	struct timespec deadline;
	int ret = 0;

	might_sleep();
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout / HZ;
	deadline.tv_nsec += (timeout % HZ) * (1000000000L / HZ);
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&x->lock);
	while (!x->done && ret != ETIMEDOUT)
		ret = pthread_cond_timedwait(&x->wait, &x->lock, &deadline);
	if (!x->done) {
		pthread_mutex_unlock(&x->lock);
		return 0;
	}
	if (x->done != UINT_MAX_DONE)
		x->done--;
	pthread_mutex_unlock(&x->lock);
	elapsed = jiffies - start;
	return elapsed < timeout ? timeout - elapsed : 1;
}
