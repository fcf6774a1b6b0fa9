"""The open-data CSV's stored cells compressed with lz4 (PostgreSQL only)

assessment_score.csv_cells is decompressed for every row of every CSV
download; lz4 does it several times faster than PostgreSQL's default, pglz
(models/scores.py says what it measured). Rows written from now on use lz4;
rows already there keep pglz until they are written again (`flask --app wsgi
scores refresh` after the next content update), and both read the same.
A PostgreSQL without lz4 keeps the default. SQLite has no such setting.

Revision ID: 7c41d2a9b6e0
Revises: 5a0b7c3d9e21
Create Date: 2026-12-02 00:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '7c41d2a9b6e0'
down_revision = '5a0b7c3d9e21'
branch_labels = None
depends_on = None


def _set_compression(method: str) -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    # EXECUTE: the statement is parsed when run, so a server that cannot take it
    # (built without lz4, or older than 14) raises an error the block can catch.
    op.execute(
        "DO $$ BEGIN EXECUTE 'ALTER TABLE assessment_score ALTER COLUMN csv_cells SET COMPRESSION "
        f"{method}'; EXCEPTION WHEN feature_not_supported OR syntax_error THEN NULL; END $$"
    )


def upgrade():
    _set_compression('lz4')


def downgrade():
    _set_compression('pglz')
