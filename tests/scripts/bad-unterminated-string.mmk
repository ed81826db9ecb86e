#! exit 2
#! stderr FILE:6:20: unterminated string
# a string must close on its line; a '#' inside it is not a comment
mm A
mmap A 0x10000000 4K rw
write A 0x10000000 "abc # def
