# Four threads touch and DONTNEED overlapping ranges of one 4 MiB mapping,
# so they share its two PTE tables, and race the linux reclaim of a table
# (the 2 MiB DONTNEEDs cover a whole table) against faults refilling it.
# Nothing in a block depends on timing.  After `run`: every thread
# DONTNEEDed each range it wrote, after writing it, so no page is left
# whatever the interleaving (reads map the shared zero page, which rss does
# not count); a final DONTNEED of everything frees both PTE tables.
#! stdout ok: 40 statements, 7 expectations
policy linux
cpus 4
gather 16
mm A
mmap A 0x40000000 4M rw
thread T0
  touch A 0x40000000 2M w
  madvise A 0x40000000 2M dontneed
  touch A 0x40100000 1M w
  madvise A 0x40000000 4M dontneed
  touch A 0x40200000 2M w
  madvise A 0x40200000 2M dontneed
thread T1
  touch A 0x40080000 3M w
  madvise A 0x40080000 3M dontneed
  touch A 0x40200000 64K w
  madvise A 0x40200000 2M dontneed
  touch A 0x40000000 4M r
thread T2
  touch A 0x40000000 4M w stride=64K
  madvise A 0x40000000 2M dontneed
  madvise A 0x40200000 2M dontneed
  touch A 0x40300000 64K w
  madvise A 0x40300000 64K dontneed
thread T3
  touch A 0x401f0000 128K w
  madvise A 0x40000000 4M dontneed
  touch A 0x40000000 2M w
  madvise A 0x40000000 2M dontneed
  read A 0x40000000 0x00*8K
run
expect stat A rss == 0
expect stat A vmas == 1
madvise A 0x40000000 4M dontneed
sync
expect stat A rss == 0
expect stat A pte_tables == 0
expect stat A pgtable == 8K
expect sys pending_free == 0
expect sys pgtable_frames == 3
