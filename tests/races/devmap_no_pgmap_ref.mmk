# policies.md bug devmap_no_pgmap_ref: GUP of a device (DAX) page must hold
# a reference on its dev_pagemap, so unbind either sees the pin (EBUSY) or
# makes the pin fail (its tryget of the killed reference, or the fault on
# the revoked mapping: EFAULT).  T1 pins a DAX page while T2 unbinds the
# device; which of the two fails depends on the interleaving, so both
# statements are `may-fail` with the one error each may see.  With the bug
# GUP takes no reference and unbind completes under the pin: the checker
# reports invariant 12 (found in the first, default interleaving: pin,
# then unbind; the explorer's value is the clean direction).
#! find unbind pmem: invariant 12: unbind of device 0 completed while its page
policy linux
ram 512K
device pmem dax 2M align=4K
mm A
mmap A 0x40000000 8K rw dev=pmem
write A 0x40000000 "dax"
thread T1
  may-fail EFAULT pin P A 0x40000000 1 fast
thread T2
  may-fail EBUSY unbind pmem
run
