#! exit 2
#! stderr FILE:7:23: cpu=2 out of range: the machine has 2 CPUs
# cpu=N must name one of the `cpus` CPUs (default 2: 0 and 1)
mm A
mmap A 0x10000000 4K rw
write A 0x10000000 "x" cpu=1
read A 0x10000000 "x" cpu=2
