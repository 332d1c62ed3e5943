# expect: none
from pathlib import Path

out = Path("out")
out.mkdir(exist_ok=True)
(out / "summary.txt").write_text("accuracy: 0.93\n")
