"""Participations, channels, transfer events and coordination links."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from ..models.enums import (
    EVIDENCE_LEVELS,
    LINK_KINDS,
    LINK_STATUSES,
    MECHANISMS,
    PARTICIPATION_ROLES,
    TRANSFER_KINDS,
)
from ..services.inputs.coordination import LinkProposal
from ..services.inputs.engagement import ChannelInput, TransferChanges, TransferInput
from ..services.inputs.people import ParticipationInput
from .base import Id, RecordSchema, VersionedSchema
from .words import Choice, Day, Text


class ParticipationSchema(RecordSchema):
    """A person in an initiative; readers see the alias, sector and proximity.

    Shape only: date order is the service's rule.
    """

    creates = ParticipationInput

    initiative_id = fields.Integer(dump_only=True)
    person_id = Id(required=True, words="Choose a person.")
    role = Choice(PARTICIPATION_ROLES, words="Choose the role.", required=True)
    party_id = Id(allow_none=True)
    start_date = Day(allow_none=True)
    end_date = Day(allow_none=True)
    alias = fields.String(dump_only=True)
    sector = fields.String(dump_only=True)
    proximity = fields.Integer(dump_only=True)
    full_name = fields.String(dump_only=True)


class ChannelSchema(RecordSchema):
    """A channel from an initiative to a Track One body."""

    creates = ChannelInput

    initiative_id = fields.Integer(dump_only=True)
    track_one_body_id = Id(required=True, words="Choose the Track One body.")
    mechanism = Choice(MECHANISMS, words="Choose how the output reaches Track One.", required=True)
    via_person_id = Id(allow_none=True)
    established_on = Day()


class TransferSchema(VersionedSchema):
    """A transfer event."""

    creates = TransferInput
    changes = TransferChanges

    initiative_id = fields.Integer(dump_only=True)
    channel_id = Id(required=True, words="Choose the channel.")
    title = Text(300, required=True)
    kind = Choice(TRANSFER_KINDS, words="Choose the kind.", required=True)
    issue_ids = fields.List(Id())
    delivered_on = Day(required=True, words="Enter the date it was delivered.")
    evidence = Choice(EVIDENCE_LEVELS)
    round_id = Id(allow_none=True)
    confirmed_on = fields.Date(dump_only=True, allow_none=True)
    confirmed_as = fields.String(dump_only=True, allow_none=True)
    confirmed_body_id = fields.Integer(dump_only=True, allow_none=True)


class CoordinationLinkSchema(VersionedSchema):
    """A request to coordinate two initiatives."""

    creates = LinkProposal

    initiative_a_id = Id(required=True, words="Choose one of your initiatives.")
    initiative_b_id = Id(required=True, words="Choose the initiative to coordinate with.")
    kind = Choice(LINK_KINDS, words="Choose the kind.", required=True)
    status = Choice(LINK_STATUSES)
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

    status = Choice(("agreed", "declined"), words="Choose the status.", required=True)
