// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's kernel/kthread.c and kernel/sched/wait.c: kernel threads are
 * pthreads; a wait queue is a mutex, a condition variable and a wake-up
 * sequence count (see <linux/wait.h>).
 */
#include <stdarg.h>
#include <stdio.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/wait.h>

struct task_struct {
	pthread_t thread;
	int (*threadfn)(void *data);
	void *data;
	char comm[16];
	int should_stop;			/* atomic */
	struct wait_queue_head *waiting_on;	/* atomic */
	int ret;
};

static __thread struct task_struct *shim_current_kthread;

void init_waitqueue_head(struct wait_queue_head *wq)
{
	pthread_mutex_init(&wq->lock, NULL);
	pthread_cond_init(&wq->cond, NULL);
	wq->seq = 0;
}

/* Every waiter is woken: a waiter that finds its condition false waits again. */
int __wake_up(struct wait_queue_head *wq, unsigned int mode, int nr_exclusive,
	      void *key)
{
	pthread_mutex_lock(&wq->lock);
	wq->seq++;
	pthread_cond_broadcast(&wq->cond);
	pthread_mutex_unlock(&wq->lock);
	return 0;
}

unsigned long shim_wait_prepare(struct wait_queue_head *wq)
{
	unsigned long seq;

	/* Published before the condition is tested: see kthread_stop(). */
	if (shim_current_kthread)
		__atomic_store_n(&shim_current_kthread->waiting_on, wq,
				 __ATOMIC_SEQ_CST);
	pthread_mutex_lock(&wq->lock);
	seq = wq->seq;
	pthread_mutex_unlock(&wq->lock);
	return seq;
}

void shim_wait_sleep(struct wait_queue_head *wq, unsigned long seq)
{
	pthread_mutex_lock(&wq->lock);
	while (wq->seq == seq)
		pthread_cond_wait(&wq->cond, &wq->lock);
	pthread_mutex_unlock(&wq->lock);
}

void shim_wait_finish(struct wait_queue_head *wq)
{
	if (shim_current_kthread)
		__atomic_store_n(&shim_current_kthread->waiting_on, NULL,
				 __ATOMIC_SEQ_CST);
}

static void *shim_kthread_main(void *arg)
{
	struct task_struct *k = arg;

	shim_current_kthread = k;
	k->ret = k->threadfn(k->data);
	return NULL;
}

struct task_struct *kthread_run(int (*threadfn)(void *data), void *data,
				const char *namefmt, ...)
{
	struct task_struct *k;
	va_list ap;

	might_sleep();
	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return ERR_PTR(-ENOMEM);
	k->threadfn = threadfn;
	k->data = data;
	va_start(ap, namefmt);
	vsnprintf(k->comm, sizeof(k->comm), namefmt, ap);
	va_end(ap);
	if (pthread_create(&k->thread, NULL, shim_kthread_main, k)) {
		kfree(k);
		return ERR_PTR(-EAGAIN);
	}
	pthread_setname_np(k->thread, k->comm);
	return k;
}

bool kthread_should_stop(void)
{
	return shim_current_kthread &&
	       __atomic_load_n(&shim_current_kthread->should_stop,
			       __ATOMIC_SEQ_CST);
}

int kthread_stop(struct task_struct *k)
{
	struct wait_queue_head *wq;
	int ret;

	might_sleep();
	/*
	 * Either the thread sees the flag when it tests its condition, or
	 * we see the queue it sleeps on and wake it (both orders are SC).
	 */
	__atomic_store_n(&k->should_stop, 1, __ATOMIC_SEQ_CST);
	wq = __atomic_load_n(&k->waiting_on, __ATOMIC_SEQ_CST);
	if (wq)
		wake_up_all(wq);
	pthread_join(k->thread, NULL);
	ret = k->ret;
	kfree(k);
	return ret;
}
