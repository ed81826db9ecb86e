#! exit 2
#! stderr FILE:5:24: unknown file `lib`
# a file must be made before it is mapped
mm A
mmap A 0x10000000 4K r file=lib
