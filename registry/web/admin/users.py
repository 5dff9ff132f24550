"""Users: list and create (org admins for their organisation, platform admins for all), and
on one user change the role, disable or enable, reset the password, end the sessions."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ... import policy
from ...auth.access import SIGNED_IN, access, current_actor
from ...auth.step_up import step_up_required
from ...errors import Invalid
from ...models.enums import ROLES
from ...readers import admin as admin_reader
from ...schemas.accounts import RoleSchema, UserSchema
from ...services import user_admin, users
from ..forms import CHOICE, FormState, attempt, load, read, submitted
from ..paging import offset, page_number
from .blueprint import bp, require_admin
from .forms import ROLE_LABELS, USER_KINDS, USER_LABELS, choices


def _render_list(state: FormState | None = None) -> str:
    actor = current_actor()
    page, pages = page_number(admin_reader.count_users(actor))
    rows = admin_reader.list_users(actor, offset(page))
    managed = [o for o in admin_reader.organisations() if policy.can_manage_users_of(actor, o.id)]
    return render_template(
        "admin/users.html",
        rows=rows,
        page=page,
        pages=pages,
        state=state or FormState(USER_LABELS, {"role": ROLES[0]}),
        organisations=[(str(o.id), o.name) for o in managed],
        roles=choices(list(policy.assignable_roles(actor))),
        is_platform_admin=policy.is_platform_admin(actor),
    )


@bp.get("/users")
@access(SIGNED_IN)
def list_users() -> str:
    """List the users this admin manages, and the form to create one."""
    require_admin()
    return _render_list()


@bp.post("/users")
@access(SIGNED_IN)
def create_user() -> Response | tuple[str, int]:
    """Create a user in an organisation this admin manages."""
    require_admin()
    typed, data = read(request.form, USER_KINDS)
    if not data["password"]:  # none yet: the admin sets a one-time password later
        del data["password"]
    state = FormState(USER_LABELS, typed)
    loaded = load(UserSchema(), data, state)
    user = loaded and attempt(state, lambda: users.create(current_actor(), loaded))
    if not user:
        return _render_list(state), 422
    flash(f"{user.display_name} can now sign in as {user.email}.", "success")
    return redirect(url_for("admin.show_user", user_id=user.id))


def _render_user(
    user_id: int, role: FormState | None = None, one_time_password: str | None = None
) -> str:
    actor = current_actor()
    row = admin_reader.user_for_admin(actor, user_id)
    return render_template(
        "admin/user.html",
        user=row,
        role_state=role or FormState(ROLE_LABELS, {"role": row.role}),
        roles=choices(list(policy.assignable_roles(actor))),
        one_time_password=one_time_password,
        is_self=row.id == actor.id,
    )


@bp.get("/users/<int:user_id>")
@access(SIGNED_IN)
def show_user(user_id: int) -> str:
    """Show one user and what an admin may do to its account."""
    require_admin()
    return _render_user(user_id)


@bp.post("/users/<int:user_id>/role")
@access(SIGNED_IN)
@step_up_required
def change_user_role(user_id: int) -> Response | tuple[str, int]:
    """Give a user another role (after a recent sign-in); its sessions and API tokens end."""
    require_admin()
    state, loaded = submitted(RoleSchema(), ROLE_LABELS, {"role": CHOICE})
    user = loaded and attempt(
        state, lambda: user_admin.change_role(current_actor(), user_id, loaded["role"])
    )
    if not user:
        return _render_user(user_id, role=state), 422
    flash(f"{user.display_name} is now {user.role.replace('_', ' ')}.", "success")
    return redirect(url_for("admin.show_user", user_id=user_id))


@bp.post("/users/<int:user_id>/<any(disable, enable):change>")
@access(SIGNED_IN)
def set_user_active(user_id: int, change: str) -> Response:
    """Disable a user (its sessions and API tokens end) or enable it again."""
    require_admin()
    try:
        user = user_admin.set_active(current_actor(), user_id, change == "enable")
    except Invalid as error:
        for messages in error.errors.get("json", {}).values():
            flash(" ".join(messages), "danger")
    else:
        state = "enabled" if user.is_active else "disabled; its sessions and tokens ended"
        flash(f"{user.display_name} is {state}.", "success")
    return redirect(url_for("admin.show_user", user_id=user_id))


@bp.post("/users/<int:user_id>/reset-password")
@access(SIGNED_IN)
def reset_user_password(user_id: int) -> Response | str:
    """Give a user a one-time password, shown here once, to change at its next sign-in."""
    require_admin()
    try:
        one_time = user_admin.reset_password(current_actor(), user_id)
    except Invalid as error:
        for messages in error.errors.get("json", {}).values():
            flash(" ".join(messages), "danger")
        return redirect(url_for("admin.show_user", user_id=user_id))
    return _render_user(user_id, one_time_password=one_time)


@bp.post("/users/<int:user_id>/end-sessions")
@access(SIGNED_IN)
def end_user_sessions(user_id: int) -> Response:
    """Sign a user out everywhere and revoke its API tokens."""
    require_admin()
    revoked = user_admin.end_sessions(current_actor(), user_id)
    tokens = f" and {revoked} API token{'s' if revoked != 1 else ''} revoked" if revoked else ""
    flash(f"Every session of this user has ended{tokens}.", "success")
    return redirect(url_for("admin.show_user", user_id=user_id))
