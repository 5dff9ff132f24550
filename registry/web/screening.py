"""The designated-entities list for platform admins: list, add, import a CSV."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..auth.access import PLATFORM_ADMIN, access, current_actor
from ..errors import Invalid
from ..readers import designated
from ..schemas.screening import DesignatedEntitySchema
from ..services import screening
from .admin.forms import with_codes
from .forms import TEXT, FormState, attempt, load, read

bp = Blueprint("screening", __name__, url_prefix="/admin/designated-entities")

ENTITY_LABELS = {
    "name": "Name",
    "aliases": "Other names (separated by ;)",
    "list_name": "List (e.g. US FTO list)",
    "jurisdictions": "Jurisdictions (codes separated by spaces)",
}
ENTITY_KINDS = dict.fromkeys(ENTITY_LABELS, TEXT)
IMPORT_LABELS = {"file": "CSV file (name, aliases, list_name, jurisdictions)"}
NO_FILE = "Choose the CSV file to import."
NOT_UTF8 = "The file is not UTF-8 text; save it as CSV UTF-8."


def _render(entity: FormState | None = None, upload: FormState | None = None) -> str:
    return render_template(
        "admin/designated_entities.html",
        entities=designated.designated_entities(),
        entity_state=entity or FormState(ENTITY_LABELS),
        import_state=upload or FormState(IMPORT_LABELS),
    )


@bp.get("/")
@access(PLATFORM_ADMIN)
def list_designated_entities() -> str:
    """Show the list and the forms to add to it."""
    return _render()


def _aliases(text: str) -> list[str]:
    """Split other names at semicolons, leaving out empty ones."""
    return [alias.strip() for alias in text.split(";") if alias.strip()]


@bp.post("/")
@access(PLATFORM_ADMIN)
def create_designated_entity() -> Response | tuple[str, int]:
    """Add one entity."""
    typed, data = read(request.form, ENTITY_KINDS)
    state = FormState(ENTITY_LABELS, typed)
    data = with_codes({**data, "aliases": _aliases(data["aliases"])}, "jurisdictions")
    loaded = load(DesignatedEntitySchema(), data, state)
    if not (loaded and attempt(state, lambda: screening.create(current_actor(), loaded))):
        return _render(entity=state), 422
    flash("The entity is on the list.", "success")
    return redirect(url_for("screening.list_designated_entities"))


@bp.post("/import")
@access(PLATFORM_ADMIN)
def import_designated_entities() -> Response | tuple[str, int]:
    """Import a CSV: every row or none."""
    state = FormState(IMPORT_LABELS)
    counts = _import(request.files.get("file"), state)
    if counts is None:
        return _render(upload=state), 422
    flash(f"Imported: {counts['created']} added, {counts['updated']} updated.", "success")
    return redirect(url_for("screening.list_designated_entities"))


def _import(upload: Any, state: FormState) -> dict[str, int] | None:
    """Import the uploaded file; on a problem note it beside the file field and return None."""
    if upload is None or not upload.filename:
        state.errors["file"] = [NO_FILE]
        return None
    try:
        return screening.import_csv(current_actor(), upload.read().decode("utf-8"))
    except UnicodeDecodeError:
        state.errors["file"] = [NOT_UTF8]
    except Invalid as error:
        found = error.errors["json"].items()
        state.errors["file"] = [f"{where}: {' '.join(messages)}" for where, messages in found]
    return None
