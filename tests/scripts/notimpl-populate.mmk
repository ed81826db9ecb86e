#! exit 1
#! stderr FILE:6: mmap A 0x10000000 4K rw populate: not implemented yet (GUP issue)
# The mmap `populate` flag parses, and fails at run time until it lands.
mm A
mmap A 0x20000000 4K rw
mmap A 0x10000000 4K rw populate
