# expect: process
user = __import__("os").system("whoami")  # unsafe
print(user)
