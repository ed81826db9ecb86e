#! exit 2
#! stderr FILE:9:9: `dirty` applies to pin sets (unpin_user_pages_dirty_lock): `G` is a get set (line 8), released with put_page
# The parser knows which names `get` made: `unpin NAME dirty` on one is
# malformed, not a run-time failure without an errno.
mm A
mmap A 0x10000000 4K rw
pin P A 0x10000000 1
get G A 0x10000000 1
unpin G dirty
unpin P dirty
