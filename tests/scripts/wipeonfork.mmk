# MADV_WIPEONFORK: the child gets the range, but empty (reads zeros);
# MADV_KEEPONFORK undoes it.  Only private anonymous memory accepts it.
mm A
mmap A 0x10000000 8K rw
write A 0x10000000 "secret"
write A 0x10001000 "secret2"
madvise A 0x10000000 8K wipeonfork
fork A B
expect stat B vmas == 1
expect pte B 0x10000000 none=1
read B 0x10000000 0x00*6
expect page B 0x10000000 zero=1
read A 0x10000000 "secret"
expect pte A 0x10000000 write=1 exclusive=1
write B 0x10001000 "child"
read A 0x10001000 "secret2"
madvise A 0x10000000 8K keeponfork
fork A C
read C 0x10000000 "secret"
read C 0x10001000 "secret2"
# MAP_SHARED memory refuses it
mmap A 0x20000000 4K rw shared
expect-error EINVAL madvise A 0x20000000 4K wipeonfork
