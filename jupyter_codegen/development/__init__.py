"""Development phase: agents propose code, it runs in the sandbox, failures are debugged."""
