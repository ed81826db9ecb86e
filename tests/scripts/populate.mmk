# MADV_POPULATE_READ/WRITE fault a range in without taking pages; errors
# as Linux: EINVAL when the mapping lacks the permission, ENOMEM for a hole.
mm A
mmap A 0x40000000 64K rw
madvise A 0x40000000 64K populate_write
expect pte A 0x4000f000 present=1 write=1 dirty=1
expect stat A rss == 64K
mmap A 0x50000000 64K r
madvise A 0x50000000 64K populate_read
expect page A 0x50000000 zero=1
expect-error EINVAL madvise A 0x50000000 64K populate_write
mmap A 0x60000000 4K none
expect-error EINVAL madvise A 0x60000000 4K populate_read
expect-error ENOMEM madvise A 0x40000000 128K populate_read   # hole after 64K
