# bug retract_no_pmd_recheck: retract_page_tables maps the PTE table with
# pte_offset_map_rw_nolock, which hands back the pmd value it read, and
# must recheck that value under the pmd lock before it clears the pmd and
# frees the table (Linux 6.6+, "free retracted page table by RCU"; 6.18's
# check_pmd_state).  T1 collapses a shmem 2M (MADV_COLLAPSE: collapse_file
# unmaps the old pages, then retracts the emptied table, no mmap_lock
# held) while T2 DONTNEEDs it: PT_RECLAIM may free the same empty table
# first.  Without the bug, retract sees the pmd changed and leaves it;
# with it, the explorer lets T2 free the table between T1's read of the
# pmd and its pmd lock, and T1 frees it again (invariant 1).  The
# collapse may fail with EAGAIN where T2's zap still holds the old page.
# The race needs one preemption; two would take minutes: capped at one.
# Under the sanitizers the clean searches take minutes too (TSan: 4 for
# one policy): they run the `found` case only.
#! find invariant 1: page table pfn
#! preemptions 1
#! sanitizers found
policy linux
mm A
mmap A 0x40000000 2M rw shared
write A 0x40000000 "a"
thread T1
  may-fail EAGAIN madvise A 0x40000000 2M collapse
thread T2
  madvise A 0x40000000 2M dontneed
run
read A 0x40000000 "a"
read A 0x40100000 "\x00"
