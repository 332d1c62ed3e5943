# expect: none
out_dir = "reports"
with open(out_dir + "/summary.txt", "w") as handle:
    handle.write("done\n")
