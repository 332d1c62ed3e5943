"""Input phase: the clarity check and the notebook context."""
