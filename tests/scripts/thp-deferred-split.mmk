# The deferred split queue and the THP shrinker.  A munmap, DONTNEED or
# COW of some pages of an anonymous THP (not all of it, and not while a
# PMD maps it) queues it: thp_deferred_split_page counts it once.  When an
# allocation then finds no free frame, reclaim splits the queued folios
# and frees the pages nothing maps, so a process that keeps one page of
# each THP does not hold 2 MiB for it when memory runs short.
# On the kernel (6.18): tests/kdiff/deferred-split.sh runs the same steps
# in a 9 MiB memory cgroup: both THPs queued, both split, the 5 MiB fits.
thp madvise
ram 8M
mm A
# Which operations queue a THP (the host's vmstat agrees, C program):
mmap A 0x40000000 2M rw huge
write A 0x40000000 0x01*2M
madvise A 0x40002000 4K dontneed
expect sys thp_deferred_split_page == 1
munmap A 0x40000000 2M
mmap A 0x40000000 2M rw huge
write A 0x40000000 0x01*2M
mprotect A 0x40001000 4K r
mprotect A 0x40001000 4K rw
madvise A 0x40000000 2M dontneed
expect sys thp_deferred_split_page == 1
munmap A 0x40000000 2M
mmap A 0x40000000 2M rw huge
write A 0x40000000 0x01*2M
fork A C
write C 0x40008000 "c"
expect sys thp_deferred_split_page == 1
munmap A 0x40000000 2M
exit C
# The shrinker
mmap A 0x40000000 4M rw huge
write A 0x40000000 0x01*4M
expect sys thp_fault_alloc == 5
munmap A 0x40001000 2044K
munmap A 0x40201000 2044K
expect sys thp_deferred_split_page == 3
expect stat A rss == 8K
expect sys frames_used >= 1024
mm B
mmap B 0x80000000 5M rw
touch B 0x80000000 5M w
expect sys thp_split_page == 2
read A 0x40000000 "\x01"
read A 0x40200000 "\x01"

