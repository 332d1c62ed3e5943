# expect: unsafe-deserialization
import marshal

with open("cache.bin", "rb") as handle:
    table = marshal.loads(handle.read())  # unsafe
print(len(table))
