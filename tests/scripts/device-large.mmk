# A 512G dax device and a 256G private one cost host memory only for the
# pages used (issue 13, item 2: set-up once spent 16G and a minute); the
# checker looks at a device's pages up to the last one ever used.
#! args --check
device D dax 512G align=4K
device P private 256G
mm A
mmap A 0x40000000 8K rw dev=D off=256M
write A 0x40000000 "end of the device"
read A 0x40000000 "end of the device"
mmap A 0x80000000 8K rw
write A 0x80000000 "moves"
migrate A 0x80000000 2 P
expect pte A 0x80000000 device=1
read A 0x80000000 "moves"
unbind D
expect-error SIGBUS read A 0x40000000 "e"
unbind P
