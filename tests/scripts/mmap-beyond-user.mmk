# A fixed mapping that does not fit below the 47-bit user address space
# limit (TASK_SIZE = 0x7ffffffff000): Linux's __get_unmapped_area answers
# ENOMEM ("addr > TASK_SIZE - len"), not EINVAL.
mm A
expect-error ENOMEM mmap A 0x7ffffffff000 8K rw
expect-error ENOMEM mmap A 0x7ffffffff000 4K rw    # TASK_SIZE itself (Linux 6.18 agrees)
expect-error EINVAL munmap A 0x7ffffffff000 4K
expect-error ENOMEM mmap A 0x800000000000 4K rw
# the last page below the limit is fine
mmap A 0x7fffffffe000 4K rw
write A 0x7fffffffe000 "top"
read A 0x7fffffffe000 "top"
# Room is checked before alignment (__get_unmapped_area): a misaligned
# address that also runs past TASK_SIZE is ENOMEM (Linux 6.18, kdiff).
expect-error ENOMEM mmap A 0x7fffffffa800 1671168 r
expect-error EINVAL mmap A 0x40000800 4K r
# A store running from the last page into TASK_SIZE writes that page, then
# SIGSEGV (Linux 6.18: rss 4K, kdiff seed 2650).
mm C
mmap C 0x7fffffffe000 4K rw
expect-error SIGSEGV write C 0x7fffffffee3a 0xa6*5444
expect stat C rss == 4K
read C 0x7fffffffee3a "\xa6\xa6"
# madvise has no TASK_SIZE check: a range past it is a hole, ENOMEM
# (Linux 6.18; munmap checks and says EINVAL).
expect-error ENOMEM madvise A 0x800000000000 4K dontneed
