/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the guest programs (mco-guest-test, mco-tier-test) share: TAP
 * diagnostics and checks, file helpers, the clock, and the scan of the
 * kernel log for reports.  Each program is one translation unit.
 */
#ifndef _MCO_GUEST_H
#define _MCO_GUEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/klog.h>
#include <sys/syscall.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* A TAP diagnostic line. */
static void __attribute__((format(printf, 1, 2))) diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

/* Evaluate a condition; on failure say which, and fail the test. */
#define CHECK(cond) ({							\
	bool __ok = (cond);						\
	if (!__ok)							\
		diag("%s:%d: check failed: %s", __func__, __LINE__, #cond); \
	__ok;								\
})

/* Write @s to @path (truncating: clears a tracefs buffer); 0 or -errno. */
static int write_file(const char *path, const char *s)
{
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* Read @path into @buf without its trailing newlines; 0 or -errno. */
static int read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

/*
 * A counter of /proc/vmstat.  Node counters (pgdemote_*, pgpromote_*) lag
 * behind by what each CPU has not folded in yet: stat_refresh folds it.
 */
static uint64_t vmstat_read(const char *name)
{
	size_t len = strlen(name);
	char line[128];
	uint64_t val = 0;
	FILE *f;

	write_file("/proc/sys/vm/stat_refresh", "1");
	f = fopen("/proc/vmstat", "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, len) && line[len] == ' ')
			val = strtoull(line + len + 1, NULL, 10);
	fclose(f);
	return val;
}

/*
 * Load the module @dir/@mod.ko with parameters @args (insmod); one that
 * is loaded already counts as loaded.  0 or -errno.
 */
static int mod_load_args(const char *dir, const char *mod, const char *args)
{
	char path[256];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/%s.ko", dir, mod);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, args, 0) ? -errno : 0;
	close(fd);
	return ret == -EEXIST ? 0 : ret;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The kernel log holds no warning, BUG, KASAN, lockdep, sleeping-in-atomic
 * or hung-task report; each one found is shown.  (A DMA-API debug report is
 * a WARNING; its other lines, "DMA-API: debugging enabled", are not.)
 */
static bool dmesg_clean(void)
{
	static const char *const bad[] = {
		"WARNING:", "BUG:", "KASAN", "Oops", "general protection",
		"Call Trace:", "circular locking", "recursive locking",
		"inconsistent lock state", "lockdep is turned off",
		"sleeping function called", "corruption", "UBSAN",
		"blocked for more than",
	};
	int len = klogctl(10, NULL, 0), n, nr_bad = 0;
	char *buf, *line, *save;
	size_t i;

	if (len <= 0)
		len = 1 << 20;
	buf = malloc(len + 1);
	if (!buf)
		return false;
	n = klogctl(3, buf, len);
	if (n < 0) {
		free(buf);
		return false;
	}
	buf[n] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		/* The poison the suite injects on purpose, reported. */
		if (strstr(line, "Memory failure: "))
			continue;
		for (i = 0; i < ARRAY_SIZE(bad); i++)
			if (strstr(line, bad[i])) {
				if (nr_bad++ < 40)
					diag("dmesg: %s", line);
				break;
			}
	}
	free(buf);
	return nr_bad == 0;
}

#endif
