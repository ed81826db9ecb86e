#! exit 2
#! stderr FILE:5:22: bad string escape: \x needs two hex digits
mm A
mmap A 0x10000000 4K rw
write A 0x10000000 "a\xg0"
