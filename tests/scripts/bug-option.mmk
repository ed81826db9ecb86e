#! args --bug gup_no_unshare
#! exit 1
#! stderr FILE:11: dma-read S 0 "SHARED"
# --bug does what the bug statement does (bug-gup-no-unshare.mmk).
mm P
mmap P 0x40000000 4K rw
write P 0x40000000 "shared"
fork P C
pin S P 0x40000000 1 longterm
write P 0x40000000 "SHARED"
dma-read S 0 "SHARED"
