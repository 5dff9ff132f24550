"""Import initiatives from a spreadsheet on the web: template, dry run by row and column, confirm.

The checks and the all-or-nothing write are the API's (`services.imports`); the file
waits server-side between the dry run and the confirmation (`upload_store`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ..auth.access import SIGNED_IN, access, current_actor
from ..errors import PermissionDenied, RegistryError
from ..policy import can_edit_own
from ..readers import choices
from ..readers.choices import Choice
from ..services import imports
from ..transfer_files import MAX_BYTES
from . import upload_store
from .forms import render

bp = Blueprint("imports", __name__, url_prefix="/imports")


def _conflicts() -> list[Choice]:
    return choices.conflicts()


def _page(status: int = 200, **context: Any) -> tuple[str, int]:
    actor = current_actor()
    chosen = request.values.get("conflict_id", type=int)
    page = render(
        "imports/index.html",
        conflicts=_conflicts(),
        chosen=chosen,
        may_import=can_edit_own(actor),
        max_mb=MAX_BYTES // (1024 * 1024),
        **context,
    )
    return page, status


def _require_editor() -> None:
    actor = current_actor()
    if not can_edit_own(actor):
        raise PermissionDenied("Editors of your organisation import initiatives.")


@bp.get("/")
@access(SIGNED_IN)
def show_imports() -> tuple[str, int]:
    """Choose a conflict, download its template, upload a file."""
    return _page()


def _problems_by_row(report: dict[str, Any]) -> list[tuple[int, list[dict[str, Any]]]]:
    rows: dict[int, list[dict[str, Any]]] = {}
    for problem in report["errors"]:
        rows.setdefault(problem["row"], []).append(problem)
    return sorted(rows.items())


@bp.post("/")
@access(SIGNED_IN)
def check_import() -> tuple[str, int]:
    """Run the dry run on the uploaded file and show its report; keep the file to confirm."""
    _require_editor()
    upload = request.files.get("file")
    content = upload.read(MAX_BYTES + 1) if upload else b""
    filename = (upload.filename or "") if upload else ""
    if not content.strip():
        return _page(422, refusal="Choose a CSV or XLSX file to upload.")
    try:
        report = imports.import_file(current_actor(), content, dry_run=True)
    except RegistryError as error:
        return _page(error.status, refusal=error.message)
    token = None if report["errors"] else upload_store.keep(content, filename)
    status = 422 if report["errors"] else 200
    return _page(
        status, report=report, problems=_problems_by_row(report), token=token, filename=filename
    )


@bp.post("/confirm")
@access(SIGNED_IN)
def confirm_import() -> Response | tuple[str, int]:
    """Import the file checked in the dry run: every row, or none."""
    _require_editor()
    kept = upload_store.take(request.form.get("token", ""))
    if kept is None:
        return _page(409, refusal="This file is no longer waiting to be imported; upload it again.")
    content, filename = kept
    try:
        report = imports.import_file(current_actor(), content)
    except imports.ImportRefused as refused:
        # The data changed since the dry run: show the new problems, import nothing.
        upload_store.discard()
        report = refused.report
        return _page(
            422, report=report, problems=_problems_by_row(report), token=None, filename=filename
        )
    upload_store.discard()
    flash(
        f"Imported {report['rows']} rows: {report['created']} new initiatives, "
        f"{report['updated']} updated.",
        "success",
    )
    return redirect(url_for("initiatives.list_initiatives"))
