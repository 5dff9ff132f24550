"""Users: list and create (org admins for their organisation, platform admins for all), and
on one user change the role, disable or enable, reset the password, end the sessions."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from ... import policy
from ...auth.access import SIGNED_IN, access, current_actor
from ...auth.step_up import step_up_required
from ...errors import Invalid
from ...readers import admin as admin_reader
from ...services import user_admin, users
from ..paging import offset, page_number
from .blueprint import bp, require_admin
from .forms import EmptyForm, RoleForm, UserForm, choices, show_errors


def _user_form() -> UserForm:
    actor = current_actor()
    form = UserForm(prefix="user")
    form.role.choices = choices(list(policy.assignable_roles(actor)))
    form.organisation_id.choices = [
        (o.id, o.name)
        for o in admin_reader.organisations()
        if policy.can_manage_users_of(actor, o.id)
    ]
    return form


def _render_list(form: UserForm | None = None) -> str:
    actor = current_actor()
    page, pages = page_number(admin_reader.count_users(actor))
    rows = admin_reader.list_users(actor, offset(page))
    return render_template(
        "admin/users.html",
        rows=rows,
        page=page,
        pages=pages,
        form=form or _user_form(),
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
    form = _user_form()
    if form.validate_on_submit():
        data = {
            "email": form.email.data,
            "display_name": form.display_name.data,
            "organisation_id": form.organisation_id.data,
            "role": form.role.data,
            "password": form.password.data or None,
        }
        try:
            user = users.create(current_actor(), data)
        except Invalid as error:
            show_errors(form, error)
        else:
            flash(f"{user.display_name} can now sign in as {user.email}.", "success")
            return redirect(url_for("admin.show_user", user_id=user.id))
    return _render_list(form), 422


def _render_user(
    user_id: int, role_form: RoleForm | None = None, one_time_password: str | None = None
) -> str:
    actor = current_actor()
    row = admin_reader.user_for_admin(actor, user_id)
    if role_form is None:
        role_form = RoleForm(prefix="role", data={"role": row.role})
    role_form.role.choices = choices(list(policy.assignable_roles(actor)))
    return render_template(
        "admin/user.html",
        user=row,
        role_form=role_form,
        action_form=EmptyForm(),
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
    form = RoleForm(prefix="role")
    form.role.choices = choices(list(policy.assignable_roles(current_actor())))
    if form.validate_on_submit():
        try:
            user = user_admin.change_role(current_actor(), user_id, form.role.data or "")
        except Invalid as error:
            show_errors(form, error)
        else:
            flash(f"{user.display_name} is now {user.role.replace('_', ' ')}.", "success")
            return redirect(url_for("admin.show_user", user_id=user_id))
    return _render_user(user_id, role_form=form), 422


@bp.post("/users/<int:user_id>/<any(disable, enable):change>")
@access(SIGNED_IN)
def set_user_active(user_id: int, change: str) -> Response:
    """Disable a user (its sessions and API tokens end) or enable it again."""
    require_admin()
    if EmptyForm().validate_on_submit():
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
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("admin.show_user", user_id=user_id))
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
    if EmptyForm().validate_on_submit():
        revoked = user_admin.end_sessions(current_actor(), user_id)
        tokens = f" and {revoked} API token{'s' if revoked != 1 else ''} revoked" if revoked else ""
        flash(f"Every session of this user has ended{tokens}.", "success")
    return redirect(url_for("admin.show_user", user_id=user_id))
