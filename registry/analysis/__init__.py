"""Pure network analysis: plain snapshots in, findings and metrics out (no Flask, no SQLAlchemy).

- `snapshot`: the frozen facts of one conflict that the service layer builds;
- `engine.analyse(snapshot, as_of, thresholds, codes)`: findings and metrics of a run;
- `thresholds`, `findings` (the Finding record and its stable keys), `terms` (SPEC 4 terms);
- `rules`: one function per finding code, registered in `rules.RULES`;
- `pairs`: candidate pairs without comparing all pairs; `baseline`: the all-pairs reference;
- `metrics` (SPEC 4.3) and `coverage` (SPEC 5); `matching`: blind matching of people.
"""
