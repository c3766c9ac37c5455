"""Task runs: a periodic background task takes its period by inserting a row, so that it runs once
however many workers queue it.

Revision ID: 319cdcff6b90
Revises: d34909c25ea2
Create Date: 2026-12-01 09:55:36.007491

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '319cdcff6b90'
down_revision = 'd34909c25ea2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('task_runs',
    sa.Column('task', sa.String(length=200), nullable=False),
    sa.Column('period', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('task', 'period', name=op.f('pk_task_runs'))
    )


def downgrade():
    op.drop_table('task_runs')
