# mmap at a fixed address (MAP_FIXED_NOREPLACE): EEXIST over an existing
# mapping, EINVAL for a misaligned address or a zero length.
mm A
mmap A 0x10000000 16K rw
expect stat A vmas == 1
expect-error EEXIST mmap A 0x10000000 16K rw      # exactly the same range
expect-error EEXIST mmap A 0x10002000 4K r        # inside it
expect-error EEXIST mmap A 0x0fffe000 12K rw      # overlapping its start
expect-error EEXIST mmap A 0x10003000 8K rw       # overlapping its end
expect-error EINVAL mmap A 0x20000800 4K rw       # misaligned address
expect-error EINVAL mmap A 0x20000000 0 rw        # zero length
expect stat A vmas == 1
# adjacent ranges are fine; same protection: they merge into one VMA
mmap A 0x10004000 4K rw
mmap A 0x0ffff000 4K rw
expect stat A vmas == 1
# a different protection cannot merge
mmap A 0x10005000 4K r
expect stat A vmas == 2
# nothing was populated
expect stat A rss == 0
