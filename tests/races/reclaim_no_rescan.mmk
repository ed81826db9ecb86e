# policies.md bug reclaim_no_rescan: a zap that dropped the PTL midway (its
# mmu_gather batch filled: `gather 1`) must take the slow path and rescan
# all 512 entries before freeing the table, because the table may have
# been refilled meanwhile (2025 fix "fix incorrect reclaim of non-empty
# PTE pages").  T1's DONTNEED zaps two pages and drops the PTL after the
# first; T2 writes the first page again.  With the bug, the explorer lets
# T2's fault in while the lock is dropped, and the table is freed with
# T2's entry in it (invariant 2).  Whatever the order, the second page,
# which T2 does not touch, reads zeros after the run.
#! find of mm A was freed with 1 entries still set, the first for 0x40000000
policy linux
ram 512K
gather 1
mm A
mmap A 0x40000000 2M rw
touch A 0x40000000 8K w
write A 0x40001000 "second"
thread T1
  madvise A 0x40000000 2M dontneed
thread T2
  touch A 0x40000000 4K w
run
read A 0x40001000 "\x00\x00\x00\x00\x00\x00"
