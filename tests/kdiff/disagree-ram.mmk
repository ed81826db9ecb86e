# kdiff: a disagreement that is there on purpose.  `ram` sets up mmkit's
# machine only: with 1 MiB of simulated RAM, touching 4 MiB runs out of
# memory in mmkit (ENOMEM) while the host kernel has plenty.
ram 1M
mm A
mmap A 0x10000000 4M rw
touch A 0x10000000 4M w
