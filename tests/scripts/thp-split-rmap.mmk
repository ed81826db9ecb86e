# A THP part of which mremap moved to another page table is split by rmap
# when MADV_FREE or MADV_PAGEOUT asks: every mapping of it, in whatever
# table, becomes a migration entry, the folio is split, and each page comes
# back, or the zero page where it holds only zeros (Linux: try_to_migrate,
# then remove_migration_ptes).  kdiff --thp seeds 117, 1083 and 1425 found
# mmkit keeping the moved zero pages; the figures are Linux 6.18's.
mm A
mmap A 0x40000000 2M rw huge
write A 0x40000000 "data"
write A 0x401fa000 "moved"
mremap A 0x401f9000 8K 0x7f0000000000 8K
expect stat A anon_thp == 0
expect stat A rss == 2M
madvise A 0x40001000 8K pageout
expect stat A rss == 8K
read A 0x40000000 "data"
read A 0x7f0000001000 "moved"
expect page A 0x7f0000000000 zero=1
expect page A 0x7f0000001000 thp=0 anon=1
expect page A 0x40000000 thp=0
