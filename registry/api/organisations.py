"""Organisations: /api/v1/organizations."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from ..auth.access import PLATFORM_ADMIN, PUBLIC, access, current_actor
from ..readers import accounts as reader
from ..readers.accounts import OrganisationRecord
from ..readers.paging import Listing
from ..schemas.accounts import OrganisationSchema
from ..services import organisations
from ..services.inputs.edits import Edit
from ..services.inputs.organisations import OrganisationChanges, OrganisationInput
from .common import Blueprint, QueryPage, expected_version
from .idempotency import idempotent

blp = Blueprint(
    "organisations_api", __name__, url_prefix="/api/v1/organizations", description="Organisations"
)


def _one(organisation_id: int) -> OrganisationRecord:
    return reader.organisation(current_actor(), organisation_id)


@blp.route("")
class Organisations(MethodView):
    """The organisations a reader may see."""

    @access(PUBLIC)
    @blp.response(200, OrganisationSchema(many=True))
    @blp.paginate(QueryPage)
    def get(self) -> Listing[Any, OrganisationRecord]:
        """List organisations (signed-in users: all; visitors: those public initiatives name)."""
        return reader.organisations_listing(current_actor())

    @access(PLATFORM_ADMIN)
    @blp.arguments(OrganisationSchema)
    @blp.response(201, OrganisationSchema)
    @idempotent(_one)
    def post(self, data: OrganisationInput) -> OrganisationRecord:
        """Register an organisation (platform admins)."""
        return _one(organisations.create(current_actor(), data).id)


@blp.route("/<int:organisation_id>")
class OrganisationById(MethodView):
    """One organisation."""

    @access(PUBLIC)
    @blp.response(200, OrganisationSchema)
    def get(self, organisation_id: int) -> OrganisationRecord:
        """Show an organisation the reader may see."""
        return _one(organisation_id)

    @access(PLATFORM_ADMIN)
    @blp.arguments(OrganisationSchema(partial=True))
    @blp.response(200, OrganisationSchema)
    def patch(self, edit: Edit[OrganisationChanges], organisation_id: int) -> OrganisationRecord:
        """Edit an organisation (platform admins)."""
        version = expected_version(edit.version)
        organisations.update(current_actor(), organisation_id, edit.changes, version)
        return _one(organisation_id)
