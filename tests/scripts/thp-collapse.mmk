# MADV_COLLAPSE of anonymous memory, each case as Linux 6.18 answered it on
# the host (THP `madvise`, PT_RECLAIM; /tmp-style C program, 2026-12-07):
# nothing mapped: EINVAL; one written page among 511
# none entries: collapsed (MADV_COLLAPSE ignores max_ptes_none); only
# zero-page reads, no anon_vma: EINVAL; nohugepage: EINVAL; less than an
# aligned 2M in the range: 0, nothing done, but EINVAL if the range
# reaches no 2M boundary at all; a PMD already: 0; a read-only
# VMA: collapsed; the first of two 2M untouched: EINVAL and the second is
# not tried; a VMA without `huge` in `madvise` mode: collapsed; a page
# shared with a fork child: collapsed, the child keeps its copy.  The old
# PTE table becomes the THP's deposit: pgtable does not change.
mm P
mmap P 0x40000000 2M rw
expect-error EINVAL madvise P 0x40000000 2M collapse
# one page written, 511 none
mmap P 0x40400000 2M rw
write P 0x40401000 "one"
expect stat P pgtable == 12K
expect stat P rss == 4K
madvise P 0x40400000 2M collapse
expect stat P anon_thp == 2M
expect stat P rss == 2M
expect stat P pgtable == 12K
expect sys thp_collapse_alloc == 1
expect page P 0x40401000 thp=1
expect pte P 0x40400000 huge=1
read P 0x40401000 "one"
read P 0x40400000 "\x00\x00"
# zero-page reads only: no anon_vma (a mapping of its own: adjacent
# anonymous VMAs merge and share one)
mm Z
mmap Z 0x40600000 2M rw
touch Z 0x40600000 2M r
expect-error EINVAL madvise Z 0x40600000 2M collapse
# nohugepage
mmap P 0x40800000 2M rw
write P 0x40800000 "n"
madvise P 0x40800000 2M nohugepage
expect-error EINVAL madvise P 0x40800000 2M collapse
# no aligned 2M in the range: nothing to do
mmap P 0x40a00000 2M rw
write P 0x40a00000 "s"
madvise P 0x40a00000 1M collapse
expect page P 0x40a00000 thp=0
# a range that reaches no 2M boundary: Linux's unsigned arithmetic
# (hend - hstart wraps) makes it a failure, EINVAL
expect-error EINVAL madvise P 0x40a01000 1M collapse
# already a PMD
mmap P 0x40c00000 2M rw huge
write P 0x40c00000 "h"
madvise P 0x40c00000 2M collapse
expect sys thp_collapse_alloc == 1
# read-only VMA
mmap P 0x40e00000 2M rw
write P 0x40e00000 "r"
mprotect P 0x40e00000 2M r
madvise P 0x40e00000 2M collapse
expect page P 0x40e00000 thp=1
read P 0x40e00000 "r"
expect-error SIGSEGV write P 0x40e00000 "w"
# 4M: the first 2M untouched, the second written: EINVAL, second not tried
mmap P 0x41000000 4M rw
write P 0x41200000 "2"
expect-error EINVAL madvise P 0x41000000 4M collapse
expect page P 0x41200000 thp=0
# 4M: both collapse (the second has one zero-page read)
mmap P 0x41400000 4M rw
write P 0x41400000 "a"
touch P 0x41600000 4K r
madvise P 0x41400000 4M collapse
expect page P 0x41400000 thp=1
expect pte P 0x41600000 huge=1
expect sys thp_collapse_alloc == 4
# shared with a fork child: the parent collapses into a copy
mmap P 0x41800000 2M rw
write P 0x41800000 "shared"
fork P C
madvise P 0x41800000 2M collapse
expect page P 0x41800000 thp=1
expect page C 0x41800000 thp=0 mapcount=1
write P 0x41800000 "parent"
read C 0x41800000 "shared"
# a hole in the range: collapsed where mapped, then ENOMEM
mmap P 0x41a00000 2M rw
write P 0x41a00000 "h"
expect-error ENOMEM madvise P 0x41a00000 4M collapse
expect page P 0x41a00000 thp=1
