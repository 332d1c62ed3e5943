# expect: process
import subprocess

commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True)  # unsafe
print("code version:", commit.stdout.strip())
