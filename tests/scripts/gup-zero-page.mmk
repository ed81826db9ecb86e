# The zero page is never pinned.  A long-term R/O pin of a zero-page
# mapping in a private writable mapping unshares: the pinner gets its own
# zeroed page, so a later write is seen by the device.
mm A
mmap A 0x40000000 8K rw
read A 0x40000000 "\x00"
read A 0x40001000 "\x00"
pin T A 0x40000000 1                       # short-term: the zero page itself
expect page A 0x40000000 zero=1 pinned=0
unpin T
pin L A 0x40001000 1 longterm
expect page A 0x40001000 zero=0 anon=1 pinned=1
expect pte A 0x40001000 write=0 exclusive=1
write A 0x40001000 "seen"
dma-read L 0 "seen"
unpin L
