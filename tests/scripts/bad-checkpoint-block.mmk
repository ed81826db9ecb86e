#! exit 2
#! stderr FILE:7:3: `checkpoint` cannot be inside a thread block
# A checkpoint is a point in one sequence of statements: never in a block.
mm A
thread T
  mmap A 0x10000000 4K rw
  checkpoint A rss=0
run
