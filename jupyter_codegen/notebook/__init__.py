"""Reading and writing .ipynb files safely."""
