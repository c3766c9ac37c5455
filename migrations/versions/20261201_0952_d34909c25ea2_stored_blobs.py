"""Stored blobs: uploaded files' bytes kept in the database (UPLOAD_STORE=database), once per SHA-256.

A downgrade refuses while the table holds files: move them first with `flask files move --to folder`.

Revision ID: d34909c25ea2
Revises: 2821735c8c59
Create Date: 2026-12-01 09:52:45.153449

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd34909c25ea2'
down_revision = '2821735c8c59'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stored_blobs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_stored_blobs'))
    )


def downgrade():
    if op.get_bind().scalar(sa.text("SELECT count(*) FROM stored_blobs")):
        raise RuntimeError("stored_blobs still holds uploaded files: run `flask files move --to folder` first")
    op.drop_table('stored_blobs')
