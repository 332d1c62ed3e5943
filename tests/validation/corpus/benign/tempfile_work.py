# expect: medium
import os
import shutil
import tempfile

scratch = tempfile.mkdtemp()
path = os.path.join(scratch, "sample.csv")
with open(path, "w") as handle:
    handle.write("x,y\n1,2\n")
shutil.rmtree(scratch)
