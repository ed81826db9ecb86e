# A pinned shmem THP is not split by MADV_PAGEOUT of part of it: the pin's
# reference shows before anything is unmapped (can_split_folio), so the
# folio stays whole and PMD-mapped, its bytes where they were; unpinned,
# the same advice splits it (thp-shmem-split.mmk).  Under every policy.
thp madvise
mm A
mmap A 0x40000000 4M rw shared
write A 0x40000000 0x61*2M
madvise A 0x40000000 2M collapse
pin P A 0x40001000 1 longterm
madvise A 0x40001000 4K pageout
expect stat A shmem_pmd == 2M
expect page A 0x40001000 thp=1 pinned=1
expect sys thp_split_page == 0
dma-write P 0 "p"
read A 0x40001000 "p"
pin F A 0x40100000 2 fast
madvise A 0x40000000 1M pageout
expect stat A shmem_pmd == 2M
unpin F
unpin P
madvise A 0x40001000 4K pageout
expect sys thp_split_page == 1
expect stat A rss == 0
read A 0x40001000 "p"
read A 0x40002000 "a"
expect page A 0x40001000 thp=0 dirty=1
