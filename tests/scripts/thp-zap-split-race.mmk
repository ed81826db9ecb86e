#! cmd explore
#! args --preemptions 1
#! stdout explored
# MADV_DONTNEED of a whole THP against a split of it by another zap
# (stress found it, under TSan, 2026-12-07).  T1's zap reads the pmd
# without a lock and sees the leaf; T2's partial zap splits it before T1
# takes the pmd lock.  T1 must then zap the PTE table the split left, as
# Linux's zap_pmd_range falls through when zap_huge_pmd finds no leaf any
# more; returning instead left the page mapped and T1 read its old bytes.
# (A pmd that is none while the split runs is bug split_clears_pmd,
# tests/races.)
policy rwsem
ram 8M
mm A
mmap A 0x40000000 2M rw
write A 0x40000000 "x"
madvise A 0x40000000 2M collapse
write A 0x40154000 "old"
expect page A 0x40154000 thp=1
thread T1
  madvise A 0x40000000 2M dontneed
  read A 0x40154000 "\x00\x00\x00"
thread T2
  madvise A 0x40001000 4K dontneed
run
expect stat A anon_thp == 0
expect stat A rss == 0
