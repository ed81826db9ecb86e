# mprotect of the middle of a VMA splits it in three; restoring the
# protection merges the three back into one.
mm A
mmap A 0x10000000 12K rw
write A 0x10000000 0x11*12K
expect stat A vmas == 1
mprotect A 0x10001000 4K r
expect stat A vmas == 3
expect pte A 0x10001000 present=1 write=0
expect-error SIGSEGV write A 0x10001000 "x"
write A 0x10000000 "left"
write A 0x10002000 "right"
mprotect A 0x10001000 4K rw
expect stat A vmas == 1
write A 0x10001000 "middle"
read A 0x10000000 "left"
read A 0x10001000 "middle"
read A 0x10002000 "right"
read A 0x10000ffc 0x11*4
# mprotect over an unmapped hole fails with ENOMEM, after changing the
# VMAs it met before the hole (Linux walks them in order and stops there)
expect-error ENOMEM mprotect A 0x10000000 16K r
expect-error SIGSEGV write A 0x10002000 "x"
read A 0x10002000 "right"
expect-error ENOMEM mprotect A 0x20000000 4K r
expect-error EINVAL mprotect A 0x10000800 4K r
