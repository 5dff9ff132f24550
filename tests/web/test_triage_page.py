"""The findings page for triage: summary, default statuses, history, and acting from a finding."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from registry.extensions import db
from registry.models import CoordinationLink
from tests.factories import reference
from tests.helpers import sign_in_as, stored_finding
from tests.world import World, overlapping_pair


@pytest.fixture
def world(app) -> World:
    """Two NGOs' initiatives alike in scope, sharing one elder, and an issue nobody covers."""
    made = overlapping_pair("Water sharing", "Upstream herders", ("Wells dialogue", "River talks"))
    return made.adding(grazing=reference("issue", made["conflict"].id, name="Grazing routes"))


def page(client, world: World, **query: Any) -> str:
    sign_in_as(client, world["coordinator"])
    response = client.get(f"/conflicts/{world['conflict'].id}/findings", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_page_leads_with_a_summary_and_speaks_in_names(client, world) -> None:
    html = page(client, world)
    assert html.index('id="findings-summary"') < html.index('class="list-unstyled findings"')
    assert "No live initiative covers Grazing routes." in html
    assert "Possible duplicate" in html and "In the most findings: " in html


def test_dismissed_findings_hide_by_default_and_show_with_their_history(client, world) -> None:
    page(client, world)
    gap = stored_finding("issue_gap")
    refused = client.post(f"/findings/{gap.id}/triage", data={"status": "dismissed", "version": 1})
    assert refused.status_code == 422 and stored_finding("issue_gap").status == "open"
    saved = client.post(
        f"/findings/{gap.id}/triage",
        data={"status": "dismissed", "status_reason": "Covered by Track One", "version": 1},
    )
    assert saved.status_code == 302 and saved.location.endswith(f"#finding-{gap.id}")
    assert "covers Grazing routes" not in page(client, world)
    focused = client.get(saved.location.split("#")[0]).get_data(as_text=True)
    assert f'id="finding-{gap.id}"' in focused and "Covered by Track One" in focused
    assert world["coordinator"].display_name in focused and "set it to dismissed" in focused
    assert "covers Grazing routes" in page(client, world, status="dismissed")


def test_a_coordinator_proposes_coordination_from_an_overlap_finding(client, world) -> None:
    html = page(client, world)
    pair = stored_finding("duplicate_initiative")
    assert f'action="/findings/{pair.id}/propose"' in html
    answer = client.post(f"/findings/{pair.id}/propose", data={"kind": "information_sharing"})
    assert answer.status_code == 302
    db.session.rollback()
    link = db.session.scalars(sa.select(CoordinationLink)).one()
    assert link.proposed_by == "coordinator" and link.status == "proposed"


def test_a_member_may_not_propose_from_a_finding(client, world) -> None:
    page(client, world)
    pair = stored_finding("duplicate_initiative")
    sign_in_as(client, world["member"])
    answer = client.post(f"/findings/{pair.id}/propose", data={"kind": "sequencing"})
    assert answer.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CoordinationLink)) == 0


def test_filters_by_sponsor_and_issue_narrow_the_list(client, world) -> None:
    html = page(client, world, issue_id=world["grazing"].id)
    assert "Grazing routes." in html and "Possible duplicate</strong>" not in html
    html = page(client, world, sponsor_id=world["theirs"].sponsor_id)
    assert "Possible duplicate</strong>" in html and "Grazing routes." not in html
