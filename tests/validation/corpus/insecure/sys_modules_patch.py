# expect: monkeypatch
import sys
import types

fake = types.ModuleType("requests")
sys.modules["requests"] = fake  # unsafe
