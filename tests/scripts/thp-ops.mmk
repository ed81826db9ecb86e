# THP under mprotect, MADV_DONTNEED, fork, COW and mremap: a change that
# covers a whole PMD keeps it, part of one splits it (thp_split_pmd); a
# whole DONTNEED frees the deposit; fork shares the PMD with a deposit of
# the child's own; the child's write splits its PMD and copies one page;
# the parent, alone again, reuses its folio; mremap moves a whole PMD.
# Every pgtable, anon_thp and thp_* figure here is what Linux 6.18 showed
# for the same calls (VmPTE, AnonHugePages, /proc/vmstat), with the huge
# zero page and THP in `madvise` mode.
mm P
mmap P 0x40000000 8M rw huge
write P 0x40000000 "a"
write P 0x40200000 "a"
write P 0x40400000 "a"
write P 0x40600000 "a"
expect stat P pgtable == 24K
expect stat P anon_thp == 8M
mprotect P 0x40000000 2M r
expect stat P anon_thp == 8M
expect sys thp_split_pmd == 0
mprotect P 0x40200000 4K r
expect stat P anon_thp == 6M
expect sys thp_split_pmd == 1
expect stat P pgtable == 24K
madvise P 0x40400000 2M dontneed
expect stat P pgtable == 20K
expect stat P anon_thp == 4M
madvise P 0x40600000 4K dontneed
expect stat P anon_thp == 2M
expect sys thp_split_pmd == 2
expect stat P pgtable == 20K
write P 0x40400000 "a"
expect stat P pgtable == 24K
expect stat P anon_thp == 4M
expect sys thp_fault_alloc == 5
fork P C
expect stat C anon_thp == 4M
expect stat C pgtable == 24K
write C 0x40402000 "b"
expect sys thp_split_pmd == 3
expect stat C anon_thp == 2M
expect stat C rss == 8188K
exit C
write P 0x40401000 "c"
expect sys thp_split_pmd == 3
expect stat P anon_thp == 4M
mremap P 0x40400000 2M 0x80000000 2M
expect stat P anon_thp == 4M
expect stat P pgtable == 28K
read P 0x80000000 "a"
read P 0x80001000 "c"
expect stat P rss == 8188K
