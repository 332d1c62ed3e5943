"""The jupyter-codegen command line."""
