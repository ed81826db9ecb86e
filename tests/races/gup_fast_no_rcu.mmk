# policies.md bug gup_fast_no_rcu: GUP-fast walks the page tables without
# the RCU (irq-off) protection that keeps a detached table from being
# freed under it.  T1 pins a page with GUP-fast while T2's DONTNEED of the
# whole table empties it, and policy linux frees the table (PT_RECLAIM)
# through the mmu_gather and an RCU callback.  Without the bug the walker
# holds the grace period off and reads, at worst, the detached table.
# With it, the explorer runs the callback between GUP-fast's read of the
# pmd and its read of the PTE: the walker reads poison (invariant 1).
# Whatever the order, the second page, which only the DONTNEED touches,
# reads zeros after the run.
#! find pin P A 0x40000000 1 fast: invariant 1: GUP-fast read poison
policy linux
ram 512K
mm A
mmap A 0x40000000 2M rw
touch A 0x40000000 8K w
write A 0x40001000 "second"
thread T1
  pin P A 0x40000000 1 fast
  unpin P
thread T2
  madvise A 0x40000000 2M dontneed
run
read A 0x40001000 "\x00\x00\x00\x00\x00\x00"
