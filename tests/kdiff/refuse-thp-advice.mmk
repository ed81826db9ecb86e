mm A
mmap A 0x10000000 2M rw
expect-error EINVAL madvise A 0x10000000 2M collapse
