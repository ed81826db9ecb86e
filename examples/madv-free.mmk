# MADV_FREE, the way allocators return memory lazily: pages stay mapped and
# readable until memory pressure (here: MADV_PAGEOUT) discards the clean
# ones; a write in between cancels the lazy free for that page.
# Run: mmkit run --stats examples/madv-free.mmk
mm A
mmap A 0x40000000 4M rw
touch A 0x40000000 4M w                # 1024 pages, dirty
write A 0x40000000 "lazy"
madvise A 0x40000000 4M free           # clean and old; PG_swapbacked cleared
expect stat A rss == 4M                # nothing freed yet
read A 0x40000000 "lazy"               # still readable
write A 0x40001000 "written again"     # the CPU sets the dirty bit again
madvise A 0x40000000 4M pageout        # reclaim: discard the clean ones
expect stat A rss == 4K                # only the re-dirtied page stays
read A 0x40001000 "written again"
read A 0x40000000 "\x00\x00\x00\x00"   # discarded: zeros on the next touch
expect stat A pte_tables == 2          # linux keeps the emptied tables;
                                       # try: mmkit compare examples/madv-free.mmk
