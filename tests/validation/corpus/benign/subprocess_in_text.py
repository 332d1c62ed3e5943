# expect: none
# We deliberately avoid subprocess and os.system here: everything stays in Python.
note = "call subprocess.run(['ls']) yourself if you need the listing"
print(note.upper())
