#! exit 2
#! stderr FILE:7:7: mm `B` is gone (exit at line 6)
# a name cannot be used after `exit` released it
mm A
fork A B
exit B
write B 0x10000000 "x"
