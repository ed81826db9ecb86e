# cow.c: no leak from parent to child or child to parent after fork.
mm P
mmap P 0x40000000 64K rw
write P 0x40000000 "parent-0"
fork P C
write C 0x40000000 "child-1"
read P 0x40000000 "parent-0"
write P 0x40000000 "parent-2"
read C 0x40000000 "child-1"
expect distinct-frame P 0x40000000 C 0x40000000
expect pte P 0x40000000 exclusive=1
expect pte C 0x40000000 exclusive=1
