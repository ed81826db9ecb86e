# kdiff: GUP has no system call: the kernel side cannot run it.
mm A
mmap A 0x10000000 4K rw
pin P A 0x10000000 1
