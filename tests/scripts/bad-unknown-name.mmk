#! exit 2
#! stderr FILE:6:6: unknown mm `B`
# names must be defined before use
mm A
mmap A 0x10000000 4K rw
fork B C
