#! exit 1
#! stderr FILE:8: pin P A 0x10000000 1 write: not implemented yet (GUP issue)
# GUP statements parse (and are checked) now; they run once the GUP issue
# lands.
mm A
mmap A 0x10000000 4K rw
write A 0x10000000 "x"
pin P A 0x10000000 1 write
dma-write P 0 "y"
unpin P dirty
