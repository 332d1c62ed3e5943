# expect: unsafe-deserialization
import pickle

with open("model.pkl", "rb") as handle:
    blob = handle.read()
model = pickle.loads(blob)  # unsafe
print(type(model).__name__)
