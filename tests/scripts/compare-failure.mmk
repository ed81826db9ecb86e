#! cmd compare
#! exit 1
#! stdout status                          FAILED      FAILED      FAILED      FAILED      FAILED
#! stdout statements                           4           4           4           4           4
#! stderr keep: failed: FILE:14: write A 0x50000000 "y": SIGSEGV
#! stderr full: failed: FILE:14: write A 0x50000000 "y": SIGSEGV
# A failed operation stops that policy's run (expectations do not): the
# table still shows the figures at the failure, stderr the message, and the
# exit status is 1.
mm A
mmap A 0x40000000 2M rw
write A 0x40000000 "x"
expect stat A rss == 1M
write A 0x50000000 "y"
write A 0x40001000 "z"
