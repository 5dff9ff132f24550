"""Pure network analysis: plain snapshots in, findings and metrics out (no Flask, no SQLAlchemy)."""
