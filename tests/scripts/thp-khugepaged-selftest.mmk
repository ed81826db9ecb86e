# The anonymous cases of Linux's khugepaged selftest
# (tools/testing/selftests/mm/khugepaged.c), each in its two contexts: a
# khugepaged pass over a MADV_HUGEPAGE range, and MADV_COLLAPSE.  The
# tunables are khugepaged's defaults (max_ptes_none 511, max_ptes_shared
# 256), where the selftest sets its own: collapse_max_ptes_none needs
# other values, and collapse_fork_compound (all 512 pages shared) is run
# with MADV_COLLAPSE only.  collapse_compound_extreme (512 THPs giving one
# page each to a table, by mremap) is khugepaged-compound-extreme.mmk.
# Swap cases need swap, which the machine does not have.  Every policy.
# The MADV_COLLAPSE cases alone agree with the host kernel under `mmkit
# kdiff` (6.18, THP madvise); kdiff cannot run `khugepaged`.
thp madvise

# collapse_full: a table full of small pages (khugepaged)
mm K1
mmap K1 0x40000000 2M rw
write K1 0x40000000 0x05*2M
expect page K1 0x40000000 thp=0
madvise K1 0x40000000 2M hugepage
khugepaged K1
expect page K1 0x40000000 thp=1
read K1 0x40000000 0x05*2M
exit K1

# collapse_full: a table full of small pages (MADV_COLLAPSE)
mm K2
mmap K2 0x40000000 2M rw
write K2 0x40000000 0x05*2M
expect page K2 0x40000000 thp=0
madvise K2 0x40000000 2M collapse
expect page K2 0x40000000 thp=1
read K2 0x40000000 0x05*2M
exit K2

# collapse_empty: nothing mapped (khugepaged)
mm K3
mmap K3 0x40000000 2M rw
madvise K3 0x40000000 2M hugepage
khugepaged K3
expect pte K3 0x40000000 none=1
exit K3

# collapse_empty: nothing mapped (MADV_COLLAPSE)
mm K4
mmap K4 0x40000000 2M rw
expect-error EINVAL madvise K4 0x40000000 2M collapse
expect pte K4 0x40000000 none=1
exit K4

# collapse_single_pte_entry: one page, 511 none (max_ptes_none 511) (khugepaged)
mm K5
mmap K5 0x40000000 2M rw
write K5 0x40001000 "one"
madvise K5 0x40000000 2M hugepage
khugepaged K5
expect page K5 0x40000000 thp=1
read K5 0x40001000 "one"
read K5 0x40000000 "\x00"
exit K5

# collapse_single_pte_entry: one page, 511 none (max_ptes_none 511) (MADV_COLLAPSE)
mm K6
mmap K6 0x40000000 2M rw
write K6 0x40001000 "one"
madvise K6 0x40000000 2M collapse
expect page K6 0x40000000 thp=1
read K6 0x40001000 "one"
read K6 0x40000000 "\x00"
exit K6

# collapse_single_pte_entry_compound: a THP's last PTE (khugepaged)
mm K7
mmap K7 0x40000000 2M rw huge
write K7 0x40000000 0x06*2M
expect page K7 0x40000000 thp=1
madvise K7 0x40001000 2044K dontneed
expect pte K7 0x40000000 huge=0
madvise K7 0x40000000 2M hugepage
khugepaged K7
expect page K7 0x40000000 thp=1
read K7 0x40000000 0x06*4K
read K7 0x40001000 "\x00"
exit K7

# collapse_single_pte_entry_compound: a THP's last PTE (MADV_COLLAPSE)
mm K8
mmap K8 0x40000000 2M rw huge
write K8 0x40000000 0x06*2M
expect page K8 0x40000000 thp=1
madvise K8 0x40001000 2044K dontneed
expect pte K8 0x40000000 huge=0
madvise K8 0x40000000 2M collapse
expect page K8 0x40000000 thp=1
read K8 0x40000000 0x06*4K
read K8 0x40001000 "\x00"
exit K8

