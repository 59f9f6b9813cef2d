/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the static keys of <linux/jump_label.h>.  The
 * kernel patches a jump; here the branch reads a flag.  Flipping a key may
 * sleep in the kernel, so enable/disable check might_sleep().
 */
#ifndef _SHIM_LINUX_JUMP_LABEL_H
#define _SHIM_LINUX_JUMP_LABEL_H

#include <linux/kernel.h>

struct static_key_false {
	int enabled;
};

#define DEFINE_STATIC_KEY_FALSE(name)	struct static_key_false name = { 0 }
#define DECLARE_STATIC_KEY_FALSE(name)	extern struct static_key_false name

#define static_branch_unlikely(k) \
	unlikely(__atomic_load_n(&(k)->enabled, __ATOMIC_RELAXED))
#define static_branch_likely(k) \
	likely(__atomic_load_n(&(k)->enabled, __ATOMIC_RELAXED))
#define static_key_enabled(k)	__atomic_load_n(&(k)->enabled, __ATOMIC_RELAXED)

#define static_branch_enable(k)						\
	do {								\
		might_sleep();						\
		__atomic_store_n(&(k)->enabled, 1, __ATOMIC_SEQ_CST);	\
	} while (0)
#define static_branch_disable(k)					\
	do {								\
		might_sleep();						\
		__atomic_store_n(&(k)->enabled, 0, __ATOMIC_SEQ_CST);	\
	} while (0)

#endif
