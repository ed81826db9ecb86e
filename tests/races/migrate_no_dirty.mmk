# policies.md bug migrate_no_dirty: migrate_vma collection must carry the
# dirty bit of the entry it clears to the page (folio_mark_dirty), because
# the entry it puts back (here: after the round trip to the device and
# back) is dirty only if the page is.  The page is lazily freed
# (MADV_FREE: clean, not swap-backed) when T1 writes it again, which
# dirties only the entry, while T2 migrates it to the device.  Whatever the
# order, the write must survive the round trip and a pageout, which
# discards only clean lazily freed pages.  With the bug, the round trip
# forgets the dirty bit and pageout would discard T1's data (the read
# would see zeros); the checker reports it earlier, where the bit is lost
# (invariant 11: a dirty entry replaced while its page is clean).  This one needs no preemption (found in the first, default
# interleaving); the explorer's value is the clean direction, checked for
# every interleaving within the bound.
#! find invariant 11: migration replaced the dirty PTE
policy linux
ram 512K
device gpu private 64K
mm A
mmap A 0x40000000 4K rw
write A 0x40000000 "old"
madvise A 0x40000000 4K free
thread T1 cpu=0
  write A 0x40000000 "new"
thread T2 cpu=1
  migrate A 0x40000000 1 gpu
run
migrate A 0x40000000 1 ram
madvise A 0x40000000 4K pageout
read A 0x40000000 "new"
