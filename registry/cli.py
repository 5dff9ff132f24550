"""Thin `flask registry ...` commands over the services."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date, datetime
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup

from .errors import RegistryError
from .models.enums import ORGANISATION_KINDS, ROLES
from .policy import SystemActor

registry_cli = AppGroup("registry", help="Manage the Track Two Registry.")
CLI_ACTOR = SystemActor(label="system:cli")


def _fail(error: RegistryError) -> None:
    """Print a service error in plain words and exit non-zero."""
    click.echo(f"Error: {error.message}", err=True)
    for location in error.errors.values():
        for field, messages in location.items():
            click.echo(f"  {field}: {' '.join(messages)}", err=True)
    sys.exit(1)


@registry_cli.command("create-org")
@click.argument("name")
@click.option("--kind", type=click.Choice(ORGANISATION_KINDS), required=True)
@click.option("--country", help="ISO 3166-1 alpha-2 code, e.g. KE.")
@click.option("--jurisdiction", "jurisdictions", multiple=True, help="Repeat once per code.")
def create_org(name: str, kind: str, country: str | None, jurisdictions: tuple[str, ...]) -> None:
    """Register an organisation."""
    from .services import organisations
    from .services.inputs.organisations import OrganisationInput

    data = OrganisationInput(name=name, kind=kind, country=country, jurisdictions=jurisdictions)
    try:
        organisation = organisations.create(CLI_ACTOR, data)
    except RegistryError as error:
        _fail(error)
    click.echo(
        f"Created organisation {organisation.id}: {organisation.name} ({organisation.kind})."
    )


@registry_cli.command("create-user")
@click.argument("email")
@click.option("--org", "org_name", required=True, help="The organisation's name.")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--password", help="Prompted for when omitted and a terminal is attached.")
@click.option("--display-name", help="Defaults to the part of the email before the @.")
@click.option("--totp-secret", help="Enrol two-factor sign-in with this base32 secret.")
def create_user(
    email: str,
    org_name: str,
    role: str,
    password: str | None,
    display_name: str | None,
    totp_secret: str | None,
) -> None:
    """Create a user of an organisation."""
    from .services import organisations, two_factor, users
    from .services.inputs.users import UserInput

    organisation = organisations.find_by_name(org_name)
    if organisation is None:
        raise click.BadParameter(f"no organisation is named {org_name!r}", param_hint="--org")
    if password is None and sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    data = UserInput(
        email=email,
        display_name=display_name or email.split("@", 1)[0],
        organisation_id=organisation.id,
        role=role,
        password=password,
    )
    try:
        if totp_secret is not None:
            two_factor.normalise_secret(totp_secret)  # refuse a bad secret before creating
        user = users.create(CLI_ACTOR, data)
        if totp_secret is not None:
            two_factor.enrol_with_secret(CLI_ACTOR, user.id, totp_secret)
    except RegistryError as error:
        _fail(error)
    note = "" if password else " It has no password yet and cannot sign in."
    if totp_secret is not None:
        note += " It signs in with a two-factor code."
    click.echo(f"Created user {user.email} ({user.role}) in {organisation.name}.{note}")


@registry_cli.command("enrol-totp")
@click.argument("email")
def enrol_totp(email: str) -> None:
    """Enrol a user in two-factor sign-in with a new secret and print the secret alone."""
    from .services import two_factor, users

    user = users.find_by_email(email)
    if user is None:
        raise click.BadParameter(f"no user has the email {email!r}", param_hint="EMAIL")
    try:
        secret = two_factor.enrol_with_secret(CLI_ACTOR, user.id)
    except RegistryError as error:
        _fail(error)
    click.echo(secret)


@registry_cli.command("assign-coordinator")
@click.argument("email")
@click.option("--conflict", "slug", required=True, help="The conflict's slug.")
def assign_coordinator(email: str, slug: str) -> None:
    """Make a user coordinator of a conflict."""
    from .services import conflicts, users

    user = users.find_by_email(email)
    if user is None:
        raise click.BadParameter(f"no user has the email {email!r}", param_hint="EMAIL")
    conflict = conflicts.find_by_slug(slug)
    if conflict is None:
        raise click.BadParameter(f"no conflict has the slug {slug!r}", param_hint="--conflict")
    try:
        users.assign_coordinator(CLI_ACTOR, user.id, conflict.id)
    except RegistryError as error:
        _fail(error)
    click.echo(f"User {user.id} now coordinates {conflict.slug}.")


@registry_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Load only into a database with no organisation.")
def load_demo(if_empty: bool) -> None:
    """Load the demo data set (idempotent) and print its sign-in accounts."""
    from . import demo
    from .services.maintenance import is_empty

    if current_app.config["ENV"] == "production":
        raise click.ClickException("The demo data is refused when REGISTRY_ENV=production.")
    if if_empty and not is_empty():
        click.echo("The database already holds data; the demo was not loaded.")
    else:
        summary = demo.load()
        click.echo(
            f"Demo data: {summary['created']} records created, "
            f"{summary['existing']} already present."
        )
    click.echo("Demo sign-in accounts (fictional; every password is shown once more below):")
    for account in demo.ACCOUNTS:
        click.echo(f"  {account.email:<34} {account.password:<26} {account.describe}")


@registry_cli.command("audit-verify")
def audit_verify() -> None:
    """Check the audit log's hash chain; exit 1 if any event was altered or removed."""
    from .services.audit import verify_chain

    report = verify_chain()
    if report.ok:
        click.echo(f"Audit chain intact: {report.checked} events verified.")
        return
    click.echo(
        f"Audit chain BROKEN at event {report.broken_at}: it {report.reason} "
        f"({report.checked} events verified before it).",
        err=True,
    )
    sys.exit(1)


