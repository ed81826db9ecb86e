# mremap of an anonymous VMA that never faulted (no anon_vma) resets its
# page offset to the new address, so a neighbour mapped later merges with
# it; once it has faulted it keeps its offset and stays apart.  Linux 6.18
# shows one VMA for D and two for E.
mm D
mmap D 0x140000000 64K rw
mremap D 0x140000000 64K 0x150000000 64K
mmap D 0x150010000 64K rw
expect stat D vmas == 1
mm E
mmap E 0x140000000 64K rw
write E 0x140000000 "e"
mremap E 0x140000000 64K 0x150000000 64K
mmap E 0x150010000 64K rw
expect stat E vmas == 2
