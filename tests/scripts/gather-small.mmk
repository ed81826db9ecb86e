# A one-page mmu_gather batch: a zap flushes and frees after every page,
# dropping the page-table lock midway.  The results are the same, and a
# DONTNEED of a whole table still frees it: the zap dropped the PTL, so
# PT_RECLAIM (policy linux) takes the slow path's full rescan.
gather 1
mm A
mmap A 0x10000000 2M rw
touch A 0x10000000 2M w
write A 0x10000000 0x99*64K
madvise A 0x10000000 1M dontneed
read A 0x10000000 0x00*64K
expect stat A rss == 1M
madvise A 0x10100000 1M dontneed
expect stat A rss == 0
expect stat A pte_tables == 1
touch A 0x10000000 2M w
write A 0x101ff000 0x77*4K
madvise A 0x10000000 2M dontneed
expect stat A rss == 0
expect stat A pte_tables == 0
read A 0x101ff000 0x00*4K
munmap A 0x10000000 2M
expect stat A vmas == 0
