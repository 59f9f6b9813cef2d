// SPDX-License-Identifier: GPL-2.0-only
/*
 * mcoctl - show and change the batch copy offload of page migration.
 *
 * A thin, careful front end to /sys/kernel/mm/migrate_offload/: it checks
 * every argument before it writes anything, and turns each refusal into one
 * line that names the choices.  With --root DIR (or MCOCTL_ROOT=DIR) it works
 * on any directory of the same shape, which is how its tests run.
 *
 * Exit status: 0 on success, 1 when the system refused or lacks something
 * (no such backend or knob, a write that failed), 2 for a malformed command
 * line (unknown verb or option, wrong number of arguments, a value that is
 * not a number, not a reason name or out of its fixed range).
 *
 * See tools/mcoctl.8.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MCOCTL_DEFAULT_ROOT	"/sys/kernel/mm/migrate_offload"
#define MCOCTL_ROOT_ENV		"MCOCTL_ROOT"

#define EXIT_FAIL		1
#define EXIT_USAGE		2

/* Longest value of a sysfs attribute (one page) and of a path. */
#define MCOCTL_VAL_MAX		4096
#define MCOCTL_PATH_MAX		4096
/* More than the kernel's backend names could ever fill in one page. */
#define MCOCTL_BACKENDS_MAX	64
#define MCOCTL_NAME_MAX		64
#define MCOCTL_KNOBS_MAX	64

/* Bounds of min_batch and max_batch (MIGRATE_OFFLOAD_BATCH_*), in pages. */
#define MCOCTL_BATCH_DEFAULT	512
#define MCOCTL_BATCH_LIMIT	(64 * 512)

/* The kernel's reason names: MIGRATE_REASON in trace/events/migrate.h. */
static const char * const mcoctl_reasons[] = {
	"compaction", "memory_failure", "memory_hotplug", "syscall_or_cpuset",
	"mempolicy_mbind", "numa_misplaced", "contig_range", "longterm_pin",
	"demotion", "damon",
};

static const char * const mcoctl_stats[] = {
	"batches", "folios", "bytes", "fallbacks", "failures", "timeouts",
};

/* The counters of each reason, in stats/<reason>/ (kernels that have it). */
static const char * const mcoctl_reason_stats[] = {
	"batches", "folios", "bytes", "fallbacks",
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
/* As tools/include/linux/compiler.h has them. */
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __noreturn	__attribute__((noreturn))

static const char *mcoctl_root = MCOCTL_DEFAULT_ROOT;

struct mcoctl_backends {
	char names[MCOCTL_BACKENDS_MAX][MCOCTL_NAME_MAX];
	int nr;
	int active;	/* index in names[]; names[0] is "none" */
};

struct mcoctl_knobs {
	char names[MCOCTL_KNOBS_MAX][MCOCTL_NAME_MAX];
	int nr;
};

static const char mcoctl_usage_text[] =
"Usage: mcoctl [--root DIR] VERB [ARGS]\n"
"\n"
"Show and change the batch copy offload of page migration\n"
"(/sys/kernel/mm/migrate_offload/).\n"
"\n"
"Verbs:\n"
"  status                 active backend, reasons, batch sizes, statistics\n"
"                         and the active backend's tunables\n"
"  list                   every backend (the active one marked '*') and its\n"
"                         tunables\n"
"  use BACKEND            make BACKEND active ('none' stops offloading)\n"
"  reasons [WORD...]      show, or set, the migrate reasons offloaded\n"
"                         ('none' for no reason)\n"
"  min-batch [N]          show, or set, the fewest base pages worth\n"
"                         offloading (1..32768)\n"
"  max-batch [N]          show, or set, the batch cap of migrate_pages()\n"
"                         (512..32768)\n"
"  stats [--json]         the core's counters, totals and per reason\n"
"  reset [COUNTER...]     set the counters (or the ones named) to zero\n"
"  set BACKEND/KNOB VALUE change a backend's tunable\n"
"  get BACKEND[/KNOB]     show a backend's tunable, or all of them\n"
"  help                   this text\n"
"\n"
"Options:\n"
"  --root DIR             use DIR instead of " MCOCTL_DEFAULT_ROOT "\n"
"                         (also: environment variable " MCOCTL_ROOT_ENV ")\n"
"  -h, --help             this text\n"
"\n"
"Exit status: 0 success, 1 failure, 2 usage error.\n";

static void __printf(1, 2) __noreturn
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("mcoctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'mcoctl --help' for more information.\n", stderr);
	exit(EXIT_USAGE);
}

