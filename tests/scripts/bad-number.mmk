#! exit 2
#! stderr FILE:5:19: bad number: the size suffix must be K, M or G: `4KB`
# sizes take one suffix letter: K, M or G
mm A
mmap A 0x10000000 4KB rw
