# Below vm.mmap_min_addr (4096) an unprivileged process may not map:
# mmap there is EPERM, and so is an mremap destination there, which Linux
# checks only after MREMAP_FIXED has unmapped the destination range (so the
# page at 0x1000 is gone).  Linux 6.18 as uid 65534 (issue 14 item 11).
mm A
expect-error EPERM mmap A 0 4K rw
expect-error EPERM mmap A 0 8K r shared
mmap A 0x1000 4K rw
write A 0x1000 "low"
mmap A 0x140000000 8K rw
expect-error EPERM mremap A 0x140000000 8K 0 8K
expect-error SIGSEGV read A 0x1000 "l"
expect stat A vmas == 1
munmap A 0 8K
