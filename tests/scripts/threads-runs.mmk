#! stdout ok: 17 statements, 4 expectations
# Several runs in one script; blocks without cpu= take the lowest free
# CPUs (CPU 0 included: the runner gives it up during `run`), and the
# statements between runs run on the runner, back on CPU 0.
mm A
mmap A 0x10000000 4M rw
thread T1
  write A 0x10000000 "one"
thread T2
  write A 0x10200000 "two"
run
read A 0x10000000 "one"
thread T3 cpu=1
  read A 0x10200000 "two"
  madvise A 0x10200000 2M dontneed
thread T4
  expect pte A 0x10000000 present=1
  expect stat A vmas == 1
run
expect pte A 0x10200000 none=1
expect stat A rss == 4K
