# MADV_COLLAPSE of a range whose folio is huge already but PTE-mapped here
# (MADV_NOHUGEPAGE kept the fault from mapping a PMD): collapse_file finds
# the folio (SCAN_PTE_MAPPED_HUGEPAGE) and collapse_pte_mapped_thp clears
# the PTEs, which map nothing but the folio's pages, frees the table and
# maps the PMD.  Run under every policy; `mmkit kdiff` agrees.
thp madvise
mm A
mmap A 0x40000000 4M rw shared
write A 0x40000000 "a"
madvise A 0x40000000 2M collapse
madvise A 0x40000000 2M nohugepage
madvise A 0x40000000 2M dontneed
write A 0x40001000 "w"
expect stat A shmem_pmd == 0
expect stat A rss == 2M
expect stat A pte_tables == 1
madvise A 0x40000000 2M hugepage
madvise A 0x40000000 2M collapse
expect stat A shmem_pmd == 2M
expect stat A rss == 2M
expect stat A pte_tables == 0
read A 0x40001000 "w"
read A 0x40000000 "a"