# collapse_full_of_compound: a PTE table full of one THP's pages (khugepaged)
mm K9
mmap K9 0x40000000 2M rw huge
write K9 0x40000000 0x07*2M
madvise K9 0x40000000 4K nohugepage
madvise K9 0x40000000 2M hugepage
expect pte K9 0x40000000 huge=0
expect page K9 0x40100000 thp=1
madvise K9 0x40000000 2M hugepage
khugepaged K9
expect pte K9 0x40000000 huge=1
read K9 0x40000000 0x07*2M
exit K9

# collapse_full_of_compound: a PTE table full of one THP's pages (MADV_COLLAPSE)
mm K10
mmap K10 0x40000000 2M rw huge
write K10 0x40000000 0x07*2M
madvise K10 0x40000000 4K nohugepage
madvise K10 0x40000000 2M hugepage
expect pte K10 0x40000000 huge=0
expect page K10 0x40100000 thp=1
madvise K10 0x40000000 2M collapse
expect pte K10 0x40000000 huge=1
read K10 0x40000000 0x07*2M
exit K10

# collapse_fork: one page shared with the parent, the child fills the rest and collapses (khugepaged)
mm K11
mmap K11 0x40000000 2M rw
write K11 0x40000000 "p"
fork K11 K11c
write K11c 0x40001000 0x08*2044K
madvise K11c 0x40000000 2M hugepage
khugepaged K11c
expect page K11c 0x40000000 thp=1
expect page K11 0x40000000 thp=0
read K11c 0x40000000 "p"
write K11 0x40000000 "P"
read K11c 0x40000000 "p"
exit K11c
exit K11

# collapse_fork: one page shared with the parent, the child fills the rest and collapses (MADV_COLLAPSE)
mm K12
mmap K12 0x40000000 2M rw
write K12 0x40000000 "p"
fork K12 K12c
write K12c 0x40001000 0x08*2044K
madvise K12c 0x40000000 2M collapse
expect page K12c 0x40000000 thp=1
expect page K12 0x40000000 thp=0
read K12c 0x40000000 "p"
write K12 0x40000000 "P"
read K12c 0x40000000 "p"
exit K12c
exit K12

# collapse_fork_compound: a THP shared with the child, split in the child, collapsed there (MADV_COLLAPSE ignores max_ptes_shared) (MADV_COLLAPSE)
mm K13
mmap K13 0x40000000 2M rw huge
write K13 0x40000000 0x09*2M
fork K13 K13c
madvise K13c 0x40000000 4K nohugepage
madvise K13c 0x40000000 2M hugepage
expect pte K13c 0x40000000 huge=0
madvise K13c 0x40000000 2M collapse
expect page K13c 0x40000000 thp=1
read K13c 0x40000000 0x09*2M
write K13 0x40000000 "P"
read K13c 0x40000000 "\x09"
exit K13c
exit K13

# collapse_max_ptes_shared: more than max_ptes_shared (256) pages shared stops khugepaged, not MADV_COLLAPSE (khugepaged)
mm K14
mmap K14 0x40000000 2M rw
write K14 0x40000000 0x0a*2M
fork K14 K14c
touch K14c 0x40000000 1020K w
write K14c 0x40000000 0x0b*1020K
madvise K14c 0x40000000 2M hugepage
khugepaged K14c
expect page K14c 0x40000000 thp=0
write K14c 0x400ff000 "\x0b"
khugepaged K14c
expect page K14c 0x40000000 thp=1
read K14c 0x40000000 0x0b*1020K
read K14c 0x40100000 0x0a*1M
read K14 0x40000000 0x0a*2M
exit K14c
exit K14

# collapse_max_ptes_shared: more than max_ptes_shared (256) pages shared stops khugepaged, not MADV_COLLAPSE (MADV_COLLAPSE)
mm K15
mmap K15 0x40000000 2M rw
write K15 0x40000000 0x0a*2M
fork K15 K15c
touch K15c 0x40000000 1020K w
write K15c 0x40000000 0x0b*1020K
madvise K15c 0x40000000 2M collapse
expect page K15c 0x40000000 thp=1
read K15c 0x40000000 0x0b*1020K
read K15c 0x40100000 0x0a*1M
read K15 0x40000000 0x0a*2M
exit K15c
exit K15
