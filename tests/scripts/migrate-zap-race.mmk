#! cmd explore
#! args --preemptions 1
#! stdout explored
# Migration to the device against MADV_DONTNEED of the same page, which is
# not anon-exclusive (fork, then the child exited), so collection clears
# its entry without flushing at once and owes the flush (migrate_device.c,
# step 5).  CPU 1 caches a translation of the page in the set-up.
#  - Step 5 flushes before the PTL is dropped: otherwise the DONTNEED,
#    which finds a migration entry and so has no TLB entry of its own to
#    flush, returns while CPU 1 still reads the old page through its stale
#    translation, and T2's read sees "old" where the range must read zeros
#    (docs/mutants.md: migrate-flush-ptl).
#  - Finalize maps the new page only where its migration entry still is:
#    otherwise the page comes back after the DONTNEED zapped the entry,
#    and the read after the run sees "old" (migrate-finalize-recheck).
# In every interleaving the DONTNEED wins in the end: zeros.
policy linux
ram 512K
device gpu private 64K
mm A
mmap A 0x40000000 4K rw
write A 0x40000000 "old"
fork A B
exit B
read A 0x40000000 "old" cpu=1
thread T1 cpu=0
  migrate A 0x40000000 1 gpu
thread T2 cpu=1
  madvise A 0x40000000 4K dontneed
  read A 0x40000000 "\x00\x00\x00"
run
read A 0x40000000 "\x00\x00\x00"
expect page A 0x40000000 zero=1
