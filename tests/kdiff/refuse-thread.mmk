mm A
mmap A 0x10000000 4K rw
thread T
  touch A 0x10000000 4K w
run
