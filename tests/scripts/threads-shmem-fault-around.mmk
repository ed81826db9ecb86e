# Read faults on shared memory map up to 16 neighbours at once
# (fault-around) while other threads write, DONTNEED, page out and re-read
# the same PTE tables.  Shmem keeps its pages across both, so whatever the
# interleaving every byte written is read back afterwards, and a final
# DONTNEED leaves no page mapped.
#! stdout ok: 52 statements, 8 expectations
policy linux
cpus 4
mm A
mmap A 0x140000000 4M rw shared
thread T0
  write A 0x140000000 "zero"
  write A 0x140011000 "seventeen"
  touch A 0x140000000 2M r
  write A 0x1401ff000 "last of table 0"
  write A 0x140200000 "first of table 1"
thread T1
  madvise A 0x140000000 4M dontneed
  touch A 0x140000000 4M r stride=16K
  madvise A 0x140000000 2M dontneed
  touch A 0x140100000 2M r
  madvise A 0x140000000 4M pageout
  madvise A 0x140200000 2M dontneed
thread T2
  touch A 0x140000000 4M r
  write A 0x140005000 "five"
  madvise A 0x140000000 64K dontneed
  touch A 0x140000000 128K r
thread T3
  write A 0x1403ff000 "end"
  touch A 0x1401f0000 128K r
  madvise A 0x1401f0000 128K dontneed
  madvise A 0x1401f0000 4K pageout
  write A 0x140210000 "t3"
  touch A 0x140200000 2M r stride=64K
run
read A 0x140000000 "zero"
read A 0x140011000 "seventeen"
read A 0x1401ff000 "last of table 0"
read A 0x140200000 "first of table 1"
read A 0x140005000 "five"
read A 0x1403ff000 "end"
read A 0x140210000 "t3"
expect stat A vmas == 1
# T1's pageout drops clean pages from the cache in whatever order the
# threads ran: fault the first 64K in again, so all 16 are cached
touch A 0x140000000 64K r
madvise A 0x140000000 4M dontneed
sync
expect stat A rss == 0
read A 0x140005000 "five"
expect stat A rss == 64K
touch A 0x140000000 4M r
expect stat A rss == 4M
madvise A 0x140000000 4M dontneed
sync
expect stat A rss == 0
expect stat A pte_tables == 0
expect stat A pgtable == 8K
expect sys pending_free == 0
