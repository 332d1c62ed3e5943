# expect: none
import re

pattern = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
dates = [m.groups() for m in map(pattern.match, ["2024-01-02", "n/a"]) if m]
print(dates)
