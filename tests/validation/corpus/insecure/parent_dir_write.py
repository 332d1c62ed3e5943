# expect: write-outside-workspace
import pandas as pd

summary = pd.DataFrame({"model": ["ridge", "lasso"], "rmse": [3.1, 3.4]})
summary.to_csv("../shared/results.csv", index=False)  # unsafe
