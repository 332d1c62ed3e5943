# expect: none
import pandas as pd

df = pd.read_csv("/data/shared/input.csv")
df.groupby("region")["sales"].sum().to_csv("sales_by_region.csv")
