"""Model adapters. `gateway` is the only module that imports litellm at call time."""
