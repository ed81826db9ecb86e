# examples/record-fork.mmk: a recording (mmkit record) of tests/record/prog.c,
# built with cc -O1: an 8 MiB mmap filled and half unmapped, malloc through
# mmap and brk, a fork whose child writes the other half, exit.  Replay it:
#   mmkit run record-fork.mmk          (checkpoints beside mmkit's figures)
#   mmkit compare record-fork.mmk      (page-table memory per policy)
# Made by: mmkit record -o record-fork.mmk -- ./prog
# mmkit record -- ./prog
# Linux 6.18.44-fc-v1272 x86_64.  Transparent huge pages were disabled for the program
# (prctl PR_SET_THP_DISABLE before its execve); addresses are its own (ASLR as
# the system has it).  checkpoint: the kernel's VmPTE and VmRSS after execve,
# every 0.1 s at a traced call, before execve and before exit.
# lost: 0 perf samples, 0 faults of threads not followed, 0 faults the kernel refused (SIGSEGV/SIGBUS), 0 calls not written (shmat, shmdt, mlockall, remap_file_pages, process_madvise), 0 mappings not written (devices, hugetlbfs); 0 calls with no page-table effect left out
ram 1024M
mm p29201
brk p29201 0x55adb0f46000 start
file f0 0x4000   # /tmp/rt/prog
cache f0 0x0 0x4000
mmap p29201 0x55ad88a67000 0x1000 r file=f0 off=0x0
mmap p29201 0x55ad88a68000 0x1000 rx file=f0 off=0x1000
mmap p29201 0x55ad88a69000 0x1000 r file=f0 off=0x2000
mmap p29201 0x55ad88a6a000 0x2000 rw file=f0 off=0x2000
mmap p29201 0x7f6797511000 0x4000 r
mmap p29201 0x7f6797515000 0x2000 r
file vdso 0x2000   # [vdso]
cache vdso 0 0x2000
mmap p29201 0x7f6797517000 0x2000 rx file=vdso off=0x0
file f2 0x35000   # /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
cache f2 0x0 0x35000
mmap p29201 0x7f6797519000 0x1000 r file=f2 off=0x0
mmap p29201 0x7f679751a000 0x26000 rx file=f2 off=0x1000
mmap p29201 0x7f6797540000 0xa000 r file=f2 off=0x27000
mmap p29201 0x7f679754a000 0x4000 rw file=f2 off=0x31000
mmap p29201 0x7fffca098000 0x21000 rw growsdown
touch p29201 0x55ad88a6b000 4K w
touch p29201 0x7f679754d000 4K w
touch p29201 0x7fffca0b6000 4K w
touch p29201 0x7fffca0b8000 4K w
checkpoint p29201 pgtable=36864 rss=16384
touch p29201 0x7f6797533000 4K r
touch p29201 0x7f679754c000 4K w
touch p29201 0x7f679754b000 4K w
touch p29201 0x7f6797519000 4K r
touch p29201 0x7f679754a000 4K w
touch p29201 0x7f6797529000 4K r
touch p29201 0x7f6797542000 4K r
touch p29201 0x55ad88a67000 4K r
touch p29201 0x7f679751f000 4K r
touch p29201 0x55ad88a6a000 4K r
touch p29201 0x55ad88a6a000 4K w
touch p29201 0x7f6797517000 4K r
mmap p29201 0x7f679750f000 0x2000 rw
touch p29201 0x7f679750f000 4K w
touch p29201 0x7fffca0b5000 4K w
file f3 0xc000   # /etc/ld.so.cache
cache f3 0x0 0xc000
mmap p29201 0x7f6797503000 0xc000 r file=f3 off=0x0
touch p29201 0x7f6797503000 4K r
file f4 0x1d7000   # /usr/lib/x86_64-linux-gnu/libc.so.6
cache f4 0x0 0x1d7000
mmap p29201 0x7f6797321000 0x1e2000 r file=f4 off=0x0
munmap p29201 0x7f6797347000 0x156000
mmap p29201 0x7f6797347000 0x156000 rx file=f4 off=0x26000
munmap p29201 0x7f679749d000 0x53000
mmap p29201 0x7f679749d000 0x53000 r file=f4 off=0x17c000
munmap p29201 0x7f67974f0000 0x6000
mmap p29201 0x7f67974f0000 0x6000 rw file=f4 off=0x1cf000
touch p29201 0x7f67974f5000 4K w
munmap p29201 0x7f67974f6000 0xd000
mmap p29201 0x7f67974f6000 0xd000 rw
touch p29201 0x7f67974f3000 4K r
touch p29201 0x7f67974f3000 4K w
touch p29201 0x7f6797321000 4K r
touch p29201 0x7f6797343000 4K r
mmap p29201 0x7f679731e000 0x3000 rw
touch p29201 0x7f679731e000 8K w
touch p29201 0x7f67974f0000 12K w
touch p29201 0x7f67974f4000 4K w
touch p29201 0x7f6797339000 4K r
touch p29201 0x7f67973d1000 4K r
touch p29201 0x7f67974fb000 4K w
touch p29201 0x7f67973c0000 4K r
touch p29201 0x7f67973be000 4K r
mprotect p29201 0x7f67974f0000 0x4000 r
mprotect p29201 0x55ad88a6a000 0x1000 r
mprotect p29201 0x7f679754a000 0x2000 r
touch p29201 0x7f6797470000 4K r
touch p29201 0x7f6797356000 4K r
touch p29201 0x7f6797502000 4K w
touch p29201 0x7f67974fc000 4K w
touch p29201 0x7f679741e000 4K r
touch p29201 0x7f67974fa000 4K w
touch p29201 0x7f67973ac000 4K r
touch p29201 0x7f6797347000 4K r
touch p29201 0x7f67974f6000 4K r
munmap p29201 0x7f6797503000 0xc000
touch p29201 0x7f6797429000 4K r
touch p29201 0x7f679748b000 4K r
touch p29201 0x55ad88a68000 4K r
touch p29201 0x7f67974f6000 4K w
mmap p29201 0x7f6796a00000 0x800000 rw
touch p29201 0x7f6796a00000 8192K w
munmap p29201 0x7f6796a00000 0x400000
touch p29201 0x7f6797360000 4K r
brk p29201 0x55adb0f67000
touch p29201 0x55adb0f46000 4K w
mmap p29201 0x7f679721d000 0x101000 rw
touch p29201 0x7f679721d000 1028K w
touch p29201 0x55adb0f5e000 4K w
touch p29201 0x55adb0f47000 92K w
touch p29201 0x7f67973f4000 4K r
fork p29201 p29203
touch p29203 0x7f679731e000 4K w
touch p29201 0x7f679731f000 4K w
touch p29201 0x7fffca0b6000 4K w
touch p29201 0x7fffca0b5000 4K w
touch p29201 0x7f679754c000 4K w
touch p29201 0x55ad88a6b000 4K w
touch p29203 0x7f679731f000 4K w
touch p29203 0x7f67973f5000 4K r
touch p29203 0x7f67974fa000 4K w
touch p29203 0x7f679754c000 8K w
touch p29203 0x7fffca0b6000 4K w
touch p29203 0x55ad88a68000 4K r
touch p29203 0x7f6796e00000 4096K w
touch p29203 0x7f679752b000 4K r
touch p29203 0x7fffca0b5000 4K w
touch p29203 0x55ad88a67000 4K r
touch p29203 0x7f6797325000 4K r
touch p29203 0x7f6797333000 4K r
touch p29203 0x7f679753b000 4K r
touch p29203 0x7f6797343000 4K r
touch p29203 0x55ad88a6b000 4K w
checkpoint p29203 pgtable=53248 rss=5804032
exit p29203
touch p29201 0x7f67974f4000 4K w
munmap p29201 0x7f679721d000 0x101000
touch p29201 0x7f679731e000 4K w
touch p29201 0x7f67974f6000 4K w
touch p29201 0x7f679754d000 4K w
touch p29201 0x7f679750f000 4K w
touch p29201 0x7f67974fb000 4K w
touch p29201 0x7f67974f5000 4K w
checkpoint p29201 pgtable=53248 rss=5517312
exit p29201
