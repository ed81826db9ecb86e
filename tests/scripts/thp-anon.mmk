# Anonymous THP (thp madvise, the default): a write fault in a `huge`
# range maps a PMD-sized folio with one PMD leaf and deposits a PTE table
# (counted in pgtable, as VmPTE counts it); a read fault maps the huge
# zero page.  A partial munmap splits the leaf: the deposit becomes the
# PTE table, the folio stays large; a whole-PMD zap frees the deposit.
mm A
mmap A 0x40000000 4M rw huge
write A 0x40000000 "first"
expect pte A 0x40000000 present=1 huge=1 write=1 dirty=1 exclusive=1
expect page A 0x40123000 thp=1 anon=1 mapcount=1 refcount=1
expect stat A anon_thp == 2M
expect stat A rss == 2M
expect stat A pte_tables == 1
expect sys thp_fault_alloc == 1
read A 0x40000000 "first"
read A 0x401ff000 "\x00\x00"
# a read fault in the second 2 MiB: the huge zero page, read-only
read A 0x40200000 "\x00"
expect pte A 0x40200000 huge=1 write=0
expect page A 0x40200000 zero=1 thp=1
expect sys thp_zero_page_alloc == 1
expect stat A pte_tables == 2
expect stat A rss == 2M
expect stat A anon_thp == 2M
# writing there replaces the huge zero page by a new THP under the same
# deposit, as Linux 6.13+ does (do_huge_zero_wp_pmd): no split
write A 0x40201000 "x"
expect sys thp_split_pmd == 0
expect sys thp_fault_alloc == 2
expect pte A 0x40201000 huge=1 write=1
expect page A 0x40200000 zero=0 thp=1 anon=1
expect pte A 0x40200000 exclusive=1
expect stat A rss == 4M
expect stat A anon_thp == 4M
expect stat A pte_tables == 2
# munmap of part of the THP splits it: PTEs map the same pages
munmap A 0x40100000 4K
expect sys thp_split_pmd == 1
expect pte A 0x40000000 huge=0 write=1 dirty=1
expect page A 0x40000000 thp=1 mapcount=1 refcount=511
expect pte A 0x40100000 none=1
read A 0x40000000 "first"
expect stat A anon_thp == 2M
expect stat A rss == 4092K
expect stat A pte_tables == 2
# unmapping everything frees every table and the folio
munmap A 0x40000000 4M
expect stat A rss == 0
expect stat A pte_tables == 0
