#! args --check
# device-dax: PMD and PTE devmap mappings, GUP, unbind with and without pins
device pmem dax 8M
device pmem4k dax 1M align=4K
mm A
mmap A 0x40000000 4M rw dev=pmem
write A 0x40001000 "hello"
expect pte A 0x40001000 present=1 huge=1 devmap=1 write=1 dirty=1
expect page A 0x40001000 device=1 mapcount=1 refcount=1
read A 0x40001000 "hello"
expect stat A rss == 2M
pin P A 0x40001000 1 write fast
expect page A 0x40001000 refcount=1025 pinned=1
expect-error EBUSY unbind pmem
unpin P
pin Q A 0x40200000 2 longterm
unpin Q
mmap A 0x50000000 1M rw dev=pmem4k
write A 0x50003000 "x"
expect pte A 0x50003000 present=1 huge=0 devmap=1
pin R A 0x50003000 1 write fast
expect page A 0x50003000 refcount=1025 mapcount=1 device=1
dma-write R 1 "yz"
read A 0x50003000 "xyz"
unpin R
get G A 0x50003000 1
unpin G
mm B
mmap B 0x40000000 2M r dev=pmem
read B 0x40001000 "hello"
expect same-frame A 0x40001000 B 0x40001000
expect-error EINVAL mmap B 0x60001000 2M rw dev=pmem
expect-error EINVAL mprotect A 0x40001000 4K r
unbind pmem
expect-error SIGBUS read A 0x40001000 "h"
expect-error SIGBUS read B 0x40001000 "h"
expect pte A 0x40001000 none=1
read A 0x50003000 "x"
