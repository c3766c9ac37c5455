"""Solve jobs: started_at, a worker heartbeat and one active job per programme enforced by a partial
unique index; inspections: a sequence number and the one last published; units: blackout periods;
programme units: a declined follow-up visit.

Revision ID: 2821735c8c59
Revises: bb14a02b3f17
Create Date: 2026-12-01 06:44:13.361879

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2821735c8c59'
down_revision = 'bb14a02b3f17'
branch_labels = None
depends_on = None

ACTIVE = sa.text("status IN ('queued', 'running')")


def upgrade():
    op.create_table('unit_blackouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_unit_blackouts_end_after_start')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_blackouts_unit_id_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_blackouts'))
    )
    with op.batch_alter_table('unit_blackouts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_blackouts_unit_id'), ['unit_id'], unique=False)

    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sequence', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('published_sequence', sa.Integer(), nullable=True))

    with op.batch_alter_table('programme_units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follow_up_declined', sa.Boolean(), server_default=sa.false(), nullable=False))

    # An active job that did not hold its programme cannot be running: end it before the index.
    op.execute("UPDATE solve_jobs SET status = 'failed', error = 'The job worker stopped before this solve finished.' "
               "WHERE status IN ('queued', 'running') AND active_programme_id IS NULL")
    with op.batch_alter_table('solve_jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_solve_jobs_active_programme_id'), type_='unique')
        batch_op.create_index('uq_solve_jobs_one_active', ['programme_id'], unique=True,
                              sqlite_where=ACTIVE, postgresql_where=ACTIVE)
        batch_op.drop_column('active_programme_id')


def downgrade():
    with op.batch_alter_table('solve_jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active_programme_id', sa.INTEGER(), nullable=True))
        batch_op.drop_index('uq_solve_jobs_one_active', sqlite_where=ACTIVE, postgresql_where=ACTIVE)
        batch_op.create_unique_constraint(batch_op.f('uq_solve_jobs_active_programme_id'), ['active_programme_id'])
        batch_op.drop_column('heartbeat_at')
        batch_op.drop_column('started_at')
    op.execute("UPDATE solve_jobs SET active_programme_id = programme_id WHERE status IN ('queued', 'running')")

    with op.batch_alter_table('programme_units', schema=None) as batch_op:
        batch_op.drop_column('follow_up_declined')

    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_column('published_sequence')
        batch_op.drop_column('sequence')

    with op.batch_alter_table('unit_blackouts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_blackouts_unit_id'))

    op.drop_table('unit_blackouts')
