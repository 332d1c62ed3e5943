# expect: none
import tempfile
from pathlib import Path

with tempfile.TemporaryDirectory() as tmp:
    target = Path(tmp) / "part-0.txt"
    target.write_text("hello")
    print(target.read_text())
