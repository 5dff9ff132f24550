"""The findings page's filter choices: the initiatives the reader may see, their sponsors
and the conflict's issues, by name."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from .. import policy
from ..extensions import db
from ..models import Initiative, Issue, Organisation
from ..policy import Actor


@dataclass(frozen=True)
class FilterChoices:
    """Names by id for each filter; the initiatives are only those the reader may see."""

    titles: dict[int, str]
    sponsors: dict[int, str]
    issues: dict[int, str]


def filter_choices(actor: Actor, conflict_id: int) -> FilterChoices:
    """Return the choices of the findings filters in one conflict, sorted by name."""
    visible = db.session.execute(
        sa.select(Initiative.id, Initiative.title, Organisation.id, Organisation.name)
        .join(Organisation, Organisation.id == Initiative.sponsor_id)
        .where(Initiative.conflict_id == conflict_id, policy.visible_initiatives(actor))
        .order_by(Initiative.title)
    ).all()
    issues = db.session.execute(
        sa.select(Issue.id, Issue.name).where(Issue.conflict_id == conflict_id).order_by(Issue.name)
    ).all()
    sponsors = sorted({(oid, name) for _, _, oid, name in visible}, key=lambda s: s[1])
    return FilterChoices(
        titles={iid: title for iid, title, _, _ in visible},
        sponsors=dict(sponsors),
        issues={issue_id: name for issue_id, name in issues},
    )
