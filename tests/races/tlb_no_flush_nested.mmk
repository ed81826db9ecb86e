# bug tlb_no_flush_nested: two MADV_DONTNEEDs of one page run at once.
# T1 clears the entry and batches its flush; T2 finds the entry already
# none, has nothing of its own to flush, and returns.  T2's CPU cached the
# page's translation in the set-up, so its read after its DONTNEED must
# fault and see zeros.  Linux (commit 99baac21e458, "mm: fix
# MADV_[FREE|DONTNEED] TLB flush miss problem") makes a gather that
# finishes while another is in progress flush the whole mm.  With the bug
# the explorer finds the order where T2 reads the old bytes through its
# stale translation.
#! find read A 0x40000000
policy linux
ram 512K
mm A
mmap A 0x40000000 4K rw
write A 0x40000000 "old" cpu=1
thread T1 cpu=0
  madvise A 0x40000000 4K dontneed
thread T2 cpu=1
  madvise A 0x40000000 4K dontneed
  read A 0x40000000 "\x00\x00\x00"
run
