// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's RCU readers: liburcu's membarrier flavour wants every reader
 * thread registered, so a thread registers at its first srcu_read_lock()
 * and a thread-specific-data destructor unregisters it at thread exit.
 */
#include <pthread.h>
#include <linux/srcu.h>

__thread bool shim_rcu_registered;
static pthread_key_t shim_rcu_key;
static pthread_once_t shim_rcu_once = PTHREAD_ONCE_INIT;

static void shim_rcu_thread_exit(void *arg)
{
	urcu_memb_unregister_thread();
	shim_rcu_registered = false;
}

static void shim_rcu_make_key(void)
{
	BUG_ON(pthread_key_create(&shim_rcu_key, shim_rcu_thread_exit));
}

void shim_rcu_register_thread(void)
{
	pthread_once(&shim_rcu_once, shim_rcu_make_key);
	urcu_memb_register_thread();
	shim_rcu_registered = true;
	/* Any non-NULL value makes the destructor run at thread exit. */
	pthread_setspecific(shim_rcu_key, &shim_rcu_registered);
}
