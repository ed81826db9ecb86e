# MADV_COLLAPSE of shared anonymous memory (shmem): the page cache's pages
# become one PMD-sized folio, the caller's PTE table is retracted and the
# folio mapped by one PMD (ShmemPmdMapped); a one-page DONTNEED clears the
# whole leaf and a fault maps it again.  Figures from the host kernel
# (6.18, THP `madvise`, shmem_enabled `never`): `mmkit kdiff` agrees.
thp madvise
mm A
mmap A 0x40000000 4M rw shared
write A 0x40000000 "a"
write A 0x40007000 "b"
expect stat A rss == 8K
expect stat A pte_tables == 1
madvise A 0x40000000 2M collapse
expect stat A shmem_pmd == 2M
expect stat A rss == 2M
expect stat A pte_tables == 0
expect page A 0x40000000 thp=1
read A 0x40007000 "b"
read A 0x40064000 "\x00"
madvise A 0x40003000 4K dontneed
expect stat A rss == 0
expect stat A shmem_pmd == 0
read A 0x400c8000 "\x00"
expect stat A shmem_pmd == 2M
write A 0x4012c000 "c"
expect stat A rss == 2M
madvise A 0x40000000 2M dontneed
read A 0x40005000 "\x00"
expect stat A shmem_pmd == 2M
madvise A 0x40000000 2M collapse
expect stat A shmem_pmd == 2M
read A 0x4012c000 "c"
munmap A 0x40200000 2M
expect stat A shmem_pmd == 2M
