"""Participations, channels, transfer events and coordination links."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from ..models.enums import (
    EVIDENCE_LEVELS,
    LINK_KINDS,
    LINK_STATUSES,
    MECHANISMS,
    PARTICIPATION_ROLES,
    TRANSFER_KINDS,
)
from ..services.inputs.people import ParticipationInput
from .base import Id, RecordSchema, VersionedSchema


class ParticipationSchema(RecordSchema):
    """A person in an initiative; readers see the alias, sector and proximity.

    Shape only: date order is the service's rule.
    """

    creates = ParticipationInput

    initiative_id = fields.Integer(dump_only=True)
    person_id = Id(required=True)
    role = fields.String(required=True, validate=validate.OneOf(PARTICIPATION_ROLES))
    party_id = Id(allow_none=True)
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    alias = fields.String(dump_only=True)
    sector = fields.String(dump_only=True)
    proximity = fields.Integer(dump_only=True)
    full_name = fields.String(dump_only=True)


class ChannelSchema(RecordSchema):
    """A channel from an initiative to a Track One body."""

    initiative_id = fields.Integer(dump_only=True)
    track_one_body_id = Id(required=True)
    mechanism = fields.String(required=True, validate=validate.OneOf(MECHANISMS))
    via_person_id = Id(allow_none=True)
    established_on = fields.Date()


class TransferSchema(VersionedSchema):
    """A transfer event."""

    initiative_id = fields.Integer(dump_only=True)
    channel_id = Id(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    kind = fields.String(required=True, validate=validate.OneOf(TRANSFER_KINDS))
    issue_ids = fields.List(Id())
    delivered_on = fields.Date(required=True)
    evidence = fields.String(validate=validate.OneOf(EVIDENCE_LEVELS))
    round_id = Id(allow_none=True)
    confirmed_on = fields.Date(dump_only=True, allow_none=True)
    confirmed_as = fields.String(dump_only=True, allow_none=True)
    confirmed_body_id = fields.Integer(dump_only=True, allow_none=True)


class CoordinationLinkSchema(VersionedSchema):
    """A request to coordinate two initiatives."""

    initiative_a_id = Id(required=True)
    initiative_b_id = Id(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(LINK_KINDS))
    status = fields.String(validate=validate.OneOf(LINK_STATUSES))
    proposed_by = fields.String(dump_only=True)
    answers = fields.Method("_answers", dump_only=True)

    def _answers(self, link: Any) -> dict[str, str]:
        """Each sponsor's answer to a coordinator's proposal, by sponsor id."""
        given = {
            link.initiative_a.sponsor_id: link.answer_a,
            link.initiative_b.sponsor_id: link.answer_b,
        }
        return {str(sponsor): answer for sponsor, answer in given.items() if answer}


class LinkDecisionSchema(VersionedSchema):
    """An answer to a coordination request."""

    status = fields.String(required=True, validate=validate.OneOf(("agreed", "declined")))
