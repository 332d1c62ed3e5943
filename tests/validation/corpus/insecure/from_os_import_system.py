# expect: process
from os import system

system("pip install xgboost")  # unsafe
import xgboost  # noqa: E402

xgboost.XGBClassifier()
