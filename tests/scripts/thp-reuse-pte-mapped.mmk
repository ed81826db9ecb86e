# A write fault on a THP mapped by PTEs that this mm alone maps reuses the
# page in place (Linux 6.18's __wp_can_reuse_large_anon_folio): no copy,
# the page stays in its THP, whose dirty bit (from the split PMD) it shows.
# kdiff found mmkit copying it (seed 686 of --random --thp).
mm A
mmap A 0x10000000 4M rw huge
write A 0x10000137 "ab"
fork A C
# C's PMD is split: the THP is mapped by C's PTEs and A's PMD
munmap C 0x10044000 20K
exit A
write C 0x100494f7 "hello"
expect page C 0x10049000 thp=1 dirty=1 anon=1 mapcount=1
expect pte C 0x10049000 write=1 exclusive=1
read C 0x10000137 "ab"
expect stat C rss == 2028K
fork C D
expect page D 0x10049000 thp=1 dirty=1 mapcount=2
