# Threads fault, write, copy-on-write and reclaim the pages of one file
# through a shared and a private mapping at once.  Whatever the
# interleaving: the shared writes reach the file, the private copies keep
# their own bytes, and a page nobody wrote reads zeros.
#! stdout ok: 38 statements, 4 expectations
policy linux
cpus 4
file data 4M
cache data 0 1M
mm A
mmap A 0x140000000 4M rw file=data shared
mmap A 0x180000000 4M rw file=data
thread T0
  write A 0x140000000 "s0"
  touch A 0x140000000 4M r stride=16K
  write A 0x140200000 "s1"
  madvise A 0x140000000 4M pageout
thread T1
  touch A 0x180000000 4M r
  write A 0x180100000 "p0"
  madvise A 0x180000000 2M dontneed
  write A 0x180300000 "p1"
thread T2
  touch A 0x180000000 4M w stride=64K
  madvise A 0x140000000 2M dontneed
  touch A 0x140000000 2M r
thread T3
  write A 0x1403ff000 "s2"
  madvise A 0x180200000 2M pageout
  touch A 0x1401f0000 128K r
run
read A 0x140000000 "s0"
read A 0x140200000 "s1"
read A 0x1403ff000 "s2"
read A 0x180300000 "p1"
read A 0x140100000 "\x00\x00"
expect stat A vmas == 2
munmap A 0x180000000 4M
madvise A 0x140000000 4M dontneed
sync
expect stat A rss == 0
expect stat A pte_tables == 0
expect sys pending_free == 0