static void __printf(1, 2) __noreturn
fail(const char *fmt, ...)
{
	va_list ap;

	fputs("mcoctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAIL);
}

/* A hint for the errno of a failed open() or write(), or "". */
static const char *errno_hint(int err)
{
	if (err == EACCES || err == EPERM)
		return " (are you root?)";
	return "";
}

static void attr_path(char *path, const char *rel)
{
	if (snprintf(path, MCOCTL_PATH_MAX, "%s/%s", mcoctl_root, rel) >=
	    MCOCTL_PATH_MAX)
		fail("path too long: %s/%s", mcoctl_root, rel);
}

/*
 * Read the attribute @rel (relative to the root) into @buf, without its
 * trailing newline.  Return 0 or a negative errno.
 */
static int attr_read(const char *rel, char *buf, size_t size)
{
	char path[MCOCTL_PATH_MAX];
	ssize_t len;
	int fd, err;

	attr_path(path, rel);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, size - 1);
	err = errno;
	close(fd);
	if (len < 0)
		return -err;
	buf[len] = '\0';
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	return 0;
}

/* Read @rel or fail with a message naming the file. */
static void attr_read_or_fail(const char *rel, char *buf, size_t size)
{
	int err = attr_read(rel, buf, size);

	if (err)
		fail("cannot read %s/%s: %s%s", mcoctl_root, rel,
		     strerror(-err), errno_hint(-err));
}

/*
 * Write @val to the attribute @rel in one write(), as sysfs wants it.
 * Return 0 or a negative errno (the store's error for sysfs).
 */
static int attr_write(const char *rel, const char *val)
{
	char path[MCOCTL_PATH_MAX];
	size_t len = strlen(val);
	ssize_t ret;
	int fd, err = 0;

	attr_path(path, rel);
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return -errno;
	ret = write(fd, val, len);
	if (ret < 0)
		err = -errno;
	else if ((size_t)ret != len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/* Copy a name already checked to be shorter than MCOCTL_NAME_MAX. */
static void name_copy(char *dst, const char *src)
{
	snprintf(dst, MCOCTL_NAME_MAX, "%s", src);
}

/* "a b c" from a table of words, into @buf. */
static const char *words_join(const char * const *words, unsigned int nr,
			      char *buf, size_t size)
{
	size_t len = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < nr && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s", len ? " " : "",
				words[i]);
	return buf;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static void check_root(void)
{
	if (!is_dir(mcoctl_root))
		fail("no migrate_offload directory at %s (%s %s)", mcoctl_root,
		     "is CONFIG_MIGRATION_COPY_OFFLOAD enabled?",
		     "--root or " MCOCTL_ROOT_ENV " picks another tree");
}

/* Parse the backend file: "[none] null cpu_mt", the active one bracketed. */
static void backends_read(struct mcoctl_backends *b)
{
	char buf[MCOCTL_VAL_MAX], *p = buf, *word;

	attr_read_or_fail("backend", buf, sizeof(buf));
	b->nr = 0;
	b->active = -1;
	while ((word = strsep(&p, " \t\n"))) {
		size_t len = strlen(word);
		bool active = false;

		if (!len)
			continue;
		if (word[0] == '[' && len > 2 && word[len - 1] == ']') {
			word[len - 1] = '\0';
			word++;
			active = true;
		}
		if (b->nr == MCOCTL_BACKENDS_MAX)
			fail("too many backends in %s/backend", mcoctl_root);
		if (strlen(word) >= MCOCTL_NAME_MAX)
			fail("malformed %s/backend: '%s'", mcoctl_root, word);
		if (active)
			b->active = b->nr;
		name_copy(b->names[b->nr++], word);
	}
	if (!b->nr || strcmp(b->names[0], "none"))
		fail("malformed %s/backend: '%s' (expected e.g. '[none] null')",
		     mcoctl_root, buf);
}

static int backends_find(const struct mcoctl_backends *b, const char *name)
{
	int i;

	for (i = 0; i < b->nr; i++)
		if (!strcmp(b->names[i], name))
			return i;
	return -1;
}

static const char *backends_active(const struct mcoctl_backends *b)
{
	return b->active < 0 ? "?" : b->names[b->active];
}

/* "none null cpu_mt", from index @first on, into @buf. */
static const char *backends_choices(const struct mcoctl_backends *b,
				    int first, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = first; i < b->nr && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s", len ? " " : "",
				b->names[i]);
	return buf;
}

static int knob_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The tunables of @backend: the regular files of its directory, sorted. */
static int knobs_read(const char *backend, struct mcoctl_knobs *k)
{
	char path[MCOCTL_PATH_MAX];
	struct dirent *de;
	DIR *dir;

	attr_path(path, backend);
	k->nr = 0;
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		char file[MCOCTL_PATH_MAX];
		struct stat st;

		if (de->d_name[0] == '.' || strlen(de->d_name) >= MCOCTL_NAME_MAX)
			continue;
		if (snprintf(file, sizeof(file), "%s/%s", path, de->d_name) >=
		    (int)sizeof(file) || stat(file, &st) || S_ISDIR(st.st_mode))
			continue;
		if (k->nr == MCOCTL_KNOBS_MAX)
			break;
		name_copy(k->names[k->nr++], de->d_name);
	}
	closedir(dir);
	qsort(k->names, k->nr, sizeof(k->names[0]), knob_cmp);
	return 0;
}

