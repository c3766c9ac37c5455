"""Export jobs: a large export made by the job worker, its progress and its file (a stored file of
purpose "export").

Revision ID: 340e1a3ec5ce
Revises: 655d9c61b656
Create Date: 2026-12-01 11:02:47.190616

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '340e1a3ec5ce'
down_revision = '655d9c61b656'
branch_labels = None
depends_on = None


PURPOSES = ("photo", "photo_display", "evidence", "attachment", "unit_import", "indicator_import")


def _purposes(values: tuple[str, ...]) -> None:
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_stored_files_filepurpose"), type_="check")
        batch_op.create_check_constraint("filepurpose", sa.column("purpose").in_(values))


def upgrade():
    _purposes((*PURPOSES, "export"))
    op.create_table('export_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('params', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='exportstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], name=op.f('fk_export_jobs_file_id_stored_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_export_jobs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_jobs'))
    )
    with op.batch_alter_table('export_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_jobs_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('export_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_jobs_user_id'))

    op.drop_table('export_jobs')
    op.execute("DELETE FROM stored_files WHERE purpose = 'export'")
    _purposes(PURPOSES)
