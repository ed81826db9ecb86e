#! args --check
# device-private memory: migrate to the device and back, CPU fault-back,
# pinned and shared pages skipped, fork after migration, unbind evicts
device gpu private 4M
mm A
mmap A 0x10000000 64K rw
write A 0x10000000 "page0"
write A 0x10001000 "page1"
write A 0x10002000 "page2"
expect pte A 0x10000000 dirty=1 exclusive=1
migrate A 0x10000000 4 gpu
expect pte A 0x10000000 present=0 device=1
expect pte A 0x10001000 device=1
expect pte A 0x10003000 none=1
expect stat A rss == 12K
dev-read gpu A 0x10000000 "page0"
dev-write gpu A 0x10001000 "PAGE1"
expect pte A 0x10001000 device=1
migrate A 0x10000000 2 ram
expect pte A 0x10000000 present=1 device=0 exclusive=1
read A 0x10000000 "page0"
read A 0x10001000 "PAGE1"
# CPU fault-back
read A 0x10002000 "page2"
expect pte A 0x10002000 present=1 device=0
# pinned page skipped
pin P A 0x10000000 1 write
migrate A 0x10000000 2 gpu
expect pte A 0x10000000 present=1 device=0
expect pte A 0x10001000 device=1
unpin P
# fork after migration: COW isolation
fork A B
expect pte A 0x10001000 device=1 write=0
expect pte B 0x10001000 device=1
write B 0x10001000 "child"
read A 0x10001000 "PAGE1"
read B 0x10001000 "child"
# shared anon not migrated
mmap A 0x20000000 8K rw shared
write A 0x20000000 "shm"
migrate A 0x20000000 2 gpu
expect pte A 0x20000000 present=1 device=0
exit B
unbind gpu
expect pte A 0x10001000 present=1 device=0
read A 0x10001000 "PAGE1"
expect-error ENODEV migrate A 0x10000000 1 gpu
