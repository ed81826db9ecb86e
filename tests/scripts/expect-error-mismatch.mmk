#! exit 1
#! stderr FILE:6: expect-error EINVAL mmap A 0x10000000 4K rw: expected EINVAL, got EEXIST
# expect-error with the wrong error stops the script with exit 1.
mm A
mmap A 0x10000000 4K rw
expect-error EINVAL mmap A 0x10000000 4K rw   # it is EEXIST
write A 0x10000000 "never runs"
