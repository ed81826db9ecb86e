#! cmd explore
#! args --preemptions 1
#! stdout explored
# The mmu_gather frees the pages a zap cleared only after the TLB flush:
# until then another CPU may still store through its cached translation,
# and a store into a frame already back in the allocator lands in whoever
# gets it next.  CPU 1 caches the page in the set-up; T1's DONTNEED races
# T2's store through that entry.  Whatever the order, the store reaches
# the old page while it is still allocated (or faults and maps a new
# one); freeing before the flush is invariant 8, checked on every access
# (docs/mutants.md: zap-flush-before-free).  After the run the page's
# content depends on the order, but not what is left once it is zapped
# again: the four page tables, every data page freed once.
policy linux
ram 512K
mm A
mmap A 0x40000000 4K rw
write A 0x40000000 "old" cpu=1
thread T1 cpu=0
  madvise A 0x40000000 4K dontneed
thread T2 cpu=1
  write A 0x40000000 "new"
run
madvise A 0x40000000 4K dontneed
sync
expect stat A rss == 0
expect sys frames_used == 4
