// SPDX-License-Identifier: GPL-2.0-only
/// DMA mappings in a backend's copy path: a mapping kept in a local
/// variable must be unmapped on every path that leaves the function,
/// error paths included; and after a failed or timed-out transfer the
/// channel must be terminated (dmaengine_terminate_sync()) before anything
/// is unmapped, because the engine may still be writing to the memory
/// (dmatest warns "Kernel memory may be corrupted" for the same reason).
///
// Confidence: Moderate
// Copyright: (C) 2026 The migrate-copy-offload authors.
// Options: --no-includes --include-headers
// Keywords: dma_map_page dma_unmap_page dmaengine_terminate_sync

virtual context
virtual report
virtual org

// A path from a mapping to a return that neither unmaps the address
// (directly or through a helper whose name says "unmap") nor hands it on.
@leak exists@
typedef dma_addr_t;
local idexpression dma_addr_t addr;
identifier map =~ "^dma_map_(page|single|resource|page_attrs|single_attrs)$";
identifier unmap =~ "unmap";
expression dev, e, r;
statement S;
position p1, p2;
@@

addr = map@p1(dev, ...);
if (dma_mapping_error(dev, addr)) S
... when != unmap(...)
    when != e = addr
(
return addr;
|
return@p2 r;
|
return@p2;
)

// An unmap, then a terminate on the same path, with no new transfer in
// between: the unmap came too early.
@early exists@
identifier unmap =~ "unmap";
identifier term =~ "^dmaengine_terminate_(sync|async|all)$";
identifier start =~ "submit|issue_pending|prep_|_start$";
position p1, p2;
@@

unmap@p1(...);
... when != start(...)
term@p2(...);

@script:python depends on report@
p1 << leak.p1;
p2 << leak.p2;
@@

coccilib.report.print_report(p2[0],
	"DMA mapping of line %s is not unmapped on this path" % p1[0].line)

@script:python depends on report@
p1 << early.p1;
p2 << early.p2;
unmap << early.unmap;
@@

coccilib.report.print_report(p1[0],
	"%s() before the channel is terminated on line %s: terminate first, the engine may still write" % (unmap, p2[0].line))

@script:python depends on org@
p1 << leak.p1;
p2 << leak.p2;
@@

cocci.print_main("mapping leaked on this path", p2)
cocci.print_secs("mapped", p1)

@script:python depends on org@
p1 << early.p1;
p2 << early.p2;
@@

cocci.print_main("unmap before terminate", p1)
cocci.print_secs("terminate", p2)

@depends on context@
position leak.p1;
identifier leak.map;
@@

* map@p1(...)

@depends on context@
position leak.p2;
expression r;
@@

(
* return@p2 r;
|
* return@p2;
)

@depends on context@
position early.p1, early.p2;
identifier early.unmap, early.term;
@@

(
* unmap@p1(...)
|
* term@p2(...)
)
