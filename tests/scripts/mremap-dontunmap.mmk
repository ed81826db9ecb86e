# MREMAP_DONTUNMAP: the pages move, the old range stays mapped and empty.
mm A
mmap A 0x40000000 64K rw
write A 0x40000000 "moved"
mremap A 0x40000000 64K 0x50000000 64K dontunmap
read A 0x50000000 "moved"
read A 0x40000000 "\x00\x00\x00"           # still mapped: a fresh zero page
expect stat A vmas == 2
expect-error EINVAL mremap A 0x50000000 64K 0x60000000 128K dontunmap   # sizes differ
mmap A 0x70000000 64K rw shared
expect-error EINVAL mremap A 0x70000000 64K 0x71000000 64K dontunmap   # not private anon
