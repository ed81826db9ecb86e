# Threads fault below one stack at once: each fault that grows it takes
# mmap_lock for write (lock_mm_and_find_vma), the others wait or find it
# grown already.  Whatever the order, the stack ends at the deepest access
# and every byte written is there.
#! stdout ok: 23 statements, 2 expectations
cpus 4
mm A
mmap A 0x7ffffffde000 132K rw growsdown
thread T0
  write A 0x7ffffffc0000 "t0"
  write A 0x7fffffc00000 "t0 deep"
thread T1
  write A 0x7ffffff00000 "t1"
  touch A 0x7fffffe00000 1M w stride=64K
thread T2
  write A 0x7fffffd00000 "t2"
  brk A 0x10000 start
thread T3
  touch A 0x7fffffb00000 4K r
  write A 0x7ffffffa0000 "t3"
run
read A 0x7ffffffc0000 "t0"
read A 0x7fffffc00000 "t0 deep"
read A 0x7ffffff00000 "t1"
read A 0x7fffffd00000 "t2"
read A 0x7ffffffa0000 "t3"
expect stat A vmas == 1
expect-error SIGSEGV write A 0x7fffff700000 "x"