def _report_import(report: dict[str, Any], dry_run: bool) -> None:
    """Print an import's counts and each refused cell; exit 1 when any row was refused."""
    from .services import imports

    verb = ("would create", "would update") if dry_run else ("created", "updated")
    click.echo(
        f"{report['rows']} rows: {verb[0]} {report['created']}, {verb[1]} {report['updated']}."
    )
    for problem in report["errors"]:
        click.echo(f"  {imports.where(problem)}: {problem['message']}", err=True)
    if report["errors"]:
        sys.exit(1)


@registry_cli.command("import-initiatives")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
@click.option("--org", "org_name", required=True, help="The sponsoring organisation's name.")
@click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
def import_initiatives(path: str, org_name: str, dry_run: bool) -> None:
    """Import an organisation's initiatives from CSV or XLSX: every row, or none."""
    from pathlib import Path

    from .services import imports, organisations
    from .transfer_files.reading import read_path

    organisation = organisations.find_by_name(org_name)
    if organisation is None:
        raise click.BadParameter(f"no organisation is named {org_name!r}", param_hint="--org")
    try:
        report = imports.import_file(
            CLI_ACTOR, read_path(Path(path)), sponsor_id=organisation.id, dry_run=dry_run
        )
    except RegistryError as error:
        _fail(error)
    _report_import(report, dry_run)


@registry_cli.command("import-rounds")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
@click.option("--conflict", "slug", required=True, help="The conflict's slug.")
@click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
def import_rounds(path: str, slug: str, dry_run: bool) -> None:
    """Import a conflict's rounds of Track One talks from CSV or XLSX: every row, or none."""
    from pathlib import Path

    from .services import conflicts, imports, round_imports
    from .transfer_files.reading import read_path

    conflict = conflicts.find_by_slug(slug)
    if conflict is None:
        raise click.BadParameter(f"no conflict has the slug {slug!r}", param_hint="--conflict")
    try:
        report = round_imports.import_file(
            CLI_ACTOR, read_path(Path(path)), conflict_id=conflict.id, dry_run=dry_run
        )
    except imports.ImportRefused as refused:
        report = refused.report
    except RegistryError as error:
        _fail(error)
    _report_import(report, dry_run)


