# A lazily freed THP that MADV_COLLAPSE made (no THP fault ever ran on the
# machine), split by a one-page DONTNEED, is discarded by MADV_PAGEOUT: the
# kernel (6.18, THP `madvise`) ends with rss 0 and reads zeros.  mmkit used
# to skip the split of PTE-mapped THPs on a machine whose only THPs came
# from collapse, so reclaim saw the folio's shared refcount and kept all
# 511 pages with their old bytes.  `mmkit kdiff` agrees on this file.
thp madvise
mm A
mmap A 0x40000000 2M rw
touch A 0x40000000 2M w
write A 0x40000000 "old"
madvise A 0x40000000 2M collapse
expect stat A anon_thp == 2M
madvise A 0x40000000 2M free
madvise A 0x40001000 4K dontneed
expect stat A anon_thp == 0
expect stat A rss == 2044K
madvise A 0x40000000 2M pageout
expect stat A rss == 0
read A 0x40000000 "\x00\x00\x00"
read A 0x401ff000 "\x00"
