# When simulated RAM runs out, reclaim discards clean MADV_FREE pages
# before any allocation fails; then ENOMEM, with nothing else lost.
ram 4M
mm A
mmap A 0x40000000 3M rw
touch A 0x40000000 3M w
madvise A 0x40000000 3M free
mmap A 0x80000000 3M rw
write A 0x80000000 "survivor"
touch A 0x80000000 3M w                    # needs the lazily freed frames
expect stat A rss <= 4M
read A 0x40000000 "\x00"
mm B
mmap B 0x40000000 8M rw
expect-error ENOMEM touch B 0x40000000 8M w
read A 0x80000000 "survivor"
