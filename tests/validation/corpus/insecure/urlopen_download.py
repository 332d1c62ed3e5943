# expect: network
import csv
import io
import urllib.request

with urllib.request.urlopen("https://example.com/data.csv") as reply:  # unsafe
    rows = list(csv.reader(io.TextIOWrapper(reply, encoding="utf-8")))
print(len(rows))
