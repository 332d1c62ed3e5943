# expect: medium
from pathlib import Path

stale = Path("data.txt")
stale.unlink(missing_ok=True)
