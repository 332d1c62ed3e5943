# expect: unsafe-deserialization
import joblib

clf = joblib.load("downloaded_model.joblib")  # unsafe
print(clf.predict([[1.0, 2.0]]))
