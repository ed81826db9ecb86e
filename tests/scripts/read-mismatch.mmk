#! exit 1
#! stderr FILE:7: read A 0x10000ffe "abXd": expected 0x58 at offset 2 (address 0x10001000), got 0x63
# a read that finds other bytes reports the first difference
mm A
mmap A 0x10000000 8K rw
write A 0x10000ffe "abcd"
read A 0x10000ffe "abXd"   # comment not shown
