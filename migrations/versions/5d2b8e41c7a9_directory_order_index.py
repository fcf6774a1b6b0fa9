"""directory order index: name, state, id

The public directory reads a page's places off this index, in its order,
before joining their scores; it replaces the index on name alone, which it
begins with.

Revision ID: 5d2b8e41c7a9
Revises: 8ee367713e97
Create Date: 2026-11-21 16:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5d2b8e41c7a9'
down_revision = '8ee367713e97'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('jurisdiction', schema=None) as batch_op:
        batch_op.create_index('ix_jurisdiction_directory_order', ['name', 'state', 'id'], unique=False)
        batch_op.drop_index('ix_jurisdiction_name')


def downgrade():
    with op.batch_alter_table('jurisdiction', schema=None) as batch_op:
        batch_op.create_index('ix_jurisdiction_name', ['name'], unique=False)
        batch_op.drop_index('ix_jurisdiction_directory_order')
