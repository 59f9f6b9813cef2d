// SPDX-License-Identifier: GPL-2.0-only
/// A migrator's copy and enable callbacks, and the set callback of a knob
/// of the backend kit, return 0 or a negative errno, and a sysfs store
/// returns the byte count or a negative errno.  A positive
/// errno from copy() reads as success to nobody: the core counts it as a
/// failure but cannot tell -ETIMEDOUT apart; from a store, the kernel takes
/// it as a byte count, the write "succeeds" and the value is half-applied.
///
// Confidence: High
// Copyright: (C) 2026 The migrate-copy-offload authors.
// Options: --no-includes --include-headers
// Keywords: migrator copy enable sysfs store errno

virtual patch
virtual context
virtual report
virtual org

// The copy and enable callbacks of every struct migrator in the file.
@cb@
identifier m, fn;
identifier fld =~ "^(copy|enable)$";
@@

struct migrator m = { ..., .fld = fn, ... };

// Every set callback of a kit knob (MIGRATE_OFFLOAD_*_ATTR()), by its
// signature.
@setter@
identifier fn, val;
@@

int fn(unsigned int val)
{ ... }

@depends on patch@
identifier f = setter.fn;
identifier E =~ "^E[A-Z0-9]+$";
@@

f(...)
{
<...
  return
- E
+ -E
  ;
...>
}

@r_set depends on !patch@
identifier f = setter.fn;
identifier E =~ "^E[A-Z0-9]+$";
position p;
@@

f(...)
{
<...
  return E@p;
...>
}

@depends on context@
identifier r_set.E;
position r_set.p;
@@

* E@p

@script:python depends on report@
p << r_set.p;
e << r_set.E;
f << r_set.f;
@@

coccilib.report.print_report(p[0],
	"%s() returns the positive errno %s; use -%s" % (f, e, e))

@script:python depends on org@
p << r_set.p;
e << r_set.E;
@@

cocci.print_main("positive errno " + e, p)

// Every sysfs store, by its signature.
@store@
identifier fn, kobj, attr, buf, count;
type T;
@@

ssize_t fn(T *kobj, struct kobj_attribute *attr, const char *buf,
	   size_t count)
{ ... }

@depends on patch@
identifier f = cb.fn;
identifier E =~ "^E[A-Z0-9]+$";
expression x;
@@

f(...)
{
<...
(
  return
- E
+ -E
  ;
|
  x =
- E
+ -E
  ;
)
...>
}

@r_cb depends on !patch@
identifier f = cb.fn;
identifier E =~ "^E[A-Z0-9]+$";
expression x;
position p;
@@

f(...)
{
<...
(
  return E@p;
|
  x = E@p;
)
...>
}

@depends on context@
identifier r_cb.E;
position r_cb.p;
@@

* E@p

@script:python depends on report@
p << r_cb.p;
e << r_cb.E;
f << r_cb.f;
@@

coccilib.report.print_report(p[0],
	"%s() returns the positive errno %s; use -%s" % (f, e, e))

@script:python depends on org@
p << r_cb.p;
e << r_cb.E;
@@

cocci.print_main("positive errno " + e, p)

@depends on patch@
identifier f = store.fn;
identifier E =~ "^E[A-Z0-9]+$";
expression x;
@@

f(...)
{
<...
(
  return
- E
+ -E
  ;
|
  x =
- E
+ -E
  ;
)
...>
}

@r_store depends on !patch@
identifier f = store.fn;
identifier E =~ "^E[A-Z0-9]+$";
expression x;
position p;
@@

f(...)
{
<...
(
  return E@p;
|
  x = E@p;
)
...>
}

@depends on context@
identifier r_store.E;
position r_store.p;
@@

* E@p

@script:python depends on report@
p << r_store.p;
e << r_store.E;
f << r_store.f;
@@

coccilib.report.print_report(p[0],
	"%s() returns the positive errno %s; use -%s" % (f, e, e))

@script:python depends on org@
p << r_store.p;
e << r_store.E;
@@

cocci.print_main("positive errno " + e, p)
