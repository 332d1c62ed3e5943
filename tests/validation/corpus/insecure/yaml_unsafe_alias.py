# expect: unsafe-deserialization
from yaml import load as read_yaml

with open("pipeline.yml") as handle:
    steps = read_yaml(handle)  # unsafe
