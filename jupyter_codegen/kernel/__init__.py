"""The sandbox kernel: generated code runs here, never in the user's kernel."""
