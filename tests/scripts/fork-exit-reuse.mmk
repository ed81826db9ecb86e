# After the child exits, the parent's page is mapped once again: its next
# write fault reuses it in place (do_wp_page with refcount 1) instead of
# copying, and it becomes exclusive again.
mm A
mmap A 0x10000000 4K rw
write A 0x10000000 "data"
fork A B
expect same-frame A 0x10000000 B 0x10000000
expect page A 0x10000000 mapcount=2
exit B
sync
expect page A 0x10000000 mapcount=1 refcount=1
expect pte A 0x10000000 write=0 exclusive=0
write A 0x10000000 "DATA"
expect page A 0x10000000 mapcount=1 refcount=1 anon=1
expect pte A 0x10000000 write=1 exclusive=1
read A 0x10000000 "DATA"
# A alone: its 4 page tables (PGD, PUD, PMD, PTE) and 1 data page
expect sys frames_used == 5
exit A
sync
expect sys frames_used == 0
