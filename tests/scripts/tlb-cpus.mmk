# Every CPU has its own TLB.  Each change below must flush the other CPUs'
# cached translations, or the later access on cpu 1 would use a stale one.
cpus 4
mm A
mmap A 0x10000000 4K rw
write A 0x10000000 "one" cpu=1           # cpu 1 caches a writable entry
mprotect A 0x10000000 4K r
expect-error SIGSEGV write A 0x10000000 "two" cpu=1
read A 0x10000000 "one" cpu=1
mprotect A 0x10000000 4K rw
write A 0x10000000 "two" cpu=2
read A 0x10000000 "two" cpu=1
read A 0x10000000 "two" cpu=3
# MADV_DONTNEED: no CPU may still reach the freed page
madvise A 0x10000000 4K dontneed
read A 0x10000000 0x00*3 cpu=1
# fork write-protects the parent's entries: cpu 1's writable entry must go
write A 0x10000000 "pre" cpu=1
fork A B
write A 0x10000000 "new" cpu=1
read B 0x10000000 "pre" cpu=3
read A 0x10000000 "new" cpu=2
expect distinct-frame A 0x10000000 B 0x10000000
# munmap
munmap A 0x10000000 4K
expect-error SIGSEGV read A 0x10000000 "n" cpu=1
expect-error SIGSEGV read A 0x10000000 "n" cpu=2
read B 0x10000000 "pre" cpu=1
