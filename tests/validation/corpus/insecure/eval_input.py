# expect: eval-exec
import math

formula = input("Enter a formula in x: ")
values = [eval(formula, {"math": math, "x": x}) for x in range(10)]  # unsafe
print(values)
