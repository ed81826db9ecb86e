# GUP on THPs.  A pin of a large folio counts in its _pincount (refcount
# + 1, not + 1024): folio_maybe_dma_pinned is exact.  fork cannot share a
# pinned exclusive THP (copy_huge_pmd): the parent's PMD is split and the
# child gets copies of the pinned pages, so DMA keeps seeing the parent's
# data; a read-only pin of a shared THP unshares: the PMD is split and the
# one page copied.
mm A
mmap A 0x40000000 2M rw huge
write A 0x40000000 "parent"
pin P A 0x40000000 2 fast
expect page A 0x40000000 thp=1 pinned=1 refcount=3
expect page A 0x40100000 thp=1 pinned=1
fork A B
expect sys thp_split_pmd == 1
expect pte A 0x40000000 huge=0 write=1 exclusive=1
expect distinct-frame A 0x40000000 B 0x40000000
expect distinct-frame A 0x40100000 B 0x40100000
read B 0x40000000 "parent"
write A 0x40000000 "PARENT"
dma-read P 0 "PARENT"
unpin P
expect page A 0x40000000 pinned=0
exit B
# a THP shared by fork, then pinned read-only: unshare splits and copies
mm C
mmap C 0x40000000 2M rw huge
write C 0x40000000 "shared"
fork C D
expect pte C 0x40000000 huge=1 write=0 exclusive=0
pin Q C 0x40000000 1
expect sys thp_split_pmd == 2
expect pte C 0x40000000 huge=0 write=0 exclusive=1
expect distinct-frame C 0x40000000 D 0x40000000
expect same-frame C 0x40001000 D 0x40001000
write D 0x40000000 "child!"
dma-read Q 0 "shared"
unpin Q
# GUP-fast on a PMD leaf, for write
mm E
mmap E 0x40000000 2M rw huge
write E 0x40000000 "e"
get G E 0x401ff000 1 fast write
expect page E 0x401ff000 thp=1 refcount=2 pinned=0
unpin G
expect page E 0x401ff000 refcount=1
