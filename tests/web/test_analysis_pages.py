"""The analysis pages: findings and their triage, the overlap map and the coverage heat map."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from registry.analysis.codes import CODES, SELECTION_COLOUR
from registry.extensions import db
from registry.models import AuditEvent
from registry.services import initiatives
from registry.services.inputs import build
from registry.services.inputs.initiatives import InitiativeChanges
from tests.factories import SYSTEM, reference
from tests.helpers import sign_in_as, stored_finding
from tests.world import World, overlapping_pair


@pytest.fixture
def world(app) -> World:
    """Two NGOs' initiatives on one conflict, alike in scope, sharing one elder."""
    return overlapping_pair("Water sharing", "Upstream herders", ("Wells dialogue", "River talks"))


def page(client: FlaskClient, world: World, who: str, tail: str, **query: Any) -> str:
    sign_in_as(client, world[who])
    response = client.get(f"/conflicts/{world['conflict'].id}{tail}", query_string=query)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_a_coordinator_sees_stored_findings_with_triage_forms(client, world) -> None:
    html = page(client, world, "coordinator", "/findings")
    duplicate = stored_finding("duplicate_initiative")
    assert f'action="/findings/{duplicate.id}/triage"' in html
    assert "Run the analysis now" in html
    assert "Wells dialogue" in html and "River talks" in html
    assert "Canary" not in html


def test_a_member_sees_findings_computed_from_what_they_may_see_without_triage(
    client, world
) -> None:
    initiatives.update(
        SYSTEM, world["theirs"].id, build(InitiativeChanges, {"confidentiality": "sealed"})
    )
    html = page(client, world, "member", "/findings")
    assert "/triage" not in html and "Run the analysis now" not in html
    assert "computed from the initiatives you may see" in html
    assert "River talks" not in html and "Canary" not in html
    assert "Possible duplicate</strong>" not in html  # the pair needs the sealed one


def test_findings_filter_by_code_severity_and_status(client, world) -> None:
    html = page(client, world, "coordinator", "/findings", code="duplicate_initiative")
    assert re.search(r"1 of \d+ findings", html)
    assert "Possible duplicate</strong>" in html
    html = page(client, world, "coordinator", "/findings", status="dismissed")
    assert re.search(r"0 of \d+ findings", html)


