# Private file mappings across mprotect, fork, mremap, pageout and GUP-free
# paths: the file's pages are never written through a private mapping.
file data 256K
mm A
mmap A 0x140000000 256K rw file=data shared
write A 0x140000000 "orig"
mmap A 0x150000000 256K r file=data
read A 0x150000000 "orig"
mprotect A 0x150000000 256K rw            # the cached page stays read-only...
write A 0x150000000 "mine"                # ...so this write copies it
read A 0x140000000 "orig"
expect page A 0x150000000 anon=1 mapcount=1
# fork: the private VMA has an anon_vma now, so its entries are copied
fork A B
read B 0x150000000 "mine"
write B 0x150000000 "kid!"
read A 0x150000000 "mine"
read B 0x150004000 "\x00"                 # a file page, shared with the file
write A 0x140004000 "late"
read B 0x150004000 "late"
# mremap keeps the offset into the file
mremap A 0x150000000 256K 0x160000000 256K
read A 0x160000000 "mine"
read A 0x160004000 "late"
# pageout: the file page mapped here alone goes (dirty: it stays cached)
madvise A 0x140000000 256K pageout
read A 0x140000000 "orig"
expect-error EINVAL madvise A 0x160000000 256K free   # not anonymous
# mapping errors
expect-error EINVAL mmap A 0x170000000 4K r file=data off=100
expect-error EINVAL cache data 0 512K
mmap A 0x170000000 4K r file=data off=1M  # beyond the end: mapping is fine...
expect-error SIGBUS read A 0x170000000 "\x00"   # ...access is not
