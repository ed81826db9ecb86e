# policies.md bug no_pmd_recheck: pte_offset_map_lock() does not recheck,
# once it holds the PTL, that the pmd still points at the table it mapped.
# T1 faults a page into a table that T2's DONTNEED empties and detaches
# (policy linux).  Without the bug the fault sees the pmd changed and
# retries with a new table.  With it, the explorer preempts T1 between its
# read of the pmd and taking the PTL: pte_offset_map_lock hands T1 a
# table whose pmd changed (invariant 3, reported there), which T1 would
# then fill and which would be freed with its entry set (invariant 2).
# Whatever the order, the first page, which T1 does not touch, reads
# zeros after the run.
#! find invariant 3: pte_offset_map_lock for 0x40001000 in mm A returned a locked table whose pmd changed
policy linux
ram 512K
mm A
mmap A 0x40000000 2M rw
write A 0x40000000 "first"
thread T1
  touch A 0x40001000 4K w
thread T2
  madvise A 0x40000000 2M dontneed
run
read A 0x40000000 "\x00\x00\x00\x00\x00"
