# An anonymous VMA that mremap moved to an address its page offset does
# not match (vm_pgoff no longer a multiple of 512 pages from vm_start)
# still gets THPs: Linux checks the offset only for file and shmem VMAs,
# whose page cache a PMD must map at an aligned index
# (thp_vma_suitable_order).  mmkit refused them until the kernel said
# otherwise (found by collapse_compound_extreme); `mmkit kdiff` agrees.
thp madvise
mm X
mmap X 0x40000000 2M rw
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x01*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x40000000 2M 0x40400000 4K
mremap X 0x40400000 4K 0x3ffff000 2101248
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x02*4K
expect page X 0x40000000 thp=1
expect stat X anon_thp == 2M
read X 0x3ffff000 0x01*4K
madvise X 0x40000000 4K nohugepage
expect stat X anon_thp == 0
madvise X 0x40000000 4K hugepage
madvise X 0x40000000 2M collapse
expect stat X anon_thp == 2M
read X 0x40000000 0x02*4K
