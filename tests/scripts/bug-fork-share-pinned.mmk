#! exit 1
#! stderr FILE:16: dma-read W 0 "two": expected 0x74 at offset 0 of the set, got 0x6f
# policies.md bug fork_share_pinned: fork without the early copy of a
# maybe-pinned exclusive page.  Parent and child share the pinned page COW,
# the parent's next write copies it away from the pin, and the pin
# diverges from the mapping (the CVE-2020-29374 class: the device and the
# child now share a page).  The expectations are the correct ones (as in
# gup-rw-pin-coherent.mmk); with the bug on, the DMA read fails.
bug fork_share_pinned
mm P
mmap P 0x40000000 4K rw
write P 0x40000000 "one"
pin W P 0x40000000 1 write longterm
fork P C
write P 0x40000000 "two"                   # correct: in place, into the pinned page
dma-read W 0 "two"
read C 0x40000000 "one"
