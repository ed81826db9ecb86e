# Reclaim discards a lazily freed page only if nobody else references it
# (try_to_unmap_one: a folio with references beyond its mapping is put
# back, as a GUP user may still be reading or writing it).  Here the page
# is clean and lazily free, so only the reference count keeps it: a
# FOLL_GET reference (slow and fast) and a read-only pin.  MADV_PAGEOUT
# must leave each of them mapped, with its data; the one nobody holds is
# discarded and reads zeros (docs/mutants.md: lazyfree-extra-refs; the
# other test is stress's pinned lazily freed page).
#! args --check
mm A
mmap A 0x40000000 16K rw
write A 0x40000000 "got"
write A 0x40001000 "fast"
write A 0x40002000 "pinned"
write A 0x40003000 "nobody"
madvise A 0x40000000 16K free
expect pte A 0x40000000 dirty=0
get G A 0x40000000 1
get F A 0x40001000 1 fast
pin P A 0x40002000 1
madvise A 0x40000000 16K pageout
expect pte A 0x40000000 present=1
expect pte A 0x40001000 present=1
expect pte A 0x40002000 present=1
expect pte A 0x40003000 none=1
read A 0x40000000 "got"
read A 0x40001000 "fast"
read A 0x40002000 "pinned"
read A 0x40003000 "\x00\x00\x00\x00\x00\x00"
dma-read G 0 "got"
dma-read F 0 "fast"
dma-read P 0 "pinned"
unpin G
unpin F
unpin P
