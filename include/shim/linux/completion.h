/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/completion.h>: a counter under a pthread
 * mutex with a condition variable, with the kernel's return conventions.
 */
#ifndef _SHIM_LINUX_COMPLETION_H
#define _SHIM_LINUX_COMPLETION_H

#include <pthread.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>

struct completion {
	unsigned int done;
	pthread_mutex_t lock;
	pthread_cond_t wait;
};

#define UINT_MAX_DONE	(~0U)

void init_completion(struct completion *x);
void reinit_completion(struct completion *x);
void complete(struct completion *x);
void complete_all(struct completion *x);
void wait_for_completion(struct completion *x);
/* Return: 0 on timeout, else the jiffies left (at least 1). */
unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout);
bool completion_done(struct completion *x);
/* Release what init_completion() set up (no kernel counterpart needed). */
void shim_destroy_completion(struct completion *x);

#endif
