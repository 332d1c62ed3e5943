# expect: delete
import shutil

shutil.rmtree("build")  # unsafe
