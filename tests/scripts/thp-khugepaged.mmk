# khugepaged passes and MADV_COLLAPSE against references: khugepaged
# collapses only where the `thp` mode allows (madvise: after MADV_HUGEPAGE)
# and its default tunables do: at most 511 none entries, at most 256 pages
# shared with another process, no page with references beyond its
# mappings.  MADV_COLLAPSE ignores the tunables but not the references: a
# pinned page makes it fail with EAGAIN (SCAN_PAGE_COUNT), and the pin
# keeps seeing the page the mapping shows.
mm P
mmap P 0x40000000 2M rw
write P 0x40000000 "p"
khugepaged P
expect page P 0x40000000 thp=0
madvise P 0x40000000 2M hugepage
khugepaged
expect page P 0x40000000 thp=1
read P 0x40000000 "p"
expect sys thp_collapse_alloc == 1
# 300 pages shared with a child: more than max_ptes_shared
mmap P 0x40200000 2M rw
touch P 0x40200000 1200K w
madvise P 0x40200000 2M hugepage
fork P C
khugepaged P
expect page P 0x40200000 thp=0
madvise P 0x40200000 2M collapse
expect page P 0x40200000 thp=1
expect page C 0x40200000 thp=0
exit C
# a pinned page: neither khugepaged nor MADV_COLLAPSE
mmap P 0x40400000 2M rw
write P 0x40400000 "pinned"
madvise P 0x40400000 2M hugepage
pin S P 0x40400000 1 write longterm
khugepaged P
expect page P 0x40400000 thp=0
expect-error EAGAIN madvise P 0x40400000 2M collapse
expect page P 0x40400000 thp=0
dma-write S 0 "DMA"
read P 0x40400000 "DMA"
unpin S dirty
madvise P 0x40400000 2M collapse
expect page P 0x40400000 thp=1
read P 0x40400000 "DMAned"
expect sys thp_collapse_alloc == 3
# all none but a table: khugepaged leaves it (512 > max_ptes_none)
mmap P 0x40600000 2M rw huge
madvise P 0x40600000 2M nohugepage
write P 0x40600000 "x"
madvise P 0x40600000 4K dontneed
madvise P 0x40600000 2M hugepage
khugepaged P
expect pte P 0x40600000 huge=0
