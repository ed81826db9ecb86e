# MADV_PAGEOUT of part of a shmem THP splits the folio (Linux's
# madvise_cold_or_pageout_pte_range, then __folio_split of a file folio):
# every mapping of it goes, PMD or PTEs, its pages stay in the cache as
# 512 small pages with their bytes, and faults map them again 16 at a
# time (fault-around), no longer huge.  Nothing more is paged out by that
# call.  Covered whole, a PTE-mapped one is unmapped and stays whole (it
# is dirty: no swap to write it to).  Another process's mapping keeps it
# whole and mapped (thp-shmem-split-pin.mmk: so does a pin).  `mmkit
# kdiff` agrees on the kernel (6.18, THP madvise, shmem_enabled never),
# page `thp` and `dirty` included.
thp madvise
mm A
mmap A 0x40000000 4M rw shared
write A 0x40000000 0x61*2M
madvise A 0x40000000 2M collapse
expect page A 0x40001000 thp=1 dirty=1
expect stat A shmem_pmd == 2M
expect sys thp_split_page == 0
# part of the PMD-mapped folio: split, unmapped
madvise A 0x40001000 4K pageout
expect sys thp_split_page == 1
expect stat A rss == 0
expect stat A shmem_pmd == 0
expect pte A 0x40001000 none=1
read A 0x40002000 "a"
expect stat A rss == 64K
expect page A 0x40002000 thp=0 dirty=1
read A 0x401ff000 "a"
expect stat A rss == 128K
# a PTE-mapped THP (MADV_NOHUGEPAGE: fault-around maps it whole by PTEs)
mm B
mmap B 0x80000000 4M rw shared
write B 0x80000000 0x62*2M
madvise B 0x80000000 2M collapse
madvise B 0x80000000 2M nohugepage
madvise B 0x80000000 2M dontneed
read B 0x80100000 "b"
expect stat B rss == 2M
expect stat B shmem_pmd == 0
expect page B 0x80000000 thp=1
# covered whole: unmapped, still one folio
madvise B 0x80000000 2M pageout
expect stat B rss == 0
read B 0x80000000 "b"
expect stat B rss == 2M
expect page B 0x80000000 thp=1
# covered in part: split, all of it unmapped
madvise B 0x80010000 64K pageout
expect sys thp_split_page == 2
expect stat B rss == 0
read B 0x80010000 "b"
expect stat B rss == 64K
expect page B 0x80010000 thp=0
# mapped by two processes: left alone
mm C
mmap C 0xc0000000 4M rw shared
write C 0xc0000000 0x63*2M
madvise C 0xc0000000 2M collapse
fork C D
read D 0xc0000000 "c"
expect stat D shmem_pmd == 2M
madvise C 0xc0001000 4K pageout
expect stat C shmem_pmd == 2M
expect page C 0xc0001000 thp=1
expect sys thp_split_page == 2