static const char *knobs_choices(const struct mcoctl_knobs *k, char *buf,
				 size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < k->nr && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s", len ? " " : "",
				k->names[i]);
	return k->nr ? buf : "none";
}

static int knobs_find(const struct mcoctl_knobs *k, const char *name)
{
	int i;

	for (i = 0; i < k->nr; i++)
		if (!strcmp(k->names[i], name))
			return i;
	return -1;
}

/* Print @val on one line: a multi-line value's lines joined by "; ". */
static void print_one_line(const char *val)
{
	for (; *val; val++) {
		if (*val == '\n')
			fputs("; ", stdout);
		else
			putchar(*val);
	}
}

/* Print "knob=value ..." of @backend on one line, without a newline. */
static void knobs_print_line(const char *backend)
{
	char rel[MCOCTL_PATH_MAX], val[MCOCTL_VAL_MAX];
	struct mcoctl_knobs k;
	int i;

	if (knobs_read(backend, &k))
		return;
	for (i = 0; i < k.nr; i++) {
		snprintf(rel, sizeof(rel), "%s/%s", backend, k.names[i]);
		printf("%s%s=", i ? " " : "", k.names[i]);
		print_one_line(attr_read(rel, val, sizeof(val)) ? "?" : val);
	}
}

/* Parse a decimal number of base pages within [lo, hi]; exit 2 otherwise. */
static unsigned long parse_pages(const char *verb, const char *s,
				 unsigned long lo, unsigned long hi)
{
	unsigned long val;
	char *end;

	if (!*s || strspn(s, "0123456789") != strlen(s))
		usage_error("%s: '%s' is not a number of pages", verb, s);
	errno = 0;
	val = strtoul(s, &end, 10);
	if (errno || val < lo || val > hi)
		usage_error("%s: %s is out of range (%lu..%lu)", verb, s, lo, hi);
	return val;
}

static void no_args(const char *verb, int argc, char **argv)
{
	if (argc)
		usage_error("%s takes no arguments (got '%s')", verb, argv[0]);
}

