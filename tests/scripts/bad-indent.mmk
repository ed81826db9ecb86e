#! exit 2
#! stderr FILE:5:3: indented statement outside a thread block
mm A
mmap A 0x10000000 4K rw
  write A 0x10000000 "x"
