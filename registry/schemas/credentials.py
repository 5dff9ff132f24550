"""What a person types to sign in, confirm it is them, or look after their own account."""

from __future__ import annotations

from .accounts import Secret
from .base import StrictSchema
from .words import Text


class SignInSchema(StrictSchema):
    """The sign-in form: email and password, and a code that a password manager may send."""

    email = Text(254, blank="Enter your email address.", required=True)
    password = Secret(blank="Enter your password.", required=True)
    code = Text(40, blank=None)


class CodeSchema(StrictSchema):
    """A code from the authenticator app, or a recovery code."""

    code = Text(40, blank="Enter the code your authenticator app shows.", required=True)


class ConfirmSchema(StrictSchema):
    """The password, or a two-factor code, before a sensitive action."""

    secret = Secret(blank="Enter your password or a two-factor code.", required=True)


class PasswordChangeSchema(StrictSchema):
    """The current password and a new one (the service judges the new one's strength)."""

    current_password = Secret(blank="Enter your current password.", required=True)
    new_password = Secret(blank="Enter a new password.", required=True)


class TokenLabelSchema(StrictSchema):
    """What a new API token is for."""

    label = Text(120, blank="Say what the token is for.", required=True)
