#! cmd explore
#! args --preemptions 2
#! stdout explored
# Policy refcount: a walker takes a reference on a PTE table with
# pte_try_get, an increment *unless zero*: a count at zero means its last
# put is freeing the table, and the walker must treat it as absent.  T2's
# DONTNEED empties the table and drops the count to zero; T1 faults a page
# into the same table.  The explorer stops T1 just before its increment,
# lets T2 drop the count to zero and start detaching the table under the
# pmd lock, then runs T1: incrementing from zero, T1 would go on to set its
# entry in the table, which the freer then frees with it (invariant 2).
# Two preemptions (docs/mutants.md: refcount-try-get).  Whatever the
# order, the page T1 does not touch reads zeros after the run.
policy refcount
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
