# expect: write-outside-workspace
import os
import shutil

shutil.copy("report.pdf", os.path.expanduser("~/Desktop/report.pdf"))  # unsafe
