"""anywidgets; their front-end code is built from js/ into static/ by scripts/setup.sh."""
