# Where Linux splits the THP's folio, not only its PMD: MADV_FREE or
# MADV_PAGEOUT of part of a THP, and MADV_PAGEOUT of a whole one (no swap:
# reclaim splits it).  The split maps the zero-filled pages to the shared
# zero page (Linux 6.12+) and frees the pages nothing maps; what holds
# data stays.  A whole THP under MADV_FREE is marked lazily free without a
# split; the huge zero page is left alone; a VMA split splits the PMD that
# would straddle it.  `mmkit kdiff` agrees with Linux 6.18 on every
# figure here (rss, pgtable, anon_thp after each statement).
mm A
mmap A 0x40000000 8M rw huge
write A 0x40000000 "a"
write A 0x40200000 "b"
write A 0x40400000 "c"
write A 0x40600000 "d"
expect stat A rss == 8M
# MADV_FREE of part of THP 0: PMD and folio split, 511 zero pages go
madvise A 0x40001000 8K free
expect stat A anon_thp == 6M
expect stat A rss == 6148K
expect page A 0x40000000 thp=0 anon=1
expect page A 0x40001000 zero=1
read A 0x40000000 "a"
# MADV_FREE of all of THP 1: lazily free, still PMD-mapped
madvise A 0x40200000 2M free
expect stat A anon_thp == 6M
expect pte A 0x40200000 huge=1 dirty=0
# MADV_PAGEOUT of all of THP 2: reclaim splits it, only "c" stays
madvise A 0x40400000 2M pageout
expect stat A anon_thp == 4M
expect stat A rss == 4104K
read A 0x40400000 "c"
# a VMA split inside THP 3 splits its PMD (no folio split: rss stays)
madvise A 0x40601000 4K dontfork
expect stat A anon_thp == 2M
expect stat A vmas == 3
expect stat A rss == 4104K
expect pte A 0x40600000 huge=0 dirty=1
expect page A 0x40600000 thp=1 dirty=1
# the huge zero page: MADV_FREE leaves it, a write replaces it by a THP
mmap A 0x40800000 2M rw huge
read A 0x40800000 "\x00"
madvise A 0x40800000 2M free
expect pte A 0x40800000 huge=1 write=0
write A 0x40800000 "z"
expect stat A anon_thp == 4M
