#! exit 1
#! stderr FILE:18: may-fail EFAULT unbind pmem: EBUSY
# may-fail ERR STATEMENT: the statement may succeed or fail with ERR (for
# thread blocks where the interleaving decides which racing operation
# loses, tests/races/devmap_no_pgmap_ref.mmk); any other error still fails.
device pmem dax 2M align=4K
mm A
mmap A 0x40000000 8K rw dev=pmem
write A 0x40000000 "x"
pin P A 0x40000000 1
# fails with ERR: fine
may-fail EBUSY unbind pmem
unpin P
# succeeds: fine
may-fail EBUSY pin Q A 0x40000000 1
pin R A 0x40001000 1
# fails with another error: a failure
may-fail EFAULT unbind pmem