static int cmd_status(int argc, char **argv)
{
	char val[MCOCTL_VAL_MAX], choices[MCOCTL_VAL_MAX];
	struct mcoctl_backends b;
	unsigned int i;

	no_args("status", argc, argv);
	backends_read(&b);
	printf("%-11s%s\n", "backend:", backends_active(&b));
	printf("%-11s%s\n", "choices:",
	       backends_choices(&b, 0, choices, sizeof(choices)));
	attr_read_or_fail("reasons", val, sizeof(val));
	printf("%-11s%s\n", "reasons:", val);
	attr_read_or_fail("min_batch", val, sizeof(val));
	printf("%-11s%s pages\n", "min_batch:", val);
	attr_read_or_fail("max_batch", val, sizeof(val));
	printf("%-11s%s pages\n", "max_batch:", val);
	printf("%-11s", "stats:");
	for (i = 0; i < ARRAY_SIZE(mcoctl_stats); i++) {
		char rel[64];

		snprintf(rel, sizeof(rel), "stats/%s", mcoctl_stats[i]);
		attr_read_or_fail(rel, val, sizeof(val));
		printf("%s%s=%s", i ? " " : "", mcoctl_stats[i], val);
	}
	putchar('\n');
	if (b.active > 0) {
		char label[MCOCTL_NAME_MAX + 2];

		snprintf(label, sizeof(label), "%s:", b.names[b.active]);
		printf("%-11s", label);
		knobs_print_line(b.names[b.active]);
		putchar('\n');
	}
	return 0;
}

static int cmd_list(int argc, char **argv)
{
	struct mcoctl_backends b;
	struct mcoctl_knobs k;
	int i;

	no_args("list", argc, argv);
	backends_read(&b);
	for (i = 0; i < b.nr; i++) {
		printf("%c %s", i == b.active ? '*' : ' ', b.names[i]);
		if (i && !knobs_read(b.names[i], &k) && k.nr) {
			int pad = 16 - (int)strlen(b.names[i]);

			printf("%*s", pad > 0 ? pad + 1 : 1, "");
			knobs_print_line(b.names[i]);
		}
		putchar('\n');
	}
	return 0;
}

static int cmd_use(int argc, char **argv)
{
	char choices[MCOCTL_VAL_MAX];
	struct mcoctl_backends b;
	const char *old;
	int err;

	if (argc != 1)
		usage_error("use takes one backend name");
	backends_read(&b);
	if (backends_find(&b, argv[0]) < 0)
		fail("unknown backend '%s' (choices: %s)", argv[0],
		     backends_choices(&b, 0, choices, sizeof(choices)));
	old = backends_active(&b);
	err = attr_write("backend", argv[0]);
	if (err == -ENODEV)
		fail("cannot use backend '%s': its module is going away; '%s' stays active",
		     argv[0], old);
	if (err)
		fail("cannot use backend '%s': %s%s; '%s' stays active",
		     argv[0], strerror(-err), errno_hint(-err), old);
	return 0;
}

static bool reason_valid(const char *word)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mcoctl_reasons); i++)
		if (!strcmp(word, mcoctl_reasons[i]))
			return true;
	return false;
}

static const char *reason_choices(char *buf, size_t size)
{
	size_t len = snprintf(buf, size, "none");
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mcoctl_reasons) && len < size; i++)
		len += snprintf(buf + len, size - len, " %s", mcoctl_reasons[i]);
	return buf;
}

static int cmd_reasons(int argc, char **argv)
{
	char val[MCOCTL_VAL_MAX], choices[512];
	bool none = false;
	size_t len = 0;
	int i, nr = 0, err;

	if (!argc) {
		attr_read_or_fail("reasons", val, sizeof(val));
		puts(val);
		return 0;
	}
	val[0] = '\0';
	for (i = 0; i < argc; i++) {
		char *p = argv[i], *word;

		while ((word = strsep(&p, " \t\n,"))) {
			if (!*word)
				continue;
			if (!strcmp(word, "none"))
				none = true;
			else if (!reason_valid(word))
				usage_error("unknown reason '%s' (choices: %s)",
					    word, reason_choices(choices,
								 sizeof(choices)));
			if (len + strlen(word) + 2 > sizeof(val))
				usage_error("reasons: too many words");
			len += sprintf(val + len, "%s%s", nr++ ? " " : "", word);
		}
	}
	if (!nr)
		usage_error("reasons: no reason given (choices: %s)",
			    reason_choices(choices, sizeof(choices)));
	if (none && nr > 1)
		usage_error("reasons: 'none' cannot be combined with other reasons");
	err = attr_write("reasons", val);
	if (err)
		fail("cannot set reasons to '%s': %s%s", val, strerror(-err),
		     errno_hint(-err));
	return 0;
}

