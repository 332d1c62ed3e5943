# expect: network
import pandas as pd
import requests

response = requests.get("https://api.example.com/v1/prices", timeout=10)  # unsafe
prices = pd.DataFrame(response.json()["data"])
prices.head()
