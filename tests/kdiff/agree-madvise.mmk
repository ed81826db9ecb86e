# kdiff: errors, signals, MADV_DONTNEED of a whole PTE table (PT_RECLAIM
# frees it), MADV_FREE, dontfork and wipeonfork agree with the kernel.
mm A
mmap A 0x40000000 4M rw
touch A 0x40000000 4M w
madvise A 0x40000000 2M dontneed
expect pte A 0x40000000 present=0 none=1
madvise A 0x40200000 1M free
mmap A 0x50000000 64K rw
write A 0x50000000 "kept"
madvise A 0x50000000 64K dontfork
mmap A 0x60000000 64K rw
write A 0x60000000 "wiped"
madvise A 0x60000000 64K wipeonfork
fork A B
read B 0x60000000 "\x00\x00\x00\x00\x00"
expect-error SIGSEGV read B 0x50000000 "kept"
expect-error EEXIST mmap A 0x40000000 4K rw
expect-error EINVAL munmap A 0x40000800 4K
mprotect A 0x40300000 4K r
expect-error SIGSEGV write A 0x40300000 "x"
exit B
