# exit tears an address space down: once every mm has exited and the
# deferred frees are done (sync), no frame is in use.
mm A
mmap A 0x10000000 4M rw
touch A 0x10000000 4M w
mmap A 0x7f0000000000 64K rw shared
write A 0x7f0000000000 0x01*64K
fork A B
write B 0x10000000 "child copy"
expect sys frames_used > 1024
exit A
read B 0x7f0000000000 0x01*64K
exit B
sync
expect sys frames_used == 0
expect sys pgtable_frames == 0
expect sys pending_free == 0
# the name may be used again after exit: a brand-new address space
mm A
expect stat A vmas == 0
expect stat A rss == 0
expect sys frames_used == 1            # its PGD
