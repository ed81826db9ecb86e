#! exit 2
#! stderr FILE:5:24: unexpected argument `now`
# an argument the statement does not take
mm A
munmap A 0x10000000 4K now
