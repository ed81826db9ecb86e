# MADV_FREE marks private anonymous pages lazily freed: they stay mapped
# and keep their data until reclaim discards them, but are clean (entry and
# page), so reclaim may drop them.  A write before then keeps the page.
mm A
mmap A 0x10000000 16K rw
write A 0x10000000 0x42*16K
madvise A 0x10000000 16K free
expect stat A rss == 16K
expect pte A 0x10000000 present=1 write=1 dirty=0 young=0
expect page A 0x10000000 anon=1 mapcount=1 dirty=0
read A 0x10000000 0x42*16K
# a new write dirties the entry again
write A 0x10001000 "redirtied"
expect pte A 0x10001000 present=1 dirty=1
read A 0x10001000 "redirtied"
# MADV_FREE of never-touched memory is fine, and does nothing
mmap A 0x20000000 16K rw
madvise A 0x20000000 16K free
expect stat A rss == 16K
# shared memory refuses it
mmap A 0x30000000 4K rw shared
expect-error EINVAL madvise A 0x30000000 4K free
