"""The only code that writes: check permission, validate rules, mutate, audit, commit."""
