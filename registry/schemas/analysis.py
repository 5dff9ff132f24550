"""Analysis runs, findings, triage and coverage."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, post_load, validate

from ..models.enums import FINDING_CODES, FINDING_STATUSES, SEVERITIES
from ..services.inputs import build
from ..services.inputs.analysis import TriageChanges
from ..services.inputs.edits import Edit
from .base import MAX_ID, Id, StrictSchema
from .words import Choice, Text

_IDS = fields.List(fields.Integer())


class FindingSchema(StrictSchema):
    """A finding; stored ones (coordinators, today) carry id and triage fields."""

    id = fields.Integer()
    conflict_id = fields.Integer()
    code = fields.String()
    severity = fields.String()
    key = fields.String()
    initiative_ids = _IDS
    party_ids = _IDS
    issue_ids = _IDS
    region_ids = _IDS
    track_one_body_ids = _IDS
    organisation_ids = _IDS
    person_refs = fields.List(fields.String())
    round_ids = _IDS
    message = fields.String()
    evidence = fields.Dict()
    status = fields.String()
    status_reason = fields.String(allow_none=True)
    first_seen_at = fields.DateTime()
    last_seen_at = fields.DateTime()
    version = fields.Integer()


class FindingQuerySchema(StrictSchema):
    """Filters of GET /conflicts/{id}/findings."""

    code = fields.String(validate=validate.OneOf(FINDING_CODES))
    severity = fields.String(validate=validate.OneOf(SEVERITIES))
    status = fields.String(validate=validate.OneOf(FINDING_STATUSES))
    initiative_id = Id(strict=False)
    sponsor_id = Id(strict=False)
    issue_id = Id(strict=False)
    round_id = Id(strict=False)
    as_of = fields.Date()
    page = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    page_size = fields.Integer(validate=validate.Range(min=1, max=500))


class TriageSchema(StrictSchema):
    """A coordinator's triage of a finding."""

    status = Choice(FINDING_STATUSES)
    status_reason = Text(2000, blank=None, allow_none=True)
    version = fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID))

    @post_load
    def _to_input(self, data: dict[str, Any], **_: Any) -> Edit[TriageChanges]:
        """Return the changes the triage service takes, with the version sent."""
        version = data.pop("version", None)
        return Edit(build(TriageChanges, data), version)


class AnalysisRequestSchema(StrictSchema):
    """POST /conflicts/{id}/analysis: run now, or evaluate at another date."""

    as_of = fields.Date()


class AnalysisSchema(StrictSchema):
    """A stored run, or an evaluation at another date (no id, findings included)."""

    id = fields.Integer()
    conflict_id = fields.Integer()
    as_of = fields.Date()
    data_version = fields.Integer()
    started_at = fields.DateTime()
    duration_ms = fields.Integer()
    parameters = fields.Dict()
    metrics = fields.Dict()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    findings = fields.List(fields.Nested(FindingSchema))


class DateQuerySchema(StrictSchema):
    """An optional evaluation date."""

    as_of = fields.Date()


class OverlapMapQuerySchema(DateQuerySchema):
    """GET /conflicts/{id}/overlap-map."""

    format = fields.String(
        load_default="cytoscape", validate=validate.OneOf(("cytoscape", "gexf", "graphml"))
    )
