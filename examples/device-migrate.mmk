# Device-private memory (HMM): move anonymous pages to a GPU's memory and
# back, with the 2022 migrate_vma protocol (mmkit run --check examples/device-migrate.mmk).
device gpu private 16M
mm A
mmap A 0x10000000 1M rw
touch A 0x10000000 1M w
write A 0x10000000 "hello from the CPU"
migrate A 0x10000000 256 gpu
# the CPU's page table now holds device-private entries: not present
expect pte A 0x10000000 present=0 device=1
expect stat A rss == 1M
# the device works on the data through its own mirror of the page table
dev-read gpu A 0x10000000 "hello from the CPU"
dev-write gpu A 0x10000006 "GPU:"
# a CPU access faults the page back to RAM (migrate_to_ram)
read A 0x10000000 "hello GPU: the CPU"
expect pte A 0x10000000 present=1 device=0
# a pinned page is skipped: DMA must keep seeing the page the process maps
pin P A 0x10001000 1 write
migrate A 0x10001000 2 gpu
expect pte A 0x10001000 present=1
expect pte A 0x10002000 device=1
unpin P
# fork shares device-private entries copy-on-write
fork A B
write B 0x10002000 "child"
read A 0x10002000 "\x00\x00\x00"
migrate A 0x10000000 256 ram
expect pte A 0x10080000 present=1 device=0
