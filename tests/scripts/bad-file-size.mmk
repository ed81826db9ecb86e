#! exit 2
#! stderr FILE:4:10: a file of 0 bytes cannot be mapped
# files have a size
file lib 0
