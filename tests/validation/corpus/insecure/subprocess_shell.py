# expect: process
import subprocess

path = "data/train.csv"
result = subprocess.run(f"wc -l {path}", shell=True, capture_output=True, text=True)  # unsafe
print(result.stdout)
