#! exit 2
#! stderr FILE:6:14: bad value: the devices of a machine take at most 1024G together (each rounded up to 2M, plus 2M): this one may be at most 524284M
# The device window (MMK_DEVICE_BYTES_MAX) holds every device; the second
# device does not fit beside the first.
device P private 512G
device D dax 512G
mm A
