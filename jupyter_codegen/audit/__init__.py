"""The audit trail in the notebook: schema, records, verify, replay, journal and report."""
