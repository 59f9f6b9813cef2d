// SPDX-License-Identifier: GPL-2.0-only
/// A backend must not copy folio data on the CPU itself when its own copy
/// fails (a DMA mapping or submission error, a timeout, an error from a
/// helper): it leaves the folio's bit clear in the copied bitmap, returns
/// the negative errno, and the core copies the folio on the CPU, with
/// poison handling, and counts the fallback and the failure.  A backend's
/// private fallback hides failures from the statistics, and after a DMA
/// error or timeout it races with an engine that may still be writing.
///
// Confidence: Moderate
// Copyright: (C) 2026 The migrate-copy-offload authors.
// Options: --no-includes --include-headers
// Keywords: migrator copy fallback folio_copy dmaengine_terminate_sync

virtual context
virtual report
virtual org

// Only in a backend: a file that defines a migrator.
@backend@
identifier ms;
@@

struct migrator ms = { ... };

// A CPU copy inside the branch of an error test.
@branch depends on backend exists@
identifier cpy =~ "^(folio_copy|folio_mc_copy|copy_highpage|copy_mc_highpage|copy_page|copy_mc_to_kernel|memcpy|memcpy_flushcache|memcpy_toio|memmove)$";
identifier prep =~ "^dmaengine_prep_|^device_prep_";
expression e, e1, C;
idexpression int ret;
statement S2;
position p;
@@

(
if (\(IS_ERR(e)\|IS_ERR_OR_NULL(e)\|dma_mapping_error(...)\|dma_submit_error(...)\|!wait_for_completion_timeout(...)\|e < 0\|e == -C\)) {
  <+... cpy@p(...) ...+>
} else S2
|
if (\(IS_ERR(e)\|IS_ERR_OR_NULL(e)\|dma_mapping_error(...)\|dma_submit_error(...)\|!wait_for_completion_timeout(...)\|e < 0\|e == -C\)) {
  <+... cpy@p(...) ...+>
}
|
e1 = prep(...);
... when != e1 = e
if (!e1) {
  <+... cpy@p(...) ...+>
} else S2
|
e1 = prep(...);
... when != e1 = e
if (!e1) {
  <+... cpy@p(...) ...+>
}
|
ret = e;
... when != ret = e1
if (\(ret\|ret != 0\)) {
  <+... cpy@p(...) ...+>
} else S2
|
ret = e;
... when != ret = e1
if (\(ret\|ret != 0\)) {
  <+... cpy@p(...) ...+>
}
)

// A CPU copy after the channel was terminated: the error path of a DMA
// backend.
@after_terminate depends on backend exists@
identifier cpy =~ "^(folio_copy|folio_mc_copy|copy_highpage|copy_mc_highpage|copy_page|copy_mc_to_kernel|memcpy|memcpy_flushcache|memcpy_toio|memmove)$";
identifier term =~ "^dmaengine_terminate_(sync|async|all)$";
position p;
@@

term(...);
...
cpy@p(...);

@script:python depends on report@
p << branch.p;
cpy << branch.cpy;
@@

coccilib.report.print_report(p[0],
	"%s() on an error path: leave the folio's copied bit clear and return the error; the core copies it on the CPU" % cpy)

@script:python depends on report@
p << after_terminate.p;
cpy << after_terminate.cpy;
@@

coccilib.report.print_report(p[0],
	"%s() after terminating the DMA channel: leave the folio's copied bit clear and return the error; the core copies it on the CPU" % cpy)

@script:python depends on org@
p << branch.p;
@@

cocci.print_main("CPU copy on an error path", p)

@script:python depends on org@
p << after_terminate.p;
@@

cocci.print_main("CPU copy after terminate", p)

@depends on context@
identifier branch.cpy;
position branch.p;
@@

* cpy@p(...)

@depends on context@
identifier after_terminate.cpy;
position after_terminate.p;
@@

* cpy@p(...)
