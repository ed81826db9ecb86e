# MADV_DONTNEED on private anonymous memory: the pages are dropped; the
# range reads back as zeros and RSS falls to 0.
mm A
mmap A 0x10000000 64K rw
write A 0x10000000 0x77*64K
expect stat A rss == 64K
madvise A 0x10000000 64K dontneed
expect stat A rss == 0
expect stat A vmas == 1
expect pte A 0x10000000 none=1
expect pte A 0x1000f000 none=1
read A 0x10000000 0x00*64K
# reads map the zero page: still nothing in RSS
expect stat A rss == 0
# part of a range: only that part goes
write A 0x10000000 0x33*16K
madvise A 0x10001000 8K dontneed
read A 0x10000000 0x33*4K
read A 0x10001000 0x00*8K
read A 0x10003000 0x33*4K
expect stat A rss == 8K
# bad arguments
expect-error EINVAL madvise A 0x10000001 4K dontneed
