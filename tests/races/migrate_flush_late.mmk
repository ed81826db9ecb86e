# policies.md bug migrate_flush_late: migrate_vma collection must flush the
# TLB for the entries it cleared before it drops the PTL, so no CPU keeps
# writing through a stale translation into a page that is about to be
# copied.  T1 migrates a page to the device while T2 writes it on CPU 1,
# whose TLB holds a writable entry for it (warmed by the set-up's write).
# Without the bug T2's write lands before the clear (and is copied) or
# faults on the migration or device entry and follows the page.  With it,
# the flush waits until after the copy: the explorer lets T2 write through
# its stale entry into the old page after the copy: the checker reports
# it when the late flush returns and the old page no longer equals its copy
# (invariant 10); the read after the run would see the old data.
#! find invariant 10: a write to 0x40000000
policy linux
ram 512K
device gpu private 64K
mm A
mmap A 0x40000000 4K rw
write A 0x40000000 "old" cpu=1
thread T1 cpu=0
  migrate A 0x40000000 1 gpu
thread T2 cpu=1
  write A 0x40000000 "new"
run
read A 0x40000000 "new"
