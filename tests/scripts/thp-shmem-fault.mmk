# Huge shmem folios at fault time: `thp madvise` is also shmem_enabled
# `advise`, so a fault in a MADV_HUGEPAGE range of shared memory puts a
# PMD-sized folio in the page cache and maps it with one PMD (no PTE
# table), a read fault of a hole as well as a write; a range without the
# advice gets 4 KiB pages.  Checked on the host kernel with shmem_enabled
# set to advise (`mmkit kdiff` runs mmkit with the host's shmem_enabled:
# docs/fidelity.md).
thp madvise
mm A
mmap A 0x40000000 4M rw shared huge
write A 0x40000005 "x"
expect stat A shmem_pmd == 2M
expect stat A rss == 2M
expect stat A pte_tables == 0
read A 0x40200064 "\x00"
expect stat A shmem_pmd == 4M
madvise A 0x40001000 4K dontneed
expect stat A shmem_pmd == 2M
read A 0x40000005 "x"
expect stat A shmem_pmd == 4M
mm B
mmap B 0x40000000 4M rw shared
write B 0x40000005 "y"
expect stat B shmem_pmd == 0
expect stat B rss == 4K
