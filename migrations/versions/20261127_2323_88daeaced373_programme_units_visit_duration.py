"""Programme units: the length of a visit (1 = half day, 2 = full day).

Revision ID: 88daeaced373
Revises: 4982254e8aa9
Create Date: 2026-11-27 23:23:45.075303

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '88daeaced373'
down_revision = '4982254e8aa9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('programme_units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duration', sa.Integer(), server_default='1', nullable=False))
        batch_op.create_check_constraint(op.f('ck_programme_units_duration_half_or_full_day'), 'duration IN (1, 2)')


def downgrade():
    with op.batch_alter_table('programme_units', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_programme_units_duration_half_or_full_day'), type_='check')
        batch_op.drop_column('duration')
