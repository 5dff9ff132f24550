"""one-time passwords that must be changed, and erased names

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 15:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    # Plain ADD COLUMN, not a batch: on SQLite a batch that recreates user_account drops
    # the old table with foreign keys on, which deletes every coordinator assignment.
    op.add_column(
        "user_account",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("person", sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
