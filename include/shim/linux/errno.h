/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for <linux/errno.h>: uapi errnos plus kernel-only ones. */
#ifndef _SHIM_LINUX_ERRNO_H
#define _SHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#ifndef ERESTARTSYS
#define ERESTARTSYS	512
#endif
#ifndef EPROBE_DEFER
#define EPROBE_DEFER	517
#endif
#ifndef ENOTSUPP
#define ENOTSUPP	524
#endif

#endif
