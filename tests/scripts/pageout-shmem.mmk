# MADV_PAGEOUT unmaps a shmem page that only this process maps
# (shrink_folio_list unmaps before its writeout fails for want of swap):
# the page stays in the object, dirty, and the next read maps it again,
# with its neighbours (fault-around).  A page another process maps too is
# left alone, and so is private anonymous memory (no swap).  The rss
# figures are Linux 6.18's for the same calls (issue 14 item 9).
mm A
mmap A 0x140000000 64K rw shared
write A 0x140000000 "p0"
write A 0x140001000 "p1"
madvise A 0x140000000 64K pageout
expect stat A rss == 0
expect pte A 0x140000000 none=1
read A 0x140001000 "p1"
expect stat A rss == 8K
expect page A 0x140000000 dirty=1 mapcount=1
read A 0x140000000 "p0"

# Mapped by a child too: both keep it.
fork A B
read B 0x140000000 "p0"
expect stat B rss == 8K
madvise B 0x140000000 64K pageout
expect stat B rss == 8K
madvise A 0x140000000 64K pageout
expect stat A rss == 8K
exit B
madvise A 0x140000000 64K pageout
expect stat A rss == 0

# Private anonymous: nowhere to write it, it stays.
mm C
mmap C 0x140000000 64K rw
write C 0x140000000 "c"
madvise C 0x140000000 64K pageout
expect stat C rss == 4K

# A page only ever read is clean: reclaim drops it from the object rather
# than keep it (nothing to write), so a later fault-around does not find
# it.  Linux 6.18: rss 4K after the last read, not 8K.
mm D
mmap D 0x1000002000 44K r shared
read D 0x100000b000 "\x00"
madvise D 0x1000002000 44K pageout
expect stat D rss == 0
read D 0x1000005000 "\x00"
expect stat D rss == 4K
expect pte D 0x100000b000 none=1
