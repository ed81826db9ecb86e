# bug split_clears_pmd: while split_huge_pmd builds the PTE table of a THP
# it must leave the pmd looking huge (pmdp_invalidate: not present to the
# hardware, still a leaf to software), never none.  MADV_DONTNEED runs
# under mmap_lock read, reads each pmd without a lock and skips none
# ones; a leaf it locks and looks at again, and a leaf split meanwhile
# falls through to the PTE table.  Linux fixed this class more than once:
# pmdp_invalidate for splits, and "thp: fix MADV_DONTNEED vs. numa
# balancing race" (2017) for mprotect's change_huge_pmd, which cleared the
# pmd for a moment the same way.  T1 and T2 each zap one page of the THP,
# so each splits it unless the other did; T1 reads its page back.  With
# the bug the explorer lets T1 read the pmd in T2's split's window: none,
# the zap skips the 2M and returns, and T1 reads its old bytes.  (A zap of
# the whole 2M that saw the leaf but finds a table under the lock must zap
# the table: tests/scripts/thp-zap-split-race.mmk.)
# Each split adds 512 mapcounts, each a scheduling point: at K = 2 the
# clean search is 40,622 interleavings (30 s), at K = 1 1,103.
#! find read A 0x40154000
#! preemptions 1
policy linux
ram 8M
mm A
mmap A 0x40000000 2M rw
write A 0x40000000 "x"
madvise A 0x40000000 2M collapse
write A 0x40154000 "old"
expect page A 0x40154000 thp=1
thread T1
  madvise A 0x40154000 4K dontneed
  read A 0x40154000 "\x00\x00\x00"
thread T2
  madvise A 0x40001000 4K dontneed
run
expect stat A anon_thp == 0
read A 0x40001000 "\x00"
read A 0x40000000 "x"
