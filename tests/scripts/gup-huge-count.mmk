# NPAGES larger than the user address space: refused as GUP refuses it
# (EOVERFLOW when ADDR + NPAGES pages wraps, EFAULT past TASK_SIZE), with
# nothing pinned.  (Hardening issue: the set's size once wrapped and the pin
# wrote past a heap buffer.)
mm A
mmap A 0x40000000 8K rw
write A 0x40000000 "x"
expect-error EOVERFLOW pin P1 A 0x40000000 0xffffffffffffffff
expect-error EOVERFLOW get G1 A 0x40000000 0xfffffffffffffffe
expect-error EOVERFLOW pin P2 A 0x40000000 0xffffffffffffffff fast
expect-error EFAULT pin P3 A 0x40000000 0x800000001
expect-error EFAULT get G2 A 0x40000000 0x800000001 fast
expect page A 0x40000000 refcount=1
pin P4 A 0x40000000 2
unpin P4
