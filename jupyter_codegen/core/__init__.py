"""Pure domain: values in, values out. Nothing here imports Jupyter, litellm or does I/O."""
