#! exit 2
#! stderr FILE:5:25: unknown madvise advice `willneed`
mm A
mmap A 0x10000000 4K rw
madvise A 0x10000000 4K willneed
