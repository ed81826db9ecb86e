# VMAs merge as Linux 6.18 merges them (each case checked against the
# kernel with /proc/self/maps):
#  - two anonymous VMAs merge only with compatible anon_vmas: the same
#    one, or one has none and the other was not forked from a parent's;
#  - VM_ACCOUNT takes part: a private mapping that was made read-only
#    after it had an anonymous page stays committed, and does not merge
#    with a read-only mapping that never was.
mm A
mmap A 0x100000000 8K rw
write A 0x100000000 "x"
mmap A 0x100002000 4K rw               # no anon_vma yet: merges
expect stat A vmas == 1
munmap A 0x100002000 4K
mmap A 0x100003000 4K rw
write A 0x100003000 "y"                # an anon_vma of its own
mmap A 0x100002000 4K rw               # joins the left one only
expect stat A vmas == 2
munmap A 0x100000000 16K
# After fork, the child's faulted VMA has a forked anon_vma.
mmap A 0x100000000 8K rw
write A 0x100000000 "x"
fork A B
mmap B 0x100002000 4K rw
expect stat B vmas == 2
mmap A 0x100002000 4K rw
expect stat A vmas == 1
exit B
munmap A 0x100000000 12K
# VM_ACCOUNT: committed once written, even when made read-only.
mmap A 0x100000000 4K rw
write A 0x100000000 "x"
mprotect A 0x100000000 4K r
mmap A 0x100001000 4K r
expect stat A vmas == 2
munmap A 0x100000000 8K
# Never written: read-only again means uncommitted, and it merges.
mmap A 0x100000000 4K rw
mprotect A 0x100000000 4K r
mmap A 0x100001000 4K r
expect stat A vmas == 1
