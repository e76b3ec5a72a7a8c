"""hardening: login attempts of two kinds (sign-in, API token)

Failed bearer tokens are counted per client address in the store the login limits use; the
``kind`` column keeps them apart from sign-in failures, which keep their own limits. Existing
rows are sign-in attempts.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=10), nullable=False, server_default="login")
        )
        batch_op.create_check_constraint(op.f("ck_login_attempt_kind"), "kind IN ('login', 'api')")
        batch_op.create_index(
            batch_op.f("ix_login_attempt_kind_address_at"), ["kind", "address", "at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempt_kind_address_at"))
        batch_op.drop_constraint(op.f("ck_login_attempt_kind"), type_="check")
        batch_op.drop_column("kind")
