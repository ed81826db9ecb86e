#! args --bug gup_no_unshare
#! exit 1
#! stderr FILE:13: dma-read S 0 "SHARED": expected 0x53 at offset 0 of the set, got 0x73
# --bug does what the bug statement does (bug-gup-no-unshare.mmk): the pin
# keeps the page the parent shared, so the device reads the old "s", not
# the parent's "S" (the whole message, not only the statement, must match).
mm P
mmap P 0x40000000 4K rw
write P 0x40000000 "shared"
fork P C
pin S P 0x40000000 1 longterm
write P 0x40000000 "SHARED"
dma-read S 0 "SHARED"
