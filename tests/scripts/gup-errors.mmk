# GUP's errors; a partial pin pins nothing.
mm A
mmap A 0x40000000 8K rw
mmap A 0x50000000 4K r
write A 0x40000000 "x"
expect-error EFAULT pin P1 A 0x30000000 1              # nothing mapped
expect-error EFAULT pin P2 A 0x50000000 1 write        # read-only mapping
expect-error EFAULT pin P3 A 0x40001000 2              # runs off the mapping
expect page A 0x40001000 refcount=1                   # ...and pinned nothing
mprotect A 0x40000000 8K none
expect-error EFAULT get G A 0x40000000 1 fast         # PROT_NONE
