# kdiff: 0x555555554000 is where the agent's own executable is mapped.
mm A
mmap A 0x10000000 4K rw
munmap A 0x555555554000 4K
