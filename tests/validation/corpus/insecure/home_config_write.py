# expect: write-outside-workspace
from pathlib import Path

config = Path.home() / ".config" / "plotting.ini"
config.parent.mkdir(parents=True, exist_ok=True)
config.write_text("[style]\ntheme = dark\n")  # unsafe
