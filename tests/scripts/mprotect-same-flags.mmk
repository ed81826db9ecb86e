# mprotect to the protection a VMA already has changes nothing: Linux
# compares the flags before it would drop VM_ACCOUNT from an anonymous
# VMA without anon_vma, so it does not split one here (kdiff seed 3163).
# The PROT_NONE VMA at 0x1000000000 keeps VM_ACCOUNT but lost its
# anon_vma when dontunmap moved all of it away.
mm A
mmap A 0xfffe00000 4M rw populate
expect-error ENOMEM mprotect A 0x1000000000 4M none
mremap A 0x1000000000 4M 0xc032b000 4M dontunmap
fork A B
expect stat B vmas == 3
expect-error ENOMEM mprotect B 0x10001ff000 32K none
expect stat B vmas == 3
