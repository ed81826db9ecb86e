# Three threads, each on its own CPU, write and read their own pages
# (each in its own 2 MiB region, so its own PTE table) while the others do
# the same.  Every expectation in a block is about the thread's own pages,
# so it holds whatever the interleaving.
#! stdout ok: 28 statements, 7 expectations
cpus 3
mm A
mmap A 0x10000000 6M rw
thread T0 cpu=0
  write A 0x10000000 "zero"
  touch A 0x10001000 256K w
  read A 0x10000000 "zero"
  expect pte A 0x10000000 present=1 write=1 dirty=1
  expect page A 0x10000000 anon=1 mapcount=1
thread T1 cpu=1
  write A 0x10200000 0x11*64K
  read A 0x10200000 0x11*64K
  expect pte A 0x10200000 present=1 write=1 dirty=1 exclusive=1
thread T2
  write A 0x104ffffe "edge"
  read A 0x104ffffe "edge"
  madvise A 0x10580000 64K dontneed
  read A 0x10580000 0x00*64K
  expect pte A 0x10580000 present=1 write=0
run
# After `run` every thread is done: the main script sees all of it.
read A 0x10000000 "zero"
read A 0x10200000 0x11*64K
read A 0x104ffffe "edge"
expect stat A rss == 332K
expect stat A pte_tables == 3
# The runner has CPU 0 back.
write A 0x10000000 "main" cpu=1
read A 0x10000000 "main"
expect same-frame A 0x10000000 A 0x10000000
