#! cmd explore
#! args --preemptions 1
#! stdout explored
# The device mirror (hmm.c) against MADV_DONTNEED of the page it is
# faulting in.  hmm_range_fault samples the notifier sequence, walks the
# CPU page table, and installs what it found only if no invalidation ran
# since (mmu_interval_read_retry); else it starts again.  The page's first
# byte is zero, so T1's read holds whichever side wins.  Without the retry
# the explorer finds the order where T1 walks, the DONTNEED zaps and
# frees the page, and T1 installs the freed page in the mirror: the
# device's read after the run sees "old" where the range must read zeros
# (docs/mutants.md: hmm-read-retry).
policy linux
ram 512K
device gpu private 64K
mm A
mmap A 0x40000000 4K rw
write A 0x40000000 "\x00old"
thread T1
  dev-read gpu A 0x40000000 "\x00"
thread T2
  madvise A 0x40000000 4K dontneed
run
dev-read gpu A 0x40000000 "\x00\x00\x00\x00"
read A 0x40000000 "\x00\x00\x00\x00"
