#! exit 2
#! stderr FILE:5:5: bad value: ram must be a multiple of 4K from 64K to 1024G
# RAM the library cannot build is malformed, with the range allowed: it
# used to parse and then fail at run time ("cannot build the machine").
ram 32K
mm A
