// SPDX-License-Identifier: GPL-2.0-only
/// Only the core calls a migrator's copy callback: it holds the SRCU read
/// lock that keeps the backend's module alive, clears the copied bitmap,
/// checks min_batch, enters the no-reclaim scope and keeps the statistics.
/// Only mm/migrate.c, which admits the folios of a batch, calls the core's
/// migrate_offload_copy_batch(); a backend never calls a copy callback.
///
// Confidence: High
// Copyright: (C) 2026 The migrate-copy-offload authors.
// Options: --no-includes --include-headers
// Keywords: migrator copy migrate_offload_copy_batch

virtual context
virtual report
virtual org

// The one legitimate call: the core's dispatch, under SRCU.
@core@
struct migrator *m;
position p;
@@

migrate_offload_copy_batch(...)
{
<...
m->copy@p(...)
...>
}

// A call through the ops anywhere else.
@ops@
struct migrator *m;
struct migrator s;
position p != core.p;
@@

(
m->copy@p(...)
|
s.copy@p(...)
)

// A call of a function registered as a copy callback, by its name.
@cb@
identifier ms, fn;
@@

struct migrator ms = { ..., .copy = fn, ... };

@named@
identifier cb.fn;
position p;
@@

fn@p(...)

@script:python depends on report@
p << ops.p;
@@

coccilib.report.print_report(p[0],
	"a migrator's copy callback is called directly; only the core's migrate_offload_copy_batch() may call it")

@script:python depends on report@
p << named.p;
fn << cb.fn;
@@

coccilib.report.print_report(p[0],
	"%s() is a migrator's copy callback and is called directly; only the core's migrate_offload_copy_batch() may call it" % fn)

@script:python depends on org@
p << ops.p;
@@

cocci.print_main("direct copy callback call", p)

@script:python depends on org@
p << named.p;
@@

cocci.print_main("direct copy callback call", p)

@depends on context@
struct migrator *m;
struct migrator s;
position ops.p;
@@

(
* m->copy@p(...)
|
* s.copy@p(...)
)

@depends on context@
identifier cb.fn;
position named.p;
@@

* fn@p(...)
