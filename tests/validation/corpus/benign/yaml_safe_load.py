# expect: none
import yaml

with open("config.yaml") as handle:
    config = yaml.safe_load(handle)
with open("defaults.yaml") as handle:
    defaults = yaml.load(handle, Loader=yaml.SafeLoader)
print({**defaults, **config})
