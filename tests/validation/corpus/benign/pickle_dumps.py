# expect: none
import pickle
from pathlib import Path

state = {"weights": [0.1, 0.2], "epoch": 3}
Path("checkpoint.pkl").write_bytes(pickle.dumps(state))
