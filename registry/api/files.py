"""Spreadsheet import and export of initiatives: /api/v1/imports and /api/v1/exports."""

from __future__ import annotations

import json
from datetime import date
from http import HTTPStatus
from typing import IO, Any

from flask import Response, jsonify, request
from marshmallow import fields, validate
from werkzeug.exceptions import UnsupportedMediaType

from ..auth.access import PUBLIC, SIGNED_IN, access, current_actor
from ..errors import Invalid
from ..readers import conflicts as conflicts_reader
from ..schemas.base import QueryBoolean, StrictSchema
from ..services import analysis, audit, imports, round_imports
from ..transfer_files import CSV_MIMETYPE, MAX_BYTES, XLSX_MIMETYPE, exporting, writing
from ..transfer_files.examples import examples_for
from ..transfer_files.reading import TooLarge
from .common import Blueprint, accepts

blp = Blueprint("files_api", __name__, url_prefix="/api/v1", description="Import and export")

FORMATS = ("csv", "xlsx")
_FILE_RESPONSE = {
    "200": {
        "description": "A CSV file (UTF-8 with BOM) or an XLSX workbook.",
        "headers": {
            "X-Left-Out": {
                "description": 'Rows the export-rows cap left out, e.g. {"export_rows": 12}',
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
        "content": {
            CSV_MIMETYPE: {"schema": {"type": "string"}},
            XLSX_MIMETYPE: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}

_FILE_BODY = {
    "required": True,
    "content": {
        CSV_MIMETYPE: {"schema": {"type": "string"}},
        XLSX_MIMETYPE: {"schema": {"type": "string", "format": "binary"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
    },
}


class ImportQuerySchema(StrictSchema):
    """Options of POST /imports/initiatives."""

    dry_run = QueryBoolean(load_default=False)


class ImportRefusedSchema(StrictSchema):
    """The error body of a refused import: the usual fields and the whole report."""

    code = fields.Integer()
    status = fields.String()
    message = fields.String()
    errors = fields.Dict()
    report = fields.Dict()


class RoundImportQuerySchema(ImportQuerySchema):
    """Options of POST /imports/rounds: the conflict whose calendar the rows fill."""

    conflict_id = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))


class TemplateQuerySchema(StrictSchema):
    """Options of GET /imports/initiatives/template."""

    format = fields.String(load_default="csv", validate=validate.OneOf(FORMATS))
    conflict_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))


class ExportQuerySchema(TemplateQuerySchema):
    """Options of GET /exports/initiatives."""

    hxl = QueryBoolean(load_default=False)


@blp.post("/imports/initiatives")
@accepts(CSV_MIMETYPE, "multipart/form-data", XLSX_MIMETYPE, "application/octet-stream")
@access(SIGNED_IN)
@blp.arguments(ImportQuerySchema, location="query")
@blp.doc(requestBody=_FILE_BODY)
@blp.response(200)
@blp.alt_response(422, schema=ImportRefusedSchema, description="The file has problems")
@blp.alt_response(413, schema=ImportRefusedSchema, description="The file is too large")
def import_initiatives(options: dict[str, Any]) -> Any:
    """Import initiatives of your organisation from CSV or XLSX: every row, or none (editors).

    Send the file as the body or as a form field named `file`. With `dry_run=true`
    nothing is written and the report lists every problem; otherwise a file with any
    problem answers 422 with the same report under `report`.
    """
    actor = current_actor()
    imports.authorise(actor)
    try:
        return imports.import_file(actor, _upload(), dry_run=options["dry_run"])
    except imports.ImportRefused as refused:
        return _refused(refused)


@blp.post("/imports/rounds")
@accepts(CSV_MIMETYPE, "multipart/form-data", XLSX_MIMETYPE, "application/octet-stream")
@access(SIGNED_IN)
@blp.arguments(RoundImportQuerySchema, location="query")
@blp.doc(requestBody=_FILE_BODY)
@blp.response(200)
@blp.alt_response(422, schema=ImportRefusedSchema, description="The file has problems")
@blp.alt_response(413, schema=ImportRefusedSchema, description="The file is too large")
def import_rounds(options: dict[str, Any]) -> Any:
    """Import a conflict's rounds from CSV or XLSX: every row, or none (its coordinators).

    Columns: Title, Track One bodies and Agenda issues (names separated by ';'), Starts on,
    Ends on (YYYY-MM-DD), Status, Notes. A row with the title and start date of an
    existing round updates it. `dry_run=true` reports without writing.
    """
    actor = current_actor()
    round_imports.authorise(actor, options["conflict_id"])
    try:
        return round_imports.import_file(
            actor, _upload(), conflict_id=options["conflict_id"], dry_run=options["dry_run"]
        )
    except imports.ImportRefused as refused:
        return _refused(refused)


def _refused(refused: imports.ImportRefused) -> Response:
    """Answer a refused import: the usual error fields and the whole report."""
    response = jsonify(
        code=refused.status,
        status=HTTPStatus(refused.status).phrase,
        message=refused.message,
        errors=refused.errors,
        report=refused.report,
    )
    response.status_code = refused.status
    return response


@blp.get("/imports/initiatives/template")
@access(SIGNED_IN)
@blp.arguments(TemplateQuerySchema, location="query")
@blp.doc(responses=_FILE_RESPONSE)
def show_import_template(options: dict[str, Any]) -> Response:
    """Download the import template: the headers and a commented example row.

    With `conflict_id`, the example row uses that conflict's slug, issues and regions.
    """
    return template_download(options["format"], options.get("conflict_id"))


def template_download(kind: str, conflict_id: int | None) -> Response:
    """Answer the template, its example row in the conflict's own names when one is given."""
    examples = None
    if conflict_id is not None:
        conflict = conflicts_reader.conflict(conflict_id)
        examples = examples_for(conflict, current_actor().organisation_id)
    return _download(writing.template(kind, examples), kind, "initiatives-template")


@blp.get("/exports/initiatives")
@access(PUBLIC)
@blp.arguments(ExportQuerySchema, location="query")
@blp.doc(responses=_FILE_RESPONSE)
def export_initiatives(options: dict[str, Any]) -> Response:
    """Export the initiatives you may see, with the fields you may see, as CSV or XLSX.

    Names and labels replace ids and codes; cells a spreadsheet would run as a formula
    start with an apostrophe. `hxl=true` adds a row of HXL hashtags under the headers.
    """
    conflict_id = options.get("conflict_id")
    if conflict_id is not None:
        conflicts_reader.conflict(conflict_id)  # 404 for a conflict that does not exist
    cap = analysis.caps().export_rows
    columns, rows = exporting.export_table(current_actor(), conflict_id, cap)
    headers = [column.label for column in columns]
    tags = [column.hxl for column in columns] if options["hxl"] else None
    write = writing.to_xlsx if options["format"] == "xlsx" else writing.to_csv
    name = f"initiatives-{date.today().isoformat()}"
    response = _download(write(headers, rows, tags), options["format"], name)
    audit.record_export(
        current_actor(), "initiatives", conflict_id, len(rows), options["format"], options["hxl"]
    )
    if cap is not None and len(rows) >= cap:
        left_out = exporting.count_rows(current_actor(), conflict_id) - len(rows)
        if left_out:
            # SPEC 4.2's export-rows cap: the answer says how many rows it left out.
            response.headers["X-Left-Out"] = json.dumps({"export_rows": left_out})
    return response


def _upload() -> bytes:
    """Return the uploaded file (raw body or form field `file`), refusing one above the cap."""
    if request.mimetype == "application/json":
        raise UnsupportedMediaType("Send the file as CSV or XLSX, not JSON.")
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise Invalid({"file": ["Send the file in a form field named file."]}, location="file")
        content = _read_capped(upload.stream)
    else:
        if (request.content_length or 0) > MAX_BYTES:
            raise TooLarge()
        content = _read_capped(request.stream)
    if len(content) > MAX_BYTES:
        raise TooLarge()
    if not content.strip():
        raise Invalid({"file": ["The file is empty; send a CSV or XLSX file."]}, location="file")
    return content


def _read_capped(stream: IO[bytes]) -> bytes:
    """Read at most one byte more than the cap (enough to tell that a file is too large)."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BYTES:
        chunk = stream.read(min(64 * 1024, MAX_BYTES + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _download(content: bytes, kind: str, name: str) -> Response:
    """Answer a file download that no cache keeps (exports may hold confidential records)."""
    mimetype = XLSX_MIMETYPE if kind == "xlsx" else f"{CSV_MIMETYPE}; charset=utf-8"
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
