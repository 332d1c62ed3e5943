# expect: process
import subprocess as sp

listing = sp.check_output("ls -la data", shell=True, text=True)  # unsafe
print(listing)
