# Device-dax (/dev/daxX.Y): CPU-addressable device memory mapped with devmap
# entries, GUP on it, and device unbind (mmkit run --check examples/dax.mmk).
device pmem dax 64M
mm A
# 2 MiB device alignment: every fault maps a PMD leaf
mmap A 0x40000000 8M rw dev=pmem
write A 0x40123000 "persistent"
expect pte A 0x40123000 huge=1 devmap=1
expect stat A pgtable == 8K
# a second process maps the same device memory at another offset and address
mm B
mmap B 0x80000000 2M r dev=pmem off=0
read B 0x80123000 "persistent"
expect same-frame A 0x40123000 B 0x80123000
# GUP takes a dev_pagemap reference: unbind must wait for the pin
pin P A 0x40123000 1 write longterm
expect-error EBUSY unbind pmem
unpin P
unbind pmem
expect-error SIGBUS read A 0x40123000 "p"
expect pte A 0x40123000 none=1
