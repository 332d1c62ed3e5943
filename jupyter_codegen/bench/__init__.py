"""Evaluation harness: `jupyter-codegen bench`."""
