#! stdout ok: 27 statements, 7 expectations
# fork and exit inside blocks: a name made in a block is the block's until
# `run` (exit there is allowed), then everybody's.  T1 forks while T2
# DONTNEEDs and rewrites another part of the parent: the child gets the
# parent's pages as they were at some point, but the range T1 forks for is
# untouched by T2, so what the child sees there is fixed.
cpus 2
mm P
mmap P 0x10000000 4M rw
write P 0x10000000 "parent"
write P 0x10200000 "other"
thread T1
  fork P C
  read C 0x10000000 "parent"
  expect same-frame P 0x10000000 C 0x10000000
  fork P D
  exit D
thread T2
  madvise P 0x10200000 2M dontneed
  write P 0x10200000 "again"
  expect page P 0x10000000 anon=1
run
write C 0x10000000 "child"
expect distinct-frame P 0x10000000 C 0x10000000
read P 0x10000000 "parent"
read P 0x10200000 "again"
exit C
sync
expect stat P rss == 8K
expect page P 0x10000000 mapcount=1
expect pte P 0x10000000 write=0
write P 0x10000000 "P"
expect pte P 0x10000000 write=1 exclusive=1
