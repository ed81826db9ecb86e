# The program break and stacks (docs/script-extensions.md), as sys_brk and
# expand_stack do them.  A heap never merges with the bss below start_brk
# (Linux 6.18 shows [heap] apart from the data segment, even with no gap);
# a stack grows to any page within RLIMIT_STACK (8 MiB): /tmp/st.c of the
# issue 15 note measured 8M-4K growing and 9M faulting.
mm A
mmap A 0x555555554000 8K rx
mmap A 0x555555556000 4K rw                # data+bss, ending at start_brk
brk A 0x555555557000 start
expect-error ENOMEM brk A 0                # brk(0) only asks: the old break
brk A 0x555555578000
expect stat A vmas == 3
write A 0x555555577ff0 "heap"
brk A 0x555555599123                       # any byte; the VMA is page-rounded
expect stat A vmas == 3
write A 0x555555599000 "more"
expect-error SIGSEGV write A 0x55555559a000 "x"
brk A 0x555555560000                       # shrinking unmaps the rest
expect-error SIGSEGV read A 0x555555577ff0 "h"
read A 0x55555555f000 "\x00"
expect-error ENOMEM brk A 0x555555556000   # below start_brk
# growth must leave a page free below the next mapping
mmap A 0x555555600000 4K rw
expect-error ENOMEM brk A 0x5555555ff001
brk A 0x5555555ff000
expect stat A vmas == 4
# a stack
mmap A 0x7ffffffde000 132K rw growsdown
write A 0x7ffffffdd000 "grow"
expect stat A vmas == 5
read A 0x7ffffffdd000 "grow"
write A 0x7fffff800000 "deep"              # 8M - 4K below the top: still a stack
expect-error SIGSEGV write A 0x7fffff700000 "toofar"
fork A B
read B 0x7fffff800000 "deep"
read B 0x555555577ff0 "\x00"
