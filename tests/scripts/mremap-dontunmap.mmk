# MREMAP_DONTUNMAP: the pages move, the old range stays mapped and empty.
# Checked on Linux 6.18 (kp probes, docs/fidelity.md): the source VMA is left
# whole even when only part of it moves, and shared mappings may use it too
# (since 5.13; the source then still sees the shmem page).
mm A
mmap A 0x40000000 64K rw
write A 0x40000000 "moved"
mremap A 0x40000000 64K 0x50000000 64K dontunmap
read A 0x50000000 "moved"
read A 0x40000000 "\x00\x00\x00"           # still mapped: a fresh zero page
expect stat A vmas == 2
expect-error EINVAL mremap A 0x50000000 64K 0x60000000 128K dontunmap   # sizes differ

# Part of a private VMA: the source is not split.
mmap A 0x80000000 64K rw
write A 0x80004000 "part"
mremap A 0x80004000 16K 0x90000000 16K dontunmap
read A 0x90000000 "part"
read A 0x80004000 "\x00\x00\x00\x00"
expect stat A vmas == 4

# Shared: both ranges map the same shmem page afterwards.
mmap A 0x70000000 64K rw shared
write A 0x70000000 "shm"
mremap A 0x70000000 64K 0x71000000 64K dontunmap
read A 0x71000000 "shm"
read A 0x70000000 "shm"
write A 0x70000000 "SHM"
read A 0x71000000 "SHM"
