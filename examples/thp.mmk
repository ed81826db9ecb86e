# Transparent huge pages, anonymous (thp madvise, the default): what a
# PMD-mapped THP does under the calls a program makes.  Run it with
#   mmkit run --stats examples/thp.mmk
# and ask the kernel (THP `madvise` mode) whether it agrees:
#   mmkit kdiff examples/thp.mmk
# A THP costs one PTE table even while no PTE maps it: the deposit that
# lets a later split never fail (pgtable counts it, as VmPTE does).
mm P
mmap P 0x40000000 8M rw huge
write P 0x40000000 "a"
write P 0x40200000 "b"
write P 0x40400000 "c"
write P 0x40600000 "d"
expect stat P anon_thp == 8M
expect stat P pgtable == 24K
# a read fault in a fresh huge range maps the huge zero page
mmap P 0x40800000 2M r huge
read P 0x40800000 "\x00"
expect stat P rss == 8M
expect stat P pgtable == 28K
# mprotect of a whole THP keeps it; of part of one, splits it
mprotect P 0x40000000 2M r
mprotect P 0x40200000 4K r
expect stat P anon_thp == 6M
expect stat P pgtable == 28K
# DONTNEED of a whole THP frees it and its deposit; of a page, splits
madvise P 0x40400000 2M dontneed
madvise P 0x40600000 4K dontneed
expect stat P anon_thp == 2M
expect stat P rss == 6140K
expect stat P pgtable == 24K
write P 0x40400000 "C"
expect stat P anon_thp == 4M
# fork shares the THP; the child's write splits its PMD, copies one page
fork P C
expect stat C anon_thp == 4M
expect stat C pgtable == 28K
write C 0x40402000 "child"
expect stat C anon_thp == 2M
expect stat C rss == 8188K
read P 0x40402000 "\x00"
exit C
# alone again, the parent's write reuses its folio: still huge
write P 0x40401000 "parent"
expect stat P anon_thp == 4M
# mremap moves a whole THP as one entry
mremap P 0x40400000 2M 0x80000000 2M
expect stat P anon_thp == 4M
read P 0x80000000 "C"
read P 0x80001000 "parent"
# MADV_COLLAPSE: pages written without THP become one PMD-mapped THP
# again, whatever the thp mode; the old PTE table is its deposit
mmap P 0xc0000000 2M rw
write P 0xc0000000 "base"
write P 0xc0100000 "pages"
expect stat P anon_thp == 4M
madvise P 0xc0000000 2M collapse
expect stat P anon_thp == 6M
read P 0xc0000000 "base"
read P 0xc0100000 "pages"
munmap P 0x40000000 8M
munmap P 0x80000000 2M
munmap P 0xc0000000 2M
expect stat P rss == 0
