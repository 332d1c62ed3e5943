# expect: write-outside-workspace
entry = "127.0.0.1 api.example.com\n"
with open("/etc/hosts", "a") as hosts:  # unsafe
    hosts.write(entry)