static int cmd_batch(const char *verb, const char *file, unsigned long lo,
		     int argc, char **argv)
{
	char val[MCOCTL_VAL_MAX];
	unsigned long pages;
	int err;

	if (argc > 1)
		usage_error("%s takes at most one number", verb);
	if (!argc) {
		attr_read_or_fail(file, val, sizeof(val));
		puts(val);
		return 0;
	}
	pages = parse_pages(verb, argv[0], lo, MCOCTL_BATCH_LIMIT);
	snprintf(val, sizeof(val), "%lu", pages);
	err = attr_write(file, val);
	if (err)
		fail("cannot set %s to %s: %s%s", file, val, strerror(-err),
		     errno_hint(-err));
	return 0;
}

static int cmd_min_batch(int argc, char **argv)
{
	return cmd_batch("min-batch", "min_batch", 1, argc, argv);
}

static int cmd_max_batch(int argc, char **argv)
{
	return cmd_batch("max-batch", "max_batch", MCOCTL_BATCH_DEFAULT, argc,
			 argv);
}

static unsigned long long stat_read(const char *name)
{
	char rel[64], val[MCOCTL_VAL_MAX], *end;
	unsigned long long n;

	snprintf(rel, sizeof(rel), "stats/%s", name);
	attr_read_or_fail(rel, val, sizeof(val));
	errno = 0;
	n = strtoull(val, &end, 10);
	if (errno || end == val || *end || val[0] == '-')
		fail("malformed %s/%s: '%s'", mcoctl_root, rel, val);
	return n;
}

/* A JSON string: names are [a-z0-9_] in the kernel, but trees are free. */
static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* Whether stats/<reason>/ exists; then its counters in @vals. */
static bool reason_stats_read(const char *reason, unsigned long long *vals)
{
	char rel[96], path[MCOCTL_PATH_MAX];
	unsigned int i;

	snprintf(path, sizeof(path), "%s/stats/%s", mcoctl_root, reason);
	if (!is_dir(path))
		return false;
	for (i = 0; i < ARRAY_SIZE(mcoctl_reason_stats); i++) {
		snprintf(rel, sizeof(rel), "%s/%s", reason,
			 mcoctl_reason_stats[i]);
		vals[i] = stat_read(rel);
	}
	return true;
}

/* One line per reason: batches folios bytes fallbacks. */
static void reason_stats_print(void)
{
	unsigned long long vals[ARRAY_SIZE(mcoctl_reason_stats)];
	bool header = false;
	unsigned int r, i;

	for (r = 0; r < ARRAY_SIZE(mcoctl_reasons); r++) {
		if (!reason_stats_read(mcoctl_reasons[r], vals))
			continue;
		if (!header) {
			printf("%-18s", "reason");
			for (i = 0; i < ARRAY_SIZE(mcoctl_reason_stats); i++)
				printf(" %12s", mcoctl_reason_stats[i]);
			putchar('\n');
			header = true;
		}
		printf("%-18s", mcoctl_reasons[r]);
		for (i = 0; i < ARRAY_SIZE(mcoctl_reason_stats); i++)
			printf(" %12llu", vals[i]);
		putchar('\n');
	}
}

