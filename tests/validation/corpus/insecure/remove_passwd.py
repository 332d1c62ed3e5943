# expect: delete
import os

target = "/etc/passwd"
if os.path.exists(target):
    os.remove(target)  # unsafe
