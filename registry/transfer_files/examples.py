"""The import template's example row in a conflict's own words: its slug, issues and regions."""

from __future__ import annotations

from ..readers.conflicts import ConflictLine
from ..readers.template_examples import example_names


def examples_for(conflict: ConflictLine, organisation_id: int | None) -> dict[str, str]:
    """Return example cells by field: the conflict's slug and names, a donor, the sponsor.

    Fields the conflict has nothing for keep the template's generic example.
    """
    names = example_names(conflict.id, organisation_id)
    examples = {"conflict_id": conflict.slug, "external_id": f"{conflict.slug[:12].upper()}-01"}
    if names.issues:
        examples["issue_ids"] = "; ".join(names.issues)
        examples["title"] = f"Dialogue on {names.issues[0]}"
        examples["summary"] = f"Monthly meetings on {'; '.join(names.issues)}."
    examples["region_ids"] = names.region or ""
    examples["funder_ids"] = names.donor or ""
    if organisation_id is not None:
        examples["sponsor_id"] = names.sponsor or ""
    return examples
