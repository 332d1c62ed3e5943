# expect: none
import json

with open("settings.json") as handle:
    settings = json.loads(handle.read())
settings["epochs"] = 20
with open("settings.json", "w") as handle:
    json.dump(settings, handle, indent=2)
