# madvise over an unmapped hole answers ENOMEM, after applying the advice
# to the mapped parts of the range (as Linux's madvise_walk_vmas does).
mm A
mmap A 0x10000000 8K rw
mmap A 0x10004000 8K rw
write A 0x10000000 0x11*8K
write A 0x10004000 0x22*8K
expect-error ENOMEM madvise A 0x10000000 24K dontneed
read A 0x10000000 0x00*8K
read A 0x10004000 0x00*8K
expect stat A rss == 0
# a range entirely in a hole
expect-error ENOMEM madvise A 0x10002000 8K dontneed
expect-error ENOMEM madvise A 0x40000000 4K free
# a range that starts in a hole
write A 0x10004000 "x"
expect-error ENOMEM madvise A 0x10003000 8K dontneed
read A 0x10004000 "\x00"
