#! exit 2
#! stderr FILE:6:21: missing PROT (usage: mmap MM ADDR LEN PROT
# a missing argument is reported just past the end of the line's last token
mm A
mmap A 0x10000000 4K rw
mmap A 0x20000000 4K     # the comment is not part of the line
