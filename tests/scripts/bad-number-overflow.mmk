#! exit 2
#! stderr FILE:5:8: number too large (more than 64 bits): `0x10000000000000000`
# numbers are 64-bit
mm A
mmap A 0x10000000000000000 4K rw
