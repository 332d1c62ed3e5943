"""Orchestration phase: the planner, the model registry and the session's schedule."""
