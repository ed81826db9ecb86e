#! exit 2
#! stderr FILE:5:25: unknown key `writable`
mm A
mmap A 0x10000000 4K rw
expect pte A 0x10000000 writable=1
