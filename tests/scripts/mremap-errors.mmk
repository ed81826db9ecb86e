# mremap's errors, as Linux gives them.
mm A
mmap A 0x40000000 64K rw
mmap A 0x40010000 64K r
expect-error EFAULT mremap A 0x30000000 4K 0x50000000 4K      # nothing mapped there
expect-error EFAULT mremap A 0x3fff0000 128K 0x50000000 128K  # starts in a gap
expect-error EFAULT mremap A 0x40000000 128K 0x50000000 256K  # resizing: one VMA only
expect-error EINVAL mremap A 0x40000000 4K 0x7ffffffff000 8K  # ends beyond TASK_SIZE
expect-error EFAULT mremap A 0x7ffffffff000 4K 0x50000000 4K  # old range need not fit: EFAULT
expect-error EINVAL mremap A 0x40000000 0 0x50000000 4K       # private: no duplicate
expect-error EINVAL mremap A 0x40000000 64K 0x40008000 64K    # ranges overlap
expect-error EINVAL mremap A 0x40000800 4K 0x50000000 4K      # misaligned
expect-error EINVAL mremap A 0x40000000 4K 0x50000000 0       # zero new length
mmap A 0x60000000 1M rw shared             # shmem does not grow with its mapping:
write A 0x60000000 "s"
mremap A 0x60000000 1M 0x61000000 2M
read A 0x61000000 "s"
expect-error SIGBUS read A 0x61100000 "\x00"                  # beyond the object
# A shrink whose dropped tail runs past TASK_SIZE: the tail's munmap says
# EINVAL, after MREMAP_FIXED already unmapped the destination (kdiff seed
# 8632, Linux 6.18).
mmap A 0x7fffffffe000 4K r
mmap A 0x20206000 4K rw
expect-error EINVAL mremap A 0x7fffffffe000 8K 0x20206000 4K
expect-error SIGSEGV read A 0x20206000 "\x00"
read A 0x7fffffffe000 "\x00"
