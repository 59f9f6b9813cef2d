// SPDX-License-Identifier: GPL-2.0-only
/// A module that registers a migrator must unregister it: in its exit
/// function, and on every error path of its init function taken after the
/// registration succeeded.  Otherwise the core keeps a pointer into an
/// unloaded module, and the next copy or the next read of the backend file
/// runs freed code.
///
// Confidence: High
// Copyright: (C) 2026 The migrate-copy-offload authors.
// Options: --no-includes --include-headers
// Keywords: migrate_offload_register, migrate_offload_unregister

virtual context
virtual report
virtual org

// A registration: the macro or the function behind it.
@reg@
expression M;
position p;
@@

(
migrate_offload_register@p(M)
|
__migrate_offload_register@p(M, ...)
)

// ... with a matching unregistration somewhere in the file.
@unreg@
expression reg.M;
@@

migrate_offload_unregister(M)

@script:python depends on report && !unreg@
p << reg.p;
m << reg.M;
@@

coccilib.report.print_report(p[0],
	"%s is registered but never unregistered (call migrate_offload_unregister() from the module's exit function)" % m)

@script:python depends on org && !unreg@
p << reg.p;
@@

cocci.print_main("registered, never unregistered", p)

@depends on context && !unreg@
expression reg.M;
position reg.p;
@@

* migrate_offload_register@p(M)

// An error path of init, after a successful registration, that returns
// without unregistering.  The first test of the registration's result is
// its own failure, which has nothing to undo.
@leak exists@
expression M, ret, c, e;
statement S;
position p1, p2;
@@

(
ret = migrate_offload_register@p1(M);
|
ret = __migrate_offload_register@p1(M, ...);
)
if (\(ret\|ret < 0\|ret != 0\)) S
... when != migrate_offload_unregister(M)
if (c) {
  ... when != migrate_offload_unregister(M)
(
  return 0;
|
  return@p2 e;
)
}

@script:python depends on report@
p1 << leak.p1;
p2 << leak.p2;
m << leak.M;
@@

coccilib.report.print_report(p2[0],
	"error path returns without migrate_offload_unregister(%s), registered on line %s" % (m, p1[0].line))

@script:python depends on org@
p1 << leak.p1;
p2 << leak.p2;
@@

cocci.print_main("error path leaks the registration", p2)
cocci.print_secs("registered", p1)

@depends on context@
position leak.p2;
expression e;
@@

* return@p2 e;
