"""what evidence shows and how durable a protection is

Two optional ids per answer, from the questionnaire's evidence_kinds and
durability_levels; existing answers have neither (self-reported).

Revision ID: 8cfbd3e0d984
Revises: 4027b5163b91
Create Date: 2026-12-01 10:34:44.020181

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8cfbd3e0d984'
down_revision = '4027b5163b91'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence_shows', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('evidence_durability', sa.String(length=40), nullable=True))



def downgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('evidence_durability')
        batch_op.drop_column('evidence_shows')