@registry_cli.command("rotate-keys")
def rotate_keys() -> None:
    """Re-encrypt and re-fingerprint every name with the first REGISTRY_DATA_KEY / MATCH_KEY."""
    from .services import keys

    try:
        counts = keys.rotate(CLI_ACTOR)
    except RegistryError as error:
        _fail(error)
    click.echo(
        f"Rotated {counts['people']} people: {counts['reencrypted']} names re-encrypted, "
        f"{counts['refingerprinted']} fingerprints recomputed, "
        f"{counts['two_factor_secrets']} two-factor secrets re-encrypted. "
        "Old keys may now be removed."
    )


@registry_cli.command("analyze")
@click.option("--conflict", "slug", help="Only this conflict (its slug); all when omitted.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), help="YYYY-MM-DD")
def analyze(slug: str | None, as_of: datetime | None) -> None:
    """Run the analysis and print findings by code and severity.

    At today's date the run is stored (findings keep their triage); at another date
    it is an evaluation that stores nothing.
    """
    import sqlalchemy as sa

    from .extensions import db
    from .models import Conflict
    from .services import analysis, conflicts

    if slug is not None and conflicts.find_by_slug(slug) is None:
        raise click.BadParameter(f"no conflict has the slug {slug!r}", param_hint="--conflict")
    chosen = db.session.scalars(
        sa.select(Conflict)
        .where(Conflict.slug == slug if slug else sa.true())
        .order_by(Conflict.slug)
    ).all()
    day = as_of.date() if as_of else analysis.today()
    for conflict in chosen:
        # Stored findings today, freshly evaluated ones for another day: both carry the
        # code and severity the summary prints.
        findings: list[Any]
        if day == analysis.today():
            analysis.run(CLI_ACTOR, conflict.id)
            findings = [f for f in analysis.current_findings(conflict.id) if f.status != "resolved"]
        else:
            findings = list(analysis.evaluate(conflict, day).findings)
        _print_summary(conflict.slug, day, findings)


def _print_summary(slug: str, day: date, findings: list[Any]) -> None:
    """Print one conflict's findings counted by code and severity."""
    counts = Counter((finding.code, finding.severity) for finding in findings)
    click.echo(f"{slug} at {day.isoformat()}: {len(findings)} findings")
    for (code, severity), number in sorted(counts.items()):
        click.echo(f"  {code:<26} {severity:<7} {number}")


@registry_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Count the names that would be erased; erase none.")
def purge(dry_run: bool) -> None:
    """Erase the names of people in no initiative that ended within REGISTRY_RETENTION_MONTHS."""
    from .services import retention

    report = retention.purge(CLI_ACTOR, dry_run=dry_run)
    count = len(report.person_ids)
    noun = "name" if count == 1 else "names"
    verb = "would erase" if dry_run else "erased"
    click.echo(
        f"Retention {retention.retention_months()} months: {verb} {count} {noun} of people in "
        f"no initiative that ended on or after {report.cutoff.isoformat()}."
    )
    if count and not dry_run:
        click.echo("Backups made before now still hold these names: expire them (see docs).")


@registry_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup(path: str) -> None:
    """Write the whole database to PATH (gzip JSON; names stay encrypted)."""
    from pathlib import Path

    from .services.backup import write_backup

    counts = write_backup(CLI_ACTOR, Path(path))
    click.echo(f"Backed up {sum(counts.values())} rows from {len(counts)} tables to {path}.")


@registry_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def restore(path: str) -> None:
    """Restore PATH into an empty, migrated database; the audit chain is verified."""
    from pathlib import Path

    from .readers import coverage
    from .readers.findings import clear_cache
    from .services.backup import restore_backup

    try:
        counts = restore_backup(CLI_ACTOR, Path(path))
    except RegistryError as error:
        _fail(error)
    clear_cache()
    coverage.clear_cache()
    click.echo(f"Restored {sum(counts.values())} rows into {len(counts)} tables.")


@registry_cli.command("worker")
@click.option("--workers", default=1, show_default=True, help="Jobs run at once (threads).")
def worker(workers: int) -> None:
    """Run queued analysis refreshes (REGISTRY_QUEUE_URL) until interrupted."""
    from .config import ConfigError
    from .jobs import run_worker

    try:
        run_worker(workers)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
