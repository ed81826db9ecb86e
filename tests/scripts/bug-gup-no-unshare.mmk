#! exit 1
#! stderr FILE:15: dma-read S 0 "SHARED": expected 0x53 at offset 0 of the set, got 0x73
# policies.md bug gup_no_unshare: a read-only pin of a page shared after
# fork takes the shared page as it is.  The pinner's next write copies
# (COW) and the pin is left behind with stale data.  The expectations are
# the correct ones (as in gup-ro-pin-coherent.mmk); with the bug on, the
# DMA read of the pin fails.
bug gup_no_unshare
mm P
mmap P 0x40000000 4K rw
write P 0x40000000 "shared"
fork P C
pin S P 0x40000000 1 longterm
write P 0x40000000 "SHARED"
dma-read S 0 "SHARED"
