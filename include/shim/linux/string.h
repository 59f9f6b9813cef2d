/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for <linux/string.h>. */
#ifndef _SHIM_LINUX_STRING_H
#define _SHIM_LINUX_STRING_H

#include <string.h>
#include <linux/types.h>

ssize_t strscpy(char *dst, const char *src, size_t size);
char *strim(char *s);
char *skip_spaces(const char *s);
bool sysfs_streq(const char *s1, const char *s2);
int match_string(const char * const *array, size_t n, const char *string);
int __sysfs_match_string(const char * const *array, size_t n, const char *s);
/* x86-64: non-temporal stores, not fenced (lib/flushcache.c). */
void memcpy_flushcache(void *dst, const void *src, size_t size);

#define strstrip(s)	strim(s)

#endif
