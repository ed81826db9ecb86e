# Since Linux 6.17 a move that keeps the size (MREMAP_FIXED, old_len ==
# new_len) may span several VMAs: each moves, split where the range cuts
# it, and the gaps between them are kept at the destination.  The VMA
# layouts below are what Linux 6.18 showed for the same calls.
mm A
mmap A 0x140000000 64K rw
mmap A 0x140010000 64K r
write A 0x140000000 "a"
mremap A 0x140000000 128K 0x150000000 128K
expect stat A vmas == 2
read A 0x150000000 "a"
expect-error SIGSEGV write A 0x150010000 "r"     # still read-only
expect-error SIGSEGV read A 0x140000000 "a"

# Cutting into both ends, across a gap.
mm B
mmap B 0x140000000 64K rw
mmap B 0x140020000 64K r
write B 0x140008000 "b"
mremap B 0x140008000 128K 0x150000000 128K
expect stat B vmas == 4
read B 0x150000000 "b"
read B 0x150018000 "\x00"                   # B's second VMA, 0x140020000.. moved
expect-error SIGSEGV read B 0x150008000 "\x00"   # the gap stays a gap
read B 0x140000000 "\x00"                   # the uncut parts stay
read B 0x140028000 "\x00"

# With dontunmap each source VMA stays.
mm C
mmap C 0x140000000 64K rw
mmap C 0x140020000 64K rw shared
write C 0x140000000 "c"
write C 0x140020000 "s"
mremap C 0x140000000 192K 0x150000000 192K dontunmap
expect stat C vmas == 4
read C 0x150000000 "c"
read C 0x150020000 "s"
read C 0x140020000 "s"
read C 0x140000000 "\x00"

# Shrinking only needs the part kept in one VMA; the tail it drops may
# span more (Linux 6.18: success, both source VMAs gone).
mm D
mmap D 0x140000000 64K rw
mmap D 0x140010000 64K r
mremap D 0x140000000 128K 0x150000000 32K
expect stat D vmas == 1
