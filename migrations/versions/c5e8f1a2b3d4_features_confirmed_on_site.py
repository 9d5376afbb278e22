"""Features confirmed on site: inspections.features_confirmed; lpg, meals_delivered

Inspections record what the inspector found on site (``features_confirmed``, JSON,
nullable). The directory's features gain ``lpg`` and ``meals_delivered``, false for
every institution already registered.

Revision ID: c5e8f1a2b3d4
Revises: d4e9f2a1b3c5
Create Date: 2026-12-03 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c5e8f1a2b3d4"
down_revision = "d4e9f2a1b3c5"
branch_labels = None
depends_on = None

NEW_FEATURES = ("lpg", "meals_delivered")

institutions = sa.table(
    "institutions", sa.column("id", sa.Integer), sa.column("features", sa.JSON)
)


def _rewrite_features(change) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(institutions.c.id, institutions.c.features)).all()
    for row in rows:
        features = change(dict(row.features or {}))
        connection.execute(
            institutions.update().where(institutions.c.id == row.id).values(features=features)
        )


def upgrade():
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("features_confirmed", sa.JSON(), nullable=True))
    _rewrite_features(lambda f: {**{name: False for name in NEW_FEATURES}, **f})


def downgrade():
    _rewrite_features(lambda f: {k: v for k, v in f.items() if k not in NEW_FEATURES})
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_column("features_confirmed")
