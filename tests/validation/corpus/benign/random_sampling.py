# expect: none
import random

import numpy as np

random.seed(0)
sample = random.sample(range(1000), 10)
rng = np.random.default_rng(42)
noise = rng.normal(size=10)
print(sample, noise.mean())
