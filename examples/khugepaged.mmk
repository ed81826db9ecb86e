# khugepaged and MADV_COLLAPSE turn 4 KiB pages back into a THP: a program
# whose heap was faulted page by page (before it asked for huge pages)
# gets PMD-mapped memory once khugepaged passes, without a fault.  In
# `madvise` mode khugepaged looks only at ranges advised MADV_HUGEPAGE;
# MADV_COLLAPSE works anywhere not advised NOHUGEPAGE.  The old PTE table
# stays as the THP's deposit, so pgtable does not shrink.
#   mmkit run --stats examples/khugepaged.mmk
# (mmkit kdiff runs the MADV_COLLAPSE half on the kernel too; khugepaged
# itself runs on the kernel's own schedule, so kdiff leaves it out.)
mm P
mmap P 0x40000000 4M rw
touch P 0x40000000 1M w
touch P 0x40200000 4K w
expect stat P anon_thp == 0
expect stat P rss == 1028K
# not advised: khugepaged leaves it
khugepaged P
expect stat P anon_thp == 0
# advised: one pass collapses the first 2M (256 pages and 256 none)
madvise P 0x40000000 2M hugepage
khugepaged P
expect page P 0x40000000 thp=1
expect stat P anon_thp == 2M
expect sys thp_collapse_alloc == 1
# the second 2M, never advised: MADV_COLLAPSE
madvise P 0x40200000 2M collapse
expect stat P anon_thp == 4M
expect stat P rss == 4M
expect stat P pgtable == 16K
