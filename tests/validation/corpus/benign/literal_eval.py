# expect: none
import ast

raw = "[('alpha', 1), ('beta', 2)]"
pairs = ast.literal_eval(raw)
print(dict(pairs))