static void reason_stats_json(void)
{
	unsigned long long vals[ARRAY_SIZE(mcoctl_reason_stats)];
	unsigned int r, i, n = 0;

	printf(", \"reasons\": {");
	for (r = 0; r < ARRAY_SIZE(mcoctl_reasons); r++) {
		if (!reason_stats_read(mcoctl_reasons[r], vals))
			continue;
		printf("%s\"%s\": {", n++ ? ", " : "", mcoctl_reasons[r]);
		for (i = 0; i < ARRAY_SIZE(mcoctl_reason_stats); i++)
			printf("%s\"%s\": %llu", i ? ", " : "",
			       mcoctl_reason_stats[i], vals[i]);
		putchar('}');
	}
	putchar('}');
}

static int cmd_stats(int argc, char **argv)
{
	unsigned long long vals[ARRAY_SIZE(mcoctl_stats)];
	struct mcoctl_backends b;
	bool json = false;
	unsigned int i;

	if (argc == 1 && !strcmp(argv[0], "--json"))
		json = true;
	else if (argc)
		usage_error("stats: unexpected argument '%s' (only --json)",
			    argv[0]);
	backends_read(&b);
	for (i = 0; i < ARRAY_SIZE(mcoctl_stats); i++)
		vals[i] = stat_read(mcoctl_stats[i]);
	if (!json) {
		printf("%-10s %s\n", "backend", backends_active(&b));
		for (i = 0; i < ARRAY_SIZE(mcoctl_stats); i++)
			printf("%-10s %llu\n", mcoctl_stats[i], vals[i]);
		reason_stats_print();
		return 0;
	}
	printf("{\"backend\": ");
	json_string(backends_active(&b));
	for (i = 0; i < ARRAY_SIZE(mcoctl_stats); i++)
		printf(", \"%s\": %llu", mcoctl_stats[i], vals[i]);
	reason_stats_json();
	printf("}\n");
	return 0;
}

static int stat_index(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mcoctl_stats); i++)
		if (!strcmp(name, mcoctl_stats[i]))
			return i;
	return -1;
}

static int cmd_reset(int argc, char **argv)
{
	bool wanted[ARRAY_SIZE(mcoctl_stats)] = { false };
	char choices[256];
	unsigned int i;
	int j;

	for (j = 0; j < argc; j++) {
		int k = stat_index(argv[j]);

		if (k < 0)
			usage_error("reset: unknown counter '%s' (choices: %s)",
				    argv[j],
				    words_join(mcoctl_stats,
					       ARRAY_SIZE(mcoctl_stats),
					       choices, sizeof(choices)));
		wanted[k] = true;
	}
	for (i = 0; i < ARRAY_SIZE(mcoctl_stats); i++) {
		char rel[64];
		int err;

		if (argc && !wanted[i])
			continue;
		snprintf(rel, sizeof(rel), "stats/%s", mcoctl_stats[i]);
		err = attr_write(rel, "0");
		if (err)
			fail("cannot reset %s: %s%s", rel, strerror(-err),
			     errno_hint(-err));
	}
	return 0;
}

/*
 * Split "BACKEND/KNOB" (or "BACKEND" when @knob may be NULL) and check both
 * against the tree.  Exits on any error.
 */
static void split_knob(const char *verb, char *arg, char **backend,
		       char **knob, bool knob_optional)
{
	char choices[MCOCTL_VAL_MAX];
	struct mcoctl_backends b;
	struct mcoctl_knobs k;
	char *slash = strchr(arg, '/');
	int err;

	if (slash)
		*slash = '\0';
	*backend = arg;
	*knob = slash ? slash + 1 : NULL;
	if (!**backend || (slash && (!**knob || strchr(*knob, '/'))) ||
	    (!slash && !knob_optional))
		usage_error("%s: expected BACKEND/KNOB%s, got '%s%s%s'", verb,
			    knob_optional ? " or BACKEND" : "", *backend,
			    slash ? "/" : "", *knob ? *knob : "");
	backends_read(&b);
	if (!strcmp(*backend, "none") || backends_find(&b, *backend) < 0)
		fail("unknown backend '%s' (choices: %s)", *backend,
		     backends_choices(&b, 1, choices, sizeof(choices)));
	err = knobs_read(*backend, &k);
	if (err)
		fail("cannot read the tunables of '%s': %s", *backend,
		     strerror(-err));
	if (*knob && (!strcmp(*knob, ".") || !strcmp(*knob, "..") ||
		      knobs_find(&k, *knob) < 0))
		fail("unknown knob '%s' of backend '%s' (choices: %s)", *knob,
		     *backend, knobs_choices(&k, choices, sizeof(choices)));
}

