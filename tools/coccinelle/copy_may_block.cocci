// SPDX-License-Identifier: GPL-2.0-only
/// A migrator's copy callback runs in page migration, which runs from
/// kswapd and from allocation paths (compaction, demotion): an allocation
/// there that may enter direct reclaim can deadlock or recurse into
/// migration.  Allocate with GFP_NOWAIT (and return -ENOMEM, the core
/// falls back to the CPU), or better, preallocate in enable().  Checked
/// in the copy callback and in the functions of the same file it calls.
///
// Confidence: High
// Copyright: (C) 2026 The migrate-copy-offload authors.
// Options: --no-includes --include-headers
// Keywords: migrator copy GFP_KERNEL GFP_NOWAIT reclaim kswapd

virtual patch
virtual context
virtual report
virtual org

@cb@
identifier ms, fn;
@@

struct migrator ms = { ..., .copy = fn, ... };

// The callback and the functions it calls directly.
@callee@
identifier cb.fn, g;
@@

fn(...)
{
<+...
g(...)
...+>
}

@depends on patch@
identifier cb.fn;
identifier gfp =~ "^(GFP_KERNEL|GFP_NOIO|GFP_NOFS|GFP_USER|GFP_KERNEL_ACCOUNT)$";
@@

fn(...)
{
<...
- gfp
+ GFP_NOWAIT | __GFP_NOWARN
...>
}

@depends on patch@
identifier callee.g;
identifier gfp =~ "^(GFP_KERNEL|GFP_NOIO|GFP_NOFS|GFP_USER|GFP_KERNEL_ACCOUNT)$";
@@

g(...)
{
<...
- gfp
+ GFP_NOWAIT | __GFP_NOWARN
...>
}

@r depends on !patch@
identifier f = {cb.fn, callee.g};
identifier gfp =~ "^(GFP_KERNEL|GFP_NOIO|GFP_NOFS|GFP_USER|GFP_KERNEL_ACCOUNT)$";
identifier vfn =~ "^(vmalloc|vzalloc|vmalloc_array|vcalloc)$";
position p;
@@

f(...)
{
<...
(
gfp@p
|
vfn@p(...)
)
...>
}

@script:python depends on report@
p << r.p;
f << r.f;
@@

coccilib.report.print_report(p[0],
	"allocation that may enter direct reclaim on the copy path (%s()): use GFP_NOWAIT and fall back, or preallocate in enable()" % f)

@script:python depends on org@
p << r.p;
@@

cocci.print_main("may block on reclaim in copy path", p)

@depends on context@
position r.p;
identifier gfp =~ "^(GFP_KERNEL|GFP_NOIO|GFP_NOFS|GFP_USER|GFP_KERNEL_ACCOUNT)$";
identifier vfn =~ "^(vmalloc|vzalloc|vmalloc_array|vcalloc)$";
@@

(
* gfp@p
|
* vfn@p(...)
)
