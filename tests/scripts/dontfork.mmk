# MADV_DONTFORK: the child does not inherit the range; MADV_DOFORK undoes it.
mm A
mmap A 0x10000000 8K rw
mmap A 0x20000000 4K rw
write A 0x10000000 "keep out"
write A 0x20000000 "inherited"
madvise A 0x10000000 8K dontfork
fork A B
expect stat B vmas == 1
expect-error SIGSEGV read B 0x10000000 "k"
expect pte B 0x10000000 none=1
read B 0x20000000 "inherited"
read A 0x10000000 "keep out"
# the parent's page was not shared with anyone: still exclusive, writable
expect pte A 0x10000000 write=1 exclusive=1
madvise A 0x10000000 8K dofork
fork A C
expect stat C vmas == 2
read C 0x10000000 "keep out"
