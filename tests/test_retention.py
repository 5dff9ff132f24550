"""`flask registry purge`: names past the retention are erased everywhere; the others stay."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from registry.config import ConfigError
from registry.extensions import db
from registry.models import AuditEvent, Person
from registry.services import retention
from tests.factories import (
    SYSTEM,
    OrganisationFactory,
    PersonFactory,
    editor_of,
    initiative_on,
    one_transaction,
    participate,
    scope,
)
from tests.helpers import bearer_for, make_app, sign_in_as
from tests.helpers.erasure import backup_text, database_text, found

CANARY = "Thaddeusina Quorblemont"
CANARY_AFFILIATION = "Canaryaffil Wobbleford Militia"
CANARY_WORDS = (*CANARY.split(), *CANARY_AFFILIATION.split())
KEPT = {
    "open-ended": "Ermengarde Pilkwistle",
    "recent": "Bartholomea Snoddgrass",
    "unplaced": "Cornelius Fennimoth",
}
ENDED = date(2025, 6, 30)
RECENT_END = date(2026, 11, 30)


@pytest.fixture
def ngo(app: Flask) -> dict[str, Any]:
    """An NGO whose canary took part only in an initiative that ended on 30 June 2025, and
    three people who keep their names: in an open-ended initiative, in one that ended recently,
    and in none (registered today)."""
    with one_transaction():
        where = scope()
        organisation = OrganisationFactory(name="Quiet Channels Trust")
        ended = initiative_on(
            where, organisation.id, start_date=date(2024, 1, 1), end_date=ENDED, status="concluded"
        )
        open_ended = initiative_on(where, organisation.id, end_date=None)
        recent = initiative_on(where, organisation.id, end_date=RECENT_END)
        canary = PersonFactory(
            organisation_id=organisation.id,
            full_name=CANARY,
            alias="P-KEEPME",
            designated_affiliation=CANARY_AFFILIATION,
        )
        participate(ended.id, canary.id)
        people = {
            key: PersonFactory(organisation_id=organisation.id, full_name=name)
            for key, name in KEPT.items()
        }
        participate(ended.id, people["open-ended"].id)
        participate(open_ended.id, people["open-ended"].id)
        participate(recent.id, people["recent"].id)
    return {
        "organisation": organisation,
        "canary": canary,
        "people": people,
        "owner": editor_of(organisation.id),
    }


def purge(app: Flask, monkeypatch: pytest.MonkeyPatch, on: date, *options: str) -> Any:
    monkeypatch.setattr(retention, "today", lambda: on)
    result = app.test_cli_runner().invoke(args=["registry", "purge", *options])
    assert result.exit_code == 0, result.output
    return result


def test_months_before_keeps_the_day_or_takes_the_month_s_last() -> None:
    assert retention.months_before(date(2027, 7, 1), 24) == date(2025, 7, 1)
    assert retention.months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert retention.months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)


def test_purge_before_the_retention_has_passed_erases_nothing(app, ngo, monkeypatch) -> None:
    result = purge(app, monkeypatch, date(2027, 6, 30))
    assert "erased 0 names" in result.output
    assert found(CANARY_WORDS, database_text())


def test_dry_run_counts_without_erasing(app, ngo, monkeypatch) -> None:
    result = purge(app, monkeypatch, date(2027, 7, 1), "--dry-run")
    assert "would erase 1 name " in result.output
    assert found(CANARY_WORDS, database_text()) == list(CANARY_WORDS)


def test_purge_past_retention_leaves_the_name_in_no_table(app, ngo, monkeypatch) -> None:
    result = purge(app, monkeypatch, date(2027, 7, 1))
    assert "erased 1 name " in result.output and "2025-07-01" in result.output
    text = database_text()
    assert found(CANARY_WORDS, text) == []
    # The scan reads the names that stay, so it would have found the canary.
    assert all(name in text for name in KEPT.values())


def test_purge_keeps_the_record_its_alias_and_participation(app, ngo, monkeypatch) -> None:
    purge(app, monkeypatch, date(2027, 7, 1))
    person = db.session.get(Person, ngo["canary"].id)
    assert person.alias == "P-KEEPME" and person.erased_at is not None
    assert person.designated_affiliation_encrypted is None
    assert person.affiliation_fingerprint is None
    assert person.name_fingerprint == f"erased:{person.id}"


def test_purge_is_audited_by_id_only(app, ngo, monkeypatch) -> None:
    purge(app, monkeypatch, date(2027, 7, 1))
    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "person.erase"))
    assert [(e.object_type, e.object_id, e.details) for e in events] == [
        ("person", ngo["canary"].id, {})
    ]


def test_a_second_purge_erases_nothing_more(app, ngo, monkeypatch) -> None:
    purge(app, monkeypatch, date(2027, 7, 1))
    assert "erased 0 names" in purge(app, monkeypatch, date(2027, 7, 2)).output


def test_a_person_in_no_initiative_is_erased_once_untouched_for_the_retention(
    app, ngo, monkeypatch
) -> None:
    purge(app, monkeypatch, date(2099, 1, 1))
    text = database_text()
    assert KEPT["unplaced"] not in text and KEPT["recent"] not in text
    assert KEPT["open-ended"] in text  # a live, open-ended initiative keeps the name


def test_no_page_api_read_or_export_shows_the_erased_name(app, ngo, monkeypatch) -> None:
    purge(app, monkeypatch, date(2027, 7, 1))
    owner = ngo["owner"]
    browser = sign_in_as(app.test_client(), owner)
    headers = bearer_for(owner)
    api = app.test_client()
    texts = [
        browser.get("/people/").get_data(as_text=True),
        browser.get(f"/people/{ngo['canary'].id}/edit").get_data(as_text=True),
        api.get("/api/v1/people?page_size=500", headers=headers).get_data(as_text=True),
        api.get(f"/api/v1/people/{ngo['canary'].id}", headers=headers).get_data(as_text=True),
        api.get("/api/v1/exports/initiatives?format=csv", headers=headers).get_data(as_text=True),
    ]
    assert "P-KEEPME" in texts[0]  # the owner still reads the record, by its alias
    assert KEPT["recent"] in texts[0]  # and the names that stay
    assert found(CANARY_WORDS, "\n".join(texts)) == []


def test_a_backup_made_after_the_purge_holds_no_erased_name(
    app, ngo, monkeypatch, tmp_path: Path
) -> None:
    before, after = tmp_path / "before.gz", tmp_path / "after.gz"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["registry", "backup", str(before)]).exit_code == 0
    purge(app, monkeypatch, date(2027, 7, 1))
    assert runner.invoke(args=["registry", "backup", str(after)]).exit_code == 0
    assert found(CANARY_WORDS, backup_text(before)) == list(CANARY_WORDS)  # why backups expire
    text = backup_text(after)
    assert found(CANARY_WORDS, text) == []
    assert KEPT["recent"] in text


def test_erased_people_of_two_organisations_are_not_matched_together(app, monkeypatch) -> None:
    with one_transaction():
        where = scope()
        first, second = OrganisationFactory(), OrganisationFactory()
        for organisation in (first, second):
            ended = initiative_on(
                where, organisation.id, start_date=date(2024, 1, 1), end_date=ENDED
            )
            person = PersonFactory(organisation_id=organisation.id, full_name=CANARY)
            participate(ended.id, person.id)
    purge(app, monkeypatch, date(2027, 7, 1))
    fingerprints = set(db.session.scalars(sa.select(Person.name_fingerprint)))
    assert len(fingerprints) == 2


def test_retention_months_is_read_from_the_environment(tmp_path: Path, database_url) -> None:
    app = make_app(database_url, tmp_path, RETENTION_MONTHS="6")
    assert app.config["RETENTION_MONTHS"] == 6
    assert make_app(database_url, tmp_path / "b").config["RETENTION_MONTHS"] == 24


@pytest.mark.parametrize("value", ["0", "-3", "two years", ""])
def test_a_retention_that_is_not_a_positive_number_of_months_stops_start_up(
    tmp_path: Path, database_url, value: str
) -> None:
    with pytest.raises(ConfigError, match="REGISTRY_RETENTION_MONTHS"):
        make_app(database_url, tmp_path, RETENTION_MONTHS=value)


def test_after_an_owner_deletes_a_person_its_name_is_nowhere(
    app: Flask, ngo: dict[str, Any], tmp_path: Path
) -> None:
    from registry.services import analysis

    for conflict_id in {i.conflict_id for i in _initiatives()}:
        analysis.run(SYSTEM, conflict_id)
    owner, canary = ngo["owner"], ngo["canary"]
    api = app.test_client()
    response = api.delete(f"/api/v1/people/{canary.id}", headers=bearer_for(owner))
    assert response.status_code == 204
    path = tmp_path / "after-delete.gz"
    assert app.test_cli_runner().invoke(args=["registry", "backup", str(path)]).exit_code == 0
    browser = sign_in_as(app.test_client(), owner)
    pages = browser.get("/people/").get_data(as_text=True)
    listed = api.get("/api/v1/people?page_size=500", headers=bearer_for(owner))
    for text in (database_text(), backup_text(path), pages, listed.get_data(as_text=True)):
        assert found(CANARY_WORDS, text) == []
    assert KEPT["recent"] in database_text()  # the scan reads the names that stay


def _initiatives() -> list[Any]:
    from registry.models import Initiative

    return list(db.session.scalars(sa.select(Initiative)))
