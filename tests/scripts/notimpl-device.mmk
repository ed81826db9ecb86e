#! exit 1
#! stderr FILE:4: device GPU private 64M: not implemented yet (device issue)
# device set-up fails when the machine is built, before any statement runs
device GPU private 64M
mm A
mmap A 0x10000000 4K rw
migrate A 0x10000000 1 GPU
