"""Stored text in NFC, and the initiatives' search text folded again.

Text typed before the forms and imports cleaned it may be decomposed (NFD: Unikey's "Unicode tổ
hợp", macOS); it is composed here so that a normal query finds it and a user name keeps logging
in (the login form now sends NFC). A value whose composed form is already taken in a unique
column is left as it is. The audit log keeps what it recorded. Initiatives' ``search_text`` is
rebuilt with the folding that search uses now (whitespace runs as one space).

Revision ID: c5944b29a89c
Revises: 88daeaced373
Create Date: 2026-12-01 06:37:41.119188

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5944b29a89c'
down_revision = '88daeaced373'
branch_labels = None
depends_on = None

#: Tables left as they are: the audit log is a record of the past.
SKIPPED = {"alembic_version", "audit_entries"}


def _unique_columns(inspector, table: str) -> set[str]:
    constraints = inspector.get_unique_constraints(table)
    indexes = [i for i in inspector.get_indexes(table) if i.get("unique")]
    return {c["column_names"][0] for c in [*constraints, *indexes] if len(c["column_names"]) == 1}


def _compose_table(bind, table: sa.Table, unique: set[str]) -> None:
    texts = [c for c in table.columns if isinstance(c.type, sa.String) and not c.primary_key]
    keys = list(table.primary_key.columns)
    if not texts or not keys:
        return
    taken = {c.name: set(bind.scalars(sa.select(c))) for c in texts if c.name in unique}
    for row in bind.execute(sa.select(*keys, *texts)).mappings().all():
        changes = {}
        for column in texts:
            value = row[column.name]
            composed = unicodedata.normalize("NFC", value) if isinstance(value, str) else value
            if composed == value or composed in taken.get(column.name, ()):
                continue
            changes[column.name] = composed
            taken.get(column.name, set()).add(composed)
        if changes:
            bind.execute(table.update().where(*(k == row[k.name] for k in keys)).values(**changes))


def _fold(text: str) -> str:
    """inspection.text.fold as of this revision."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def _refold_initiatives(bind, initiatives: sa.Table) -> None:
    parts = ("title", "description", "expected_effect", "measured_effect")
    c = initiatives.c
    for row in bind.execute(sa.select(c.id, c.search_text, *(c[p] for p in parts))).mappings().all():
        folded = _fold(" ".join(row[p] for p in parts if row[p]))
        if folded != row["search_text"]:
            bind.execute(initiatives.update().where(c.id == row["id"]).values(search_text=folded))


def upgrade():
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    metadata = sa.MetaData()
    metadata.reflect(bind)
    for table in metadata.tables.values():
        if table.name not in SKIPPED:
            _compose_table(bind, table, _unique_columns(inspector, table.name))
    _refold_initiatives(bind, metadata.tables["initiatives"])


def downgrade():
    """Nothing to undo: the previous revision reads composed text and this search text as well."""
