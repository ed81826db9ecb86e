# A write fault may reuse a page that is not anon-exclusive only when this
# mapping holds its one reference (wp_can_reuse_anon_folio: refcount 1,
# not only mapcount 1).  After the child exits, the parent's page is
# mapped once but not exclusive; a GUP reference (FOLL_GET, no pin: so
# fork and unsharing ignore it) then holds it, and the parent's write must
# copy, leaving the reference with the content it took.  Reusing the page
# would write into the holder's snapshot (docs/mutants.md:
# cow-reuse-refcount; gup-ro-get-old.mmk is the other test, where the
# child writes first).
#! args --check
mm P
mmap P 0x40000000 8K rw
write P 0x40000000 "old"
write P 0x40001000 "solo"
fork P C
exit C
expect page P 0x40000000 mapcount=1 refcount=1
expect pte P 0x40000000 write=0 exclusive=0
get G P 0x40000000 1
get F P 0x40001000 1 fast
expect page P 0x40000000 refcount=2
write P 0x40000000 "new"
write P 0x40001000 "SOLO"
dma-read G 0 "old"
dma-read F 0 "solo"
read P 0x40000000 "new"
read P 0x40001000 "SOLO"
expect pte P 0x40000000 write=1 exclusive=1
expect page P 0x40000000 refcount=1
unpin G
unpin F
# with no other reference the same fault reuses the page in place
fork P D
exit D
write P 0x40000000 "NEW"
expect pte P 0x40000000 write=1 exclusive=1
read P 0x40000000 "NEW"
