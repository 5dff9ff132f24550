"""coordinator proposals: who proposed a coordination link, and each sponsor's answer

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 15:57:09
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _choice(*values: str, name: str) -> sa.Enum:
    """A string limited to `values` by a named CHECK constraint, as the models declare it."""
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True)


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("coordination_link", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "proposed_by",
                _choice("sponsor", "coordinator", name="proposed_by"),
                server_default="sponsor",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("answer_a", _choice("agreed", "declined", name="answer_a"), nullable=True)
        )
        batch_op.add_column(
            sa.Column("answer_b", _choice("agreed", "declined", name="answer_b"), nullable=True)
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("coordination_link", schema=None) as batch_op:
        # SQLite rebuilds the table: the columns' CHECK constraints must go first.
        for name in ("answer_b", "answer_a", "proposed_by"):
            batch_op.drop_constraint(name, type_="check")
        batch_op.drop_column("answer_b")
        batch_op.drop_column("answer_a")
        batch_op.drop_column("proposed_by")
