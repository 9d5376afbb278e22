"""Add monthly reports: one frozen PDF per month and street, stored with its SHA-256

Revision ID: c5d8e2f41a07
Revises: c3d8e1f0a9b2
Create Date: 2026-12-10 10:00:00

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c5d8e2f41a07'
down_revision = 'c3d8e1f0a9b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('monthly_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('street', sa.String(length=50), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('made_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['made_by_id'], ['users.id'], name=op.f('fk_monthly_reports_made_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monthly_reports')),
    sa.UniqueConstraint('month', 'street', name=op.f('uq_monthly_reports_month_street'))
    )


def downgrade():
    op.drop_table('monthly_reports')
