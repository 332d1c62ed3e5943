# expect: none
import numpy as np

arr = np.arange(12).reshape(3, 4)
np.save("arr.npy", arr)
again = np.load("arr.npy")
print((arr == again).all())
