#! cmd explore
#! args --preemptions 1
#! stdout explored
# A write to a lazily freed THP racing a split of its PMD, then reclaim.
# MADV_FREE left the PMD clean and old; T1's store has the CPU's walker
# set the dirty bit in the PMD (a compare-and-exchange, as the hardware
# does) while T2's one-page DONTNEED splits the PMD.  The split must carry
# the dirty bit it takes with its exchange (pmdp_invalidate) into the PTEs
# and the folio, or the written page looks clean and lazily free and
# MADV_PAGEOUT discards it: the read then sees zeros, the write is lost
# (Linux 2018, "do not lose dirty and access bits in pmdp_invalidate()").
# How much stays depends on the order: a write before the split dirties
# the whole PMD, and then the page holding "x" stays too (the kernel
# agrees: `mmkit kdiff` of the sequential orders).
ram 8M
mm A
mmap A 0x40000000 2M rw
write A 0x40000000 "x"
madvise A 0x40000000 2M collapse
expect page A 0x40154000 thp=1
madvise A 0x40000000 2M free
expect page A 0x40154000 dirty=0
thread T1
  write A 0x40154000 "new"
thread T2
  madvise A 0x40001000 4K dontneed
run
madvise A 0x40000000 2M pageout
read A 0x40154000 "new"
