# expect: process
import os

out_dir = "outputs"
os.system("rm -rf " + out_dir)  # unsafe
os.makedirs(out_dir, exist_ok=True)
