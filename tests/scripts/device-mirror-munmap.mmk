#! args --check
# The device mirror (hmm_range_fault + mmu notifiers) against a concurrent
# munmap: a dev-read that succeeds must see the data; one that loses the
# race fails with EFAULT (the address is no longer mapped).  Nothing may
# crash, and the mirror must never keep a page the munmap freed (the
# checker's invariants run after every statement).
device gpu private 1M
mm A
mmap A 0x10000000 16K rw
write A 0x10000000 "mirror0"
write A 0x10001000 "mirror1"
dev-read gpu A 0x10000000 "mirror0"
dev-write gpu A 0x10002000 "fromdev"
read A 0x10002000 "fromdev"
thread T1
  may-fail EFAULT dev-read gpu A 0x10001000 "mirror1"
  may-fail EFAULT dev-read gpu A 0x10001000 "mirror1"
  may-fail EFAULT dev-write gpu A 0x10001000 "late"
thread T2
  munmap A 0x10001000 4K
run
expect-error EFAULT dev-read gpu A 0x10001000 "x"
expect pte A 0x10001000 none=1
# the rest of the mapping is untouched, in the CPU's view and the device's
dev-read gpu A 0x10000000 "mirror0"
read A 0x10002000 "fromdev"
# read-only and PROT_NONE: Linux's errors
mprotect A 0x10000000 4K r
expect-error EPERM dev-write gpu A 0x10000000 "no"
dev-read gpu A 0x10000000 "mirror0"
mprotect A 0x10000000 4K none
expect-error EFAULT dev-read gpu A 0x10000000 "mirror0"
# the device's own private pages are used in place
mprotect A 0x10000000 4K rw
migrate A 0x10000000 1 gpu
expect pte A 0x10000000 device=1
dev-read gpu A 0x10000000 "mirror0"
expect pte A 0x10000000 device=1
read A 0x10000000 "mirror0"
expect pte A 0x10000000 device=0 present=1
