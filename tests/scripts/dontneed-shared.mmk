# MADV_DONTNEED on a MAP_SHARED mapping only drops this mm's entries: the
# data lives on in the shared (shmem) object and faults back in.
mm A
mmap A 0x10000000 8K rw shared
write A 0x10000000 "still here"
write A 0x10001000 "me too"
expect stat A rss == 8K
madvise A 0x10000000 8K dontneed
expect stat A rss == 0
expect pte A 0x10000000 none=1
read A 0x10000000 "still here"
read A 0x10001000 "me too"
expect stat A rss == 8K