def test_dismissing_without_a_reason_is_refused_beside_the_field(client, world) -> None:
    page(client, world, "coordinator", "/findings")
    finding = stored_finding("duplicate_initiative")
    response = client.post(
        f"/findings/{finding.id}/triage",
        data={"status": "dismissed", "status_reason": " ", "version": finding.version},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Say why you dismiss this finding." in html
    assert f'id="reason-{finding.id}-error"' in html
    assert stored_finding("duplicate_initiative").status == "open"


def test_a_coordinator_dismisses_with_a_reason_and_the_list_keeps_its_filter(client, world) -> None:
    page(client, world, "coordinator", "/findings")
    finding = stored_finding("duplicate_initiative")
    response = client.post(
        f"/findings/{finding.id}/triage",
        data={
            "status": "dismissed",
            "status_reason": "Same programme, registered twice by agreement",
            "version": finding.version,
            "back": "code=duplicate_initiative&evil=1",
        },
    )
    assert response.status_code == 302
    finding_id = stored_finding("duplicate_initiative").id
    assert response.location.endswith(
        f"/conflicts/{world['conflict'].id}/findings?code=duplicate_initiative"
        f"&focus={finding_id}#finding-{finding_id}"
    )
    assert stored_finding("duplicate_initiative").status == "dismissed"
    events = db.session.scalars(sa.select(AuditEvent).filter_by(action="finding.triage")).all()
    assert [event.object_id for event in events] == [finding.id]


def test_a_stale_triage_form_is_refused_and_says_why(client, world) -> None:
    page(client, world, "coordinator", "/findings")
    finding = stored_finding("duplicate_initiative")
    data = {"status": "acknowledged", "status_reason": "", "version": finding.version - 1}
    response = client.post(f"/findings/{finding.id}/triage", data=data)
    assert response.status_code == 422
    assert "Someone changed this record" in response.get_data(as_text=True)


def test_only_coordinators_triage_or_run_the_analysis(client, world) -> None:
    page(client, world, "coordinator", "/findings")  # stores the findings
    finding = stored_finding("duplicate_initiative")
    sign_in_as(client, world["member"])
    data = {"status": "acknowledged", "version": finding.version}
    assert client.post(f"/findings/{finding.id}/triage", data=data).status_code == 404
    assert client.post(f"/conflicts/{world['conflict'].id}/analysis").status_code == 403
    assert stored_finding("duplicate_initiative").status == "open"


def test_a_coordinator_runs_the_analysis_from_the_page(client, world) -> None:
    sign_in_as(client, world["coordinator"])
    response = client.post(f"/conflicts/{world['conflict'].id}/analysis")
    assert response.status_code == 302
    html = client.get(response.location).get_data(as_text=True)
    assert "The analysis ran:" in html


def test_an_evaluation_at_another_date_is_shown_without_triage(client, world) -> None:
    html = page(client, world, "coordinator", "/findings", as_of="2020-01-01")
    assert "An evaluation at 2020-01-01" in html and "/triage" not in html
    sign_in_as(client, world["coordinator"])
    url = f"/conflicts/{world['conflict'].id}/findings?as_of=31-12-2020"
    assert client.get(url).status_code == 400


def test_the_map_embeds_the_network_and_lists_the_same_edges(client, world) -> None:
    html = page(client, world, "coordinator", "/map")
    own, theirs = world["own"].id, world["theirs"].id
    assert 'id="overlap-data"' in html and "js/overlap-map.js" in html
    assert f'"source": "{min(own, theirs)}"' in html or f'"source":"{min(own, theirs)}"' in html
    assert "Possible duplicate</td>" in html
    assert "format=gexf" in html and "format=graphml" in html
    assert "Canary" not in html


def test_the_map_filters_overlaps_by_kind(client, world) -> None:
    html = page(client, world, "coordinator", "/map", code="competing_channel")
    assert "No overlap matches the filters." in html
    assert "Possible duplicate</td>" not in html
    # The edge is still sent, marked hidden, so the layout stays the same under any filter.
    assert '"classes": "hidden"' in html or '"classes":"hidden"' in html


def test_the_map_shows_a_member_only_what_they_may_see(client, world) -> None:
    initiatives.update(
        SYSTEM, world["theirs"].id, build(InitiativeChanges, {"confidentiality": "sealed"})
    )
    html = page(client, world, "member", "/map")
    assert "Wells dialogue" in html and "River talks" not in html
    assert f'"id": "{world["theirs"].id}"' not in html


def test_coverage_is_a_heat_map_with_names_and_counts(client, world) -> None:
    html = page(client, world, "coordinator", "/coverage")
    assert "Water sharing" in html and "Upstream herders" in html
    assert re.search(r'<td class="heat heat-5">2</td>', html)


def test_coverage_suppresses_small_cells_for_other_readers(client, world) -> None:
    initiatives.update(
        SYSTEM, world["theirs"].id, build(InitiativeChanges, {"confidentiality": "restricted"})
    )
    html = page(client, world, "member", "/coverage")
    assert '<td class="heat heat-suppressed"' in html
    assert "the totals of such a table are withheld" in html
    assert "Canary" not in html


def test_findings_come_fifty_to_a_page(client, world) -> None:
    for n in range(55):
        reference("issue", world["conflict"].id, name=f"Uncovered issue {n}")
    first = page(client, world, "coordinator", "/findings", code="issue_gap")
    second = page(client, world, "coordinator", "/findings", code="issue_gap", page=2)
    assert re.search(r"55 of \d+ findings", first)
    assert first.count('class="finding ') == 50 and second.count('class="finding ') == 5
    assert "Page 1 of 2" in first and "page=2" in first and "code=issue_gap" in first


def test_a_refused_triage_comes_back_on_the_page_of_its_finding(client, world) -> None:
    for n in range(55):
        reference("issue", world["conflict"].id, name=f"Uncovered issue {n}")
    second = page(client, world, "coordinator", "/findings", code="issue_gap", page=2)
    finding_id = re.findall(r'action="/findings/(\d+)/triage"', second)[-1]
    back = "code=issue_gap&page=2"
    refused = client.post(
        f"/findings/{finding_id}/triage",
        data={"status": "dismissed", "version": 1, "back": back},
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Page 2 of 2" in html and f'id="reason-{finding_id}-error"' in html
    saved = client.post(
        f"/findings/{finding_id}/triage",
        data={"status": "acknowledged", "version": 1, "back": back},
    )
    assert saved.status_code == 302 and saved.location.endswith(
        f"code=issue_gap&page=2&focus={finding_id}#finding-{finding_id}"
    )


def test_the_map_takes_its_colours_from_the_code_registry(client, world) -> None:
    html = page(client, world, "coordinator", "/map")
    island = re.search(r'<script type="application/json" id="overlap-data">(.*?)</script>', html)
    assert island is not None
    data = json.loads(island.group(1))
    style = data["style"]
    assert style["codes"]["duplicate_initiative"] == CODES["duplicate_initiative"].colour
    assert style["code_labels"]["duplicate_initiative"] == CODES["duplicate_initiative"].label
    assert style["selection"] == SELECTION_COLOUR
    assert SELECTION_COLOUR not in style["codes"].values()
    assert f'stroke="{CODES["scope_overlap"].colour}"' in html  # the legend's key
