mm A
mmap A 0x10000000 2M rw huge
khugepaged A
