# expect: unsafe-deserialization
import pandas as pd

features = pd.read_pickle("features.pkl")  # unsafe
features.describe()
