# mprotect r makes writes fault; mprotect rw lets them through again, and
# the data survives both changes.
mm A
mmap A 0x10000000 8K rw
write A 0x10000000 "before"
mprotect A 0x10000000 8K r
expect pte A 0x10000000 present=1 write=0
expect-error SIGSEGV write A 0x10000000 "during"
read A 0x10000000 "before"
mprotect A 0x10000000 8K none
# PROT_NONE keeps the page mapped: present as pte_present() and the
# kernel's pagemap say, not accessible (Linux 6.18: pagemap bit 63 set).
expect pte A 0x10000000 present=1 none=0
expect pte A 0x10001000 none=1
expect-error SIGSEGV read A 0x10000000 "b"
mprotect A 0x10000000 8K rw
read A 0x10000000 "before"
write A 0x10000000 "after!"
read A 0x10000000 "after!"
expect page A 0x10000000 anon=1 mapcount=1
expect pte A 0x10000000 write=1 dirty=1 exclusive=1
# the second page was never touched: a write now allocates it
write A 0x10001000 "p1"
expect stat A rss == 8K
