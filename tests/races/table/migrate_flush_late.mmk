# migrate_flush_late at table size (docs/race-lab.md, "At table size"):
# a migration to device memory of 64 pages in the middle of a written
# 2 MiB table, while CPU 1, which cached a translation of one of them,
# writes to it.  Migration must flush before it trusts the counts and
# copies, or the write lands in the old page after the copy and is lost.
# Run with `--por`.
#! find invariant 10: a write to 0x40100000
policy linux
device gpu private 256K
mm A
mmap A 0x40000000 2M rw
touch A 0x40000000 2M w
write A 0x40100000 "old" cpu=1
thread T1 cpu=0
  migrate A 0x400e0000 64 gpu
thread T2 cpu=1
  write A 0x40100000 "new"
run
read A 0x40100000 "new"
