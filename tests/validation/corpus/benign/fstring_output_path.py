# expect: none
run = 7
with open(f"runs/{run}/metrics.txt", "w") as handle:
    handle.write("loss=0.1\n")
