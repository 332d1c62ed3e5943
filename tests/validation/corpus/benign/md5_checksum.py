# expect: low
import hashlib

with open("data/train.csv", "rb") as handle:
    digest = hashlib.md5(handle.read()).hexdigest()
print("checksum", digest)
