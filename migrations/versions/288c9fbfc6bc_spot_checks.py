"""Add spot checks (双随机、一公开): the pools, plans, draws, selections; job runs

Institutions get status and risk level, users an enforcement certificate number,
inspections a due time (a spot check's is the period's end).

Revision ID: 288c9fbfc6bc
Revises: a7c1e5d93b20
Create Date: 2026-12-01 16:46:36

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '288c9fbfc6bc'
down_revision = 'a7c1e5d93b20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('owner', sa.String(length=100), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('result', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_runs'))
    )
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_runs_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_runs_started_at'), ['started_at'], unique=False)

    op.create_table('inspector_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_inspector_conflicts_institution_id_institutions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_inspector_conflicts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspector_conflicts')),
    sa.UniqueConstraint('user_id', 'institution_id', name=op.f('uq_inspector_conflicts_user_id_institution_id'))
    )
    with op.batch_alter_table('inspector_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspector_conflicts_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspector_conflicts_user_id'), ['user_id'], unique=False)

    op.create_table('inspector_unavailability',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('starts_on <= ends_on', name=op.f('ck_inspector_unavailability_period')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_inspector_unavailability_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspector_unavailability'))
    )
    with op.batch_alter_table('inspector_unavailability', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspector_unavailability_user_id'), ['user_id'], unique=False)

    op.create_table('spot_check_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('checklists', sa.JSON(), nullable=False),
    sa.Column('sample_size', sa.Integer(), nullable=True),
    sa.Column('sample_ratio', sa.Float(), nullable=True),
    sa.Column('team_size', sa.Integer(), nullable=False),
    sa.Column('departments', sa.JSON(), nullable=False),
    sa.Column('risk_weighted', sa.Boolean(), nullable=False),
    sa.Column('seed', sa.String(length=128), nullable=True),
    sa.Column('draw_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('publish_due', sa.Date(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('late_flagged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'drawn', 'published')", name=op.f('ck_spot_check_plans_status')),
    sa.CheckConstraint('(sample_size IS NULL) <> (sample_ratio IS NULL)', name=op.f('ck_spot_check_plans_sample_size_or_ratio')),
    sa.CheckConstraint('period_start <= period_end', name=op.f('ck_spot_check_plans_period')),
    sa.CheckConstraint('team_size >= 2', name=op.f('ck_spot_check_plans_team_size')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_spot_check_plans_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spot_check_plans'))
    )
    op.create_table('spot_check_draws',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('seed', sa.String(length=128), nullable=False),
    sa.Column('algorithm', sa.String(length=16), nullable=False),
    sa.Column('inputs', sa.JSON(), nullable=False),
    sa.Column('input_hash', sa.String(length=64), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('drawn_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('drawn_by_id', sa.Integer(), nullable=True),
    sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['drawn_by_id'], ['users.id'], name=op.f('fk_spot_check_draws_drawn_by_id_users')),
    sa.ForeignKeyConstraint(['plan_id'], ['spot_check_plans.id'], name=op.f('fk_spot_check_draws_plan_id_spot_check_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spot_check_draws')),
    sa.UniqueConstraint('plan_id', 'number', name=op.f('uq_spot_check_draws_plan_id_number'))
    )
    with op.batch_alter_table('spot_check_draws', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spot_check_draws_plan_id'), ['plan_id'], unique=False)

    op.create_table('spot_check_selections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draw_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('inspector_ids', sa.JSON(), nullable=False),
    sa.Column('inspection_id', sa.Uuid(), nullable=True),
    sa.Column('result', sa.String(length=32), nullable=True),
    sa.Column('result_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("result IS NULL OR result IN ('no_problem', 'rectification_ordered', 'follow_up', 'unreachable', 'refused')", name=op.f('ck_spot_check_selections_result')),
    sa.ForeignKeyConstraint(['draw_id'], ['spot_check_draws.id'], name=op.f('fk_spot_check_selections_draw_id_spot_check_draws')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_spot_check_selections_inspection_id_inspections'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_spot_check_selections_institution_id_institutions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spot_check_selections')),
    sa.UniqueConstraint('draw_id', 'institution_id', name=op.f('uq_spot_check_selections_draw_id_institution_id'))
    )
    with op.batch_alter_table('spot_check_selections', schema=None) as batch_op:
        batch_op.create_index('ix_spot_check_selections_inspection', ['inspection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spot_check_selections_institution_id'), ['institution_id'], unique=False)

    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('institutions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), server_default='operating', nullable=False))
        batch_op.add_column(sa.Column('risk_level', sa.String(length=1), server_default='B', nullable=False))
        batch_op.create_check_constraint(
            'status', "status IN ('operating', 'suspended', 'closed')"
        )
        batch_op.create_check_constraint('risk_level', "risk_level IN ('A', 'B', 'C', 'D')")

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('enforcement_cert_no', sa.String(length=32), nullable=True))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('enforcement_cert_no')

    with op.batch_alter_table('institutions', schema=None) as batch_op:
        batch_op.drop_constraint('risk_level', type_='check')
        batch_op.drop_constraint('status', type_='check')
        batch_op.drop_column('risk_level')
        batch_op.drop_column('status')

    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_column('due_at')

    with op.batch_alter_table('spot_check_selections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spot_check_selections_institution_id'))
        batch_op.drop_index('ix_spot_check_selections_inspection')

    op.drop_table('spot_check_selections')
    with op.batch_alter_table('spot_check_draws', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spot_check_draws_plan_id'))

    op.drop_table('spot_check_draws')
    op.drop_table('spot_check_plans')
    with op.batch_alter_table('inspector_unavailability', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspector_unavailability_user_id'))

    op.drop_table('inspector_unavailability')
    with op.batch_alter_table('inspector_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspector_conflicts_user_id'))
        batch_op.drop_index(batch_op.f('ix_inspector_conflicts_institution_id'))

    op.drop_table('inspector_conflicts')
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_runs_started_at'))
        batch_op.drop_index(batch_op.f('ix_job_runs_name'))

    op.drop_table('job_runs')
