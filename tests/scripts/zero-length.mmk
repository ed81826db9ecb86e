# Zero lengths, as Linux treats them: mprotect and madvise of nothing
# succeed, munmap and mmap of nothing are EINVAL.
mm A
mmap A 0x10000000 4K rw
mprotect A 0x10000000 0 r
madvise A 0x10000000 0 dontneed
madvise A 0x50000000 0 dontneed     # even where nothing is mapped
expect-error EINVAL munmap A 0x10000000 0
expect-error EINVAL mmap A 0x20000000 0 rw
write A 0x10000000 "still rw"
expect stat A vmas == 1
