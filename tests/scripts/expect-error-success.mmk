#! exit 1
#! stderr FILE:6: expect-error SIGSEGV write A 0x10000000 "ok": expected SIGSEGV, got success
# an expected failure that does not happen
mm A
mmap A 0x10000000 4K rw
expect-error SIGSEGV write A 0x10000000 "ok"
