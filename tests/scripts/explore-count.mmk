#! cmd explore
#! args --preemptions 0
#! stdout explored 6 interleavings
# The explorer's count at K = 0: with no preemption a thread runs until it
# ends (none of these can block: none has run when the first is chosen,
# and no RCU callback is pending), so the only choices are which thread
# starts and which goes next when one ends: 3! = 6 orders of three
# threads.  Each thread uses its own address space.
ram 1M
cpus 3
mm A
mm B
mm C
mmap A 0x40000000 4K rw
mmap B 0x40000000 4K rw
mmap C 0x40000000 4K rw
thread T1
  write A 0x40000000 "a"
thread T2
  write B 0x40000000 "b"
thread T3
  write C 0x40000000 "c"
run
read A 0x40000000 "a"
read B 0x40000000 "b"
read C 0x40000000 "c"
