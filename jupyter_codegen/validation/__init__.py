"""The validation phase: tests from three sources, the system test, security and import gates,
quality metrics, an independent reviewer, and the person's sign-off."""
