# munmap of part of a VMA splits it; an unmapped hole is not an error.
mm A
mmap A 0x10000000 16K rw
write A 0x10000000 "page0"
write A 0x10001000 "page1"
write A 0x10002000 "page2"
write A 0x10003000 "page3"
expect stat A rss == 16K
# punch out page 1: two VMAs remain
munmap A 0x10001000 4K
expect stat A vmas == 2
expect stat A rss == 12K
expect-error SIGSEGV read A 0x10001000 "p"
expect pte A 0x10001000 none=1
read A 0x10000000 "page0"
read A 0x10002000 "page2"
read A 0x10003000 "page3"
# munmap across the hole and into page 2 (holes are fine)
munmap A 0x10001000 8K
expect stat A vmas == 2
expect-error SIGSEGV read A 0x10002000 "p"
read A 0x10003000 "page3"
# munmap of nothing at all succeeds
munmap A 0x30000000 64K
# bad arguments
expect-error EINVAL munmap A 0x10003001 4K
expect-error EINVAL munmap A 0x10003000 0
# the last page goes: one VMA left
munmap A 0x10003000 4K
expect stat A vmas == 1
expect stat A rss == 4K
