#! exit 1
#! stderr FILE:6: write A 0x10000000 "x": SIGSEGV
# an operation that fails without expect-error stops the script
mm A
mmap A 0x10000000 4K r
write A 0x10000000 "x"
