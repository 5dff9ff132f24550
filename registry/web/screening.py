"""The designated-entities list for platform admins: list, add, import a CSV."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..auth.access import PLATFORM_ADMIN, access, current_actor
from ..errors import Invalid
from ..readers import designated
from ..services import screening
from ..services.inputs.organisations import DesignatedEntityInput

bp = Blueprint("screening", __name__, url_prefix="/admin/designated-entities")


class EntityForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """One designated entity."""

    name = StringField("Name", validators=[DataRequired(), Length(max=300)])
    aliases = StringField("Other names (separated by ;)", validators=[Length(max=2000)])
    list_name = StringField("List (e.g. US FTO list)", validators=[DataRequired(), Length(max=200)])
    jurisdictions = StringField("Jurisdictions (codes separated by spaces)")


class ImportForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """A CSV file of designated entities."""

    file = FileField("CSV file (name, aliases, list_name, jurisdictions)", [FileRequired()])


def _render(entity_form: EntityForm | None = None, import_form: ImportForm | None = None) -> str:
    entities = designated.designated_entities()
    return render_template(
        "admin/designated_entities.html",
        entities=entities,
        entity_form=entity_form or EntityForm(prefix="entity"),
        import_form=import_form or ImportForm(prefix="import"),
    )


@bp.get("/")
@access(PLATFORM_ADMIN)
def list_designated_entities() -> str:
    """Show the list and the forms to add to it."""
    return _render()


@bp.post("/")
@access(PLATFORM_ADMIN)
def create_designated_entity() -> Response | str:
    """Add one entity."""
    form = EntityForm(prefix="entity")
    if form.validate_on_submit():
        data = DesignatedEntityInput(
            name=form.name.data,
            aliases=tuple((form.aliases.data or "").split(";")),
            list_name=form.list_name.data,
            jurisdictions=tuple((form.jurisdictions.data or "").split()),
        )
        try:
            screening.create(current_actor(), data)
        except Invalid as error:
            for field, messages in error.errors["json"].items():
                getattr(form, field).errors = list(messages)
        else:
            flash("The entity is on the list.", "success")
            return redirect(url_for("screening.list_designated_entities"))
    return _render(entity_form=form)


@bp.post("/import")
@access(PLATFORM_ADMIN)
def import_designated_entities() -> Response | str:
    """Import a CSV: every row or none."""
    form = ImportForm(prefix="import")
    if form.validate_on_submit():
        try:
            text = form.file.data.read().decode("utf-8")
            counts = screening.import_csv(current_actor(), text)
        except UnicodeDecodeError:
            form.file.errors = ["The file is not UTF-8 text; save it as CSV UTF-8."]
        except Invalid as error:
            form.file.errors = [
                f"{where}: {' '.join(messages)}" for where, messages in error.errors["json"].items()
            ]
        else:
            flash(f"Imported: {counts['created']} added, {counts['updated']} updated.", "success")
            return redirect(url_for("screening.list_designated_entities"))
    return _render(import_form=form)
