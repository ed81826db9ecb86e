#! exit 2
#! stderr FILE:5:24: off= needs dev=DEVICE or file=NAME
# off= says where in a file or device a mapping starts
mm A
mmap A 0x10000000 4K r off=4K
