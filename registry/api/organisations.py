"""Organisations: /api/v1/organizations."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask.views import MethodView

from .. import policy
from ..auth.access import PLATFORM_ADMIN, PUBLIC, access, current_actor
from ..errors import NotFound
from ..extensions import db
from ..models import Organisation
from ..schemas.accounts import OrganisationSchema
from ..services import organisations
from ..services.inputs.edits import Edit
from ..services.inputs.organisations import OrganisationChanges, OrganisationInput
from ..services.unit import get_or_404
from .common import Blueprint, QueryPage, expected_version
from .idempotency import idempotent

blp = Blueprint(
    "organisations_api", __name__, url_prefix="/api/v1/organizations", description="Organisations"
)


@blp.route("")
class Organisations(MethodView):
    """The organisations a reader may see."""

    @access(PUBLIC)
    @blp.response(200, OrganisationSchema(many=True))
    @blp.paginate(QueryPage)
    def get(self) -> sa.Select[Any]:
        """List organisations (signed-in users: all; visitors: those public initiatives name)."""
        return (
            sa.select(Organisation)
            .where(policy.visible_organisations(current_actor()))
            .order_by(Organisation.name)
        )

    @access(PLATFORM_ADMIN)
    @blp.arguments(OrganisationSchema)
    @blp.response(201, OrganisationSchema)
    @idempotent(lambda object_id: get_or_404(Organisation, object_id))
    def post(self, data: OrganisationInput) -> Organisation:
        """Register an organisation (platform admins)."""
        return organisations.create(current_actor(), data)


@blp.route("/<int:organisation_id>")
class OrganisationById(MethodView):
    """One organisation."""

    @access(PUBLIC)
    @blp.response(200, OrganisationSchema)
    def get(self, organisation_id: int) -> Organisation:
        """Show an organisation the reader may see."""
        statement = sa.select(Organisation).where(
            Organisation.id == organisation_id, policy.visible_organisations(current_actor())
        )
        organisation = db.session.scalar(statement)
        if organisation is None:
            raise NotFound()
        return organisation

    @access(PLATFORM_ADMIN)
    @blp.arguments(OrganisationSchema(partial=True))
    @blp.response(200, OrganisationSchema)
    def patch(self, edit: Edit[OrganisationChanges], organisation_id: int) -> Organisation:
        """Edit an organisation (platform admins)."""
        version = expected_version(edit.version)
        return organisations.update(current_actor(), organisation_id, edit.changes, version)
