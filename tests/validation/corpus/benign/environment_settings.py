# expect: none
import os
import sys

os.environ["OMP_NUM_THREADS"] = "1"
sys.path.append("src")
print(sys.version)
