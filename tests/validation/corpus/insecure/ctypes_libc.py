# expect: process-control
import ctypes

libc = ctypes.CDLL("libc.so.6")  # unsafe
libc.printf(b"hello\n")
