# expect: unsafe-deserialization
import yaml

with open("config.yaml") as handle:
    config = yaml.load(handle)  # unsafe
learning_rate = config["training"]["lr"]
