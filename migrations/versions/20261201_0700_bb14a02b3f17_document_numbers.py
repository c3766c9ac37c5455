"""Document numbers: a counter per kind and year, and the number each record or plan was issued with.

Revision ID: bb14a02b3f17
Revises: 2ffba10359c2
Create Date: 2026-12-01 06:22:37.127251

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bb14a02b3f17'
down_revision = '2ffba10359c2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('document_counters',
    sa.Column('kind', sa.Enum('BB', 'KH', name='documentkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'year', name=op.f('pk_document_counters'))
    )
    op.create_table('issued_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('BB', 'KH', name='documentkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=True),
    sa.Column('programme_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_issued_documents_programme_id_programmes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['response_id'], ['checklist_responses.id'], name=op.f('fk_issued_documents_response_id_checklist_responses'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_documents')),
    sa.UniqueConstraint('kind', 'year', 'number', name=op.f('uq_issued_documents_kind_year_number')),
    sa.UniqueConstraint('programme_id', name=op.f('uq_issued_documents_programme_id')),
    sa.UniqueConstraint('response_id', name=op.f('uq_issued_documents_response_id'))
    )


def downgrade():
    op.drop_table('issued_documents')
    op.drop_table('document_counters')
