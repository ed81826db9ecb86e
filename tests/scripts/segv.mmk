# Accesses Linux answers with SIGSEGV.
mm A
mmap A 0x10000000 4K r
mmap A 0x10010000 4K none
mmap A 0x10020000 4K rx
mmap A 0x10030000 4K rw
# write to a read-only mapping (after a read that mapped the zero page, too)
expect-error SIGSEGV write A 0x10000000 "x"
read A 0x10000000 "\x00"
expect-error SIGSEGV write A 0x10000000 "x"
# PROT_NONE: neither read nor write
expect-error SIGSEGV read A 0x10010000 "\x00"
expect-error SIGSEGV write A 0x10010000 "x"
# read-exec: readable, not writable
read A 0x10020000 "\x00"
expect-error SIGSEGV write A 0x10020000 "x"
# nothing mapped
expect-error SIGSEGV read A 0x20000000 "\x00"
expect-error SIGSEGV write A 0x20000000 "x"
expect-error SIGSEGV touch A 0x20000000 4K r
# an access that runs off the end of a mapping faults on the unmapped part
expect-error SIGSEGV write A 0x10030ffe "abcd"
# touch needs page-aligned ranges
expect-error EINVAL touch A 0x10030001 4K r
expect-error EINVAL touch A 0x10030000 100 r
# only the rw page holds memory: zero-page mappings are not in RSS
expect stat A rss == 4K
