"""Participations, channels and transfers of an initiative."""

from __future__ import annotations

from flask.views import MethodView

from ..auth.access import SIGNED_IN, access, current_actor
from ..auth.quotas import create_limits
from ..policy import Access
from ..readers import engagement as reader
from ..readers import initiatives as initiative_reader
from ..readers import people as people_reader
from ..readers.engagement import ChannelRecord, ParticipationRecord, TransferRecord
from ..readers.people import PresentedParticipation
from ..schemas.engagement import ChannelSchema, ParticipationSchema, TransferSchema
from ..services import channels, identities, participations, transfers
from ..services.inputs.edits import Edit
from ..services.inputs.engagement import ChannelInput, TransferChanges, TransferInput
from ..services.inputs.people import ParticipationInput
from .common import TOO_MANY, Blueprint, expected_version, paginate_list
from .idempotency import idempotent

blp = Blueprint(
    "engagement_api", __name__, url_prefix="/api/v1", description="Participants and transfer"
)


def _present_participations(
    rows: list[ParticipationRecord], initiative_id: int
) -> list[PresentedParticipation]:
    actor = current_actor()
    initiative_reader.check_visible(actor, initiative_id, Access.EVERYTHING)
    names = identities.read_full_names(actor, [row.person_id for row in rows])
    return people_reader.present_participations(initiative_id, rows, names)


def _one_participation(participation_id: int) -> PresentedParticipation:
    row = reader.participation(current_actor(), participation_id)
    return _present_participations([row], row.initiative_id)[0]


@blp.route("/initiatives/<int:initiative_id>/participations")
class Participations(MethodView):
    """The people taking part in an initiative."""

    @access(SIGNED_IN)
    @blp.response(200, ParticipationSchema(many=True))
    def get(self, initiative_id: int) -> list[PresentedParticipation]:
        """List participations: alias, sector, proximity (names only where allowed)."""
        rows = paginate_list(reader.participations_listing(current_actor(), initiative_id))
        return _present_participations(rows, initiative_id)

    @access(SIGNED_IN)
    @create_limits("participations")
    @blp.arguments(ParticipationSchema)
    @blp.response(201, ParticipationSchema)
    @blp.doc(responses=TOO_MANY)
    @idempotent(_one_participation)
    def post(self, data: ParticipationInput, initiative_id: int) -> PresentedParticipation:
        """Add a person of the sponsor to the initiative (editors of the sponsor)."""
        row = participations.create(current_actor(), initiative_id, data)
        return _one_participation(row.id)


@blp.delete("/participations/<int:participation_id>")
@access(SIGNED_IN)
@blp.response(204)
def delete_participation(participation_id: int) -> None:
    """Remove a person from an initiative."""
    participations.delete(current_actor(), participation_id)


def _one_channel(channel_id: int) -> ChannelRecord:
    return reader.channel(current_actor(), channel_id)


@blp.route("/initiatives/<int:initiative_id>/channels")
class Channels(MethodView):
    """An initiative's channels to Track One."""

    @access(SIGNED_IN)
    @blp.response(200, ChannelSchema(many=True))
    def get(self, initiative_id: int) -> list[ChannelRecord]:
        """List the initiative's channels."""
        return paginate_list(reader.channels_listing(current_actor(), initiative_id))

    @access(SIGNED_IN)
    @blp.arguments(ChannelSchema)
    @blp.response(201, ChannelSchema)
    @idempotent(_one_channel)
    def post(self, data: ChannelInput, initiative_id: int) -> ChannelRecord:
        """Add a channel to a Track One body of the conflict (editors of the sponsor)."""
        return _one_channel(channels.create(current_actor(), initiative_id, data).id)


@blp.delete("/channels/<int:channel_id>")
@access(SIGNED_IN)
@blp.response(204)
def delete_channel(channel_id: int) -> None:
    """Remove a channel; 409 while transfers were delivered through it."""
    channels.delete(current_actor(), channel_id)


def _one_transfer(transfer_id: int) -> TransferRecord:
    return reader.transfer(current_actor(), transfer_id)


@blp.route("/initiatives/<int:initiative_id>/transfers")
class Transfers(MethodView):
    """The transfer ledger of an initiative."""

    @access(SIGNED_IN)
    @blp.response(200, TransferSchema(many=True))
    def get(self, initiative_id: int) -> list[TransferRecord]:
        """List the initiative's transfer events."""
        return paginate_list(reader.transfers_listing(current_actor(), initiative_id))

    @access(SIGNED_IN)
    @blp.arguments(TransferSchema)
    @blp.response(201, TransferSchema)
    @idempotent(_one_transfer)
    def post(self, data: TransferInput, initiative_id: int) -> TransferRecord:
        """Record a delivery through one of the initiative's channels (claimed)."""
        return _one_transfer(transfers.create(current_actor(), initiative_id, data).id)


@blp.patch("/transfers/<int:transfer_id>")
@access(SIGNED_IN)
@blp.arguments(TransferSchema(partial=True))
@blp.response(200, TransferSchema)
def update_transfer(edit: Edit[TransferChanges], transfer_id: int) -> TransferRecord:
    """Edit a transfer (its sponsor) or change its evidence (the conflict's coordinators)."""
    version = expected_version(edit.version)
    transfers.update(current_actor(), transfer_id, edit.changes, version)
    return reader.transfer_as_written(transfer_id)
