# expect: none
import shutil

shutil.copy("a.txt", "b.txt")
shutil.move("b.txt", "archive/b.txt")
