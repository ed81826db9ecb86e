# bug collapse_no_gup_fast_sync: collapse_huge_page clears the pmd and
# flushes, then must wait out GUP-fast walkers that read the pmd before
# (Linux: tlb_remove_table_sync_one, "mm/khugepaged: fix GUP-fast
# interaction by sending IPI", 2022), because the old PTE table becomes
# the THP's deposit, which a zap of the THP frees at once.  T1 pins a page
# with GUP-fast while T2 collapses the 2M (MADV_COLLAPSE) and then
# DONTNEEDs it.  Without the bug T2 waits for T1 to leave its walk: T1's
# pin either lands first (the collapse then sees the extra reference and
# fails with EAGAIN) or fails its pmd recheck and pins the new THP by the
# slow path.  With it, the explorer lets T2 collapse, zap and free the old
# table between T1's read of the pmd and its read of the PTE: GUP-fast
# reads poison (invariant 1).
#! find pin P A 0x40000000 1 fast: invariant 1: GUP-fast read poison
policy linux
ram 8M
mm A
mmap A 0x40000000 2M rw
touch A 0x40000000 8K w
thread T1
  pin P A 0x40000000 1 fast
  unpin P
thread T2
  may-fail EAGAIN madvise A 0x40000000 2M collapse
  madvise A 0x40000000 2M dontneed
run
read A 0x40000000 "\x00"
