# mremap with old_len 0 duplicates a shared mapping (the DOS-emu case Linux
# still allows): a second VMA onto the same shmem pages, the original
# untouched.  A private mapping cannot be duplicated (EINVAL).  Linux
# 6.18: two VMAs, the duplicate at offset 0x4000, rss 8K after one read.
mm A
mmap A 0x140000000 64K rw shared
write A 0x140004000 "dup"
mremap A 0x140004000 0 0x150000000 8K
expect stat A vmas == 2
read A 0x150000000 "dup"
expect stat A rss == 8K
write A 0x150000000 "DUP"
read A 0x140004000 "DUP"
mmap A 0x160000000 64K rw
expect-error EINVAL mremap A 0x160000000 0 0x170000000 4K

# mprotect runs up to the first hole, even past TASK_SIZE (ENOMEM after).
mmap A 0x7fffffffd000 8K rw
write A 0x7fffffffd000 "top"
expect-error ENOMEM mprotect A 0x7fffffffd000 28K none
expect-error SIGSEGV read A 0x7fffffffd000 "t"
expect-error EINVAL madvise A 0x7fffffffd000 8K populate_write   # PROT_NONE
