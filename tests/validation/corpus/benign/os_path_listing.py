# expect: none
import os

data_dir = os.path.join("data", "raw")
files = sorted(name for name in os.listdir(data_dir) if name.endswith(".csv"))
sizes = {name: os.path.getsize(os.path.join(data_dir, name)) for name in files}
print(sizes)
