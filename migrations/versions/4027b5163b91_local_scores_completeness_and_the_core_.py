"""local scores, completeness and the core gate in stored figures

Rows stored before method 2026.2 get empty new figures (and an empty list of
failing core items); `flask --app wsgi scores refresh` fills them, since
their questionnaire version is older than the content's.

Revision ID: 4027b5163b91
Revises: 5d2b8e41c7a9
Create Date: 2026-12-01 10:25:11.634950

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4027b5163b91'
down_revision = '5d2b8e41c7a9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assessment_score', schema=None) as batch_op:
        batch_op.add_column(sa.Column('protection_local_score', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('next_level_local_score', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('overall_local_score', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('protection_completeness', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('next_level_completeness', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('overall_completeness', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('core_met', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('core_failing', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('rescored_from', sa.String(length=40), nullable=True))

    with op.batch_alter_table('latest_published', schema=None) as batch_op:
        batch_op.add_column(sa.Column('protection_local_score', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('next_level_local_score', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('overall_local_score', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('core_met', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('questionnaire_version', sa.String(length=40), nullable=True))
        batch_op.create_index('ix_latest_published_protection_local', ['for_year', 'for_kind', 'protection_local_score'], unique=False)



def downgrade():
    with op.batch_alter_table('latest_published', schema=None) as batch_op:
        batch_op.drop_index('ix_latest_published_protection_local')
        batch_op.drop_column('questionnaire_version')
        batch_op.drop_column('core_met')
        batch_op.drop_column('overall_local_score')
        batch_op.drop_column('next_level_local_score')
        batch_op.drop_column('protection_local_score')

    with op.batch_alter_table('assessment_score', schema=None) as batch_op:
        batch_op.drop_column('rescored_from')
        batch_op.drop_column('core_failing')
        batch_op.drop_column('core_met')
        batch_op.drop_column('overall_completeness')
        batch_op.drop_column('next_level_completeness')
        batch_op.drop_column('protection_completeness')
        batch_op.drop_column('overall_local_score')
        batch_op.drop_column('next_level_local_score')
        batch_op.drop_column('protection_local_score')

