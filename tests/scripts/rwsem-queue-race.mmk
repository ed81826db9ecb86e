#! cmd explore
#! args --preemptions 1
#! stdout explored
# Policy rwsem: a zap frees the tables it emptied only under the mm's
# page-table rwsem held for write, and only trylocks it; when a walker
# holds it for read, the range is queued and the next zapper that gets
# the lock frees it too (policy_rwsem.c).  T1's DONTNEED empties the
# first table while T2's fault walks the second.  Whatever the order, after
# one more DONTNEED (of a range with nothing to free) the first table is
# gone: one table is left.  Dropping the range instead of queueing it
# keeps the table for good (docs/mutants.md: rwsem-queue).
policy rwsem
ram 1M
mm A
mmap A 0x40000000 4M rw
touch A 0x40000000 4K w
touch A 0x40200000 4K w
thread T1
  madvise A 0x40000000 2M dontneed
thread T2
  touch A 0x40201000 4K w
run
madvise A 0x40300000 4K dontneed
expect stat A pte_tables == 1
read A 0x40201000 "\x00"