static int cmd_set(int argc, char **argv)
{
	char rel[MCOCTL_PATH_MAX];
	char *backend, *knob;
	int err;

	if (argc != 2)
		usage_error("set takes BACKEND/KNOB and a VALUE");
	split_knob("set", argv[0], &backend, &knob, false);
	snprintf(rel, sizeof(rel), "%s/%s", backend, knob);
	err = attr_write(rel, argv[1]);
	if (err)
		fail("cannot set %s to '%s': %s%s", rel, argv[1],
		     strerror(-err), errno_hint(-err));
	return 0;
}

static int cmd_get(int argc, char **argv)
{
	char rel[MCOCTL_PATH_MAX], val[MCOCTL_VAL_MAX];
	struct mcoctl_knobs k;
	char *backend, *knob;
	int i;

	if (argc != 1)
		usage_error("get takes one BACKEND/KNOB or BACKEND");
	split_knob("get", argv[0], &backend, &knob, true);
	if (knob) {
		snprintf(rel, sizeof(rel), "%s/%s", backend, knob);
		attr_read_or_fail(rel, val, sizeof(val));
		puts(val);
		return 0;
	}
	knobs_read(backend, &k);
	for (i = 0; i < k.nr; i++) {
		snprintf(rel, sizeof(rel), "%s/%s", backend, k.names[i]);
		attr_read_or_fail(rel, val, sizeof(val));
		printf("%s=%s\n", k.names[i], val);
	}
	return 0;
}

struct mcoctl_verb {
	const char *name;
	int (*fn)(int argc, char **argv);
};

static const struct mcoctl_verb mcoctl_verbs[] = {
	{ "status", cmd_status },
	{ "list", cmd_list },
	{ "use", cmd_use },
	{ "reasons", cmd_reasons },
	{ "min-batch", cmd_min_batch },
	{ "max-batch", cmd_max_batch },
	{ "stats", cmd_stats },
	{ "reset", cmd_reset },
	{ "set", cmd_set },
	{ "get", cmd_get },
};

static const char mcoctl_verb_names[] =
	"status list use reasons min-batch max-batch stats reset set get help";

int main(int argc, char **argv)
{
	const char *env = getenv(MCOCTL_ROOT_ENV);
	unsigned int i;
	int arg = 1, ret;

	if (env && *env)
		mcoctl_root = env;
	for (; arg < argc && argv[arg][0] == '-'; arg++) {
		const char *opt = argv[arg];

		if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
			fputs(mcoctl_usage_text, stdout);
			return 0;
		} else if (!strcmp(opt, "--root")) {
			if (++arg == argc || !*argv[arg])
				usage_error("--root needs a directory");
			mcoctl_root = argv[arg];
		} else if (!strncmp(opt, "--root=", 7) && opt[7]) {
			mcoctl_root = opt + 7;
		} else {
			usage_error("unknown option '%s'", opt);
		}
	}
	if (arg == argc)
		usage_error("no verb given (choices: %s)", mcoctl_verb_names);
	if (!strcmp(argv[arg], "help")) {
		fputs(mcoctl_usage_text, stdout);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(mcoctl_verbs); i++) {
		if (strcmp(argv[arg], mcoctl_verbs[i].name))
			continue;
		check_root();
		ret = mcoctl_verbs[i].fn(argc - arg - 1, argv + arg + 1);
		if (fflush(stdout) || ferror(stdout))
			fail("cannot write the output: %s", strerror(errno));
		return ret;
	}
	usage_error("unknown verb '%s' (choices: %s)", argv[arg],
		    mcoctl_verb_names);
}
