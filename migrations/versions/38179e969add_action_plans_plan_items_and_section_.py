"""action plans, plan items and section sign-offs

New tables only (no existing row changes): a plan per assessment series,
its items keyed on the question whose gap each closes, and the sign-offs of
sections (levers), kept after they are cleared.

Revision ID: 38179e969add
Revises: b12ab2039355
Create Date: 2026-12-01 17:53:37.858348

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '38179e969add'
down_revision = 'b12ab2039355'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('action_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('refreshed_from_id', sa.Integer(), nullable=False),
    sa.Column('refreshed_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_action_plan_created_by_id_user')),
    sa.ForeignKeyConstraint(['published_by_id'], ['user.id'], name=op.f('fk_action_plan_published_by_id_user')),
    sa.ForeignKeyConstraint(['refreshed_from_id'], ['assessment.id'], name=op.f('fk_action_plan_refreshed_from_id_assessment')),
    sa.ForeignKeyConstraint(['series_id'], ['assessment.id'], name=op.f('fk_action_plan_series_id_assessment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_plan')),
    sa.UniqueConstraint('series_id', name=op.f('uq_action_plan_series_id'))
    )
    op.create_table('section_sign_off',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('lever_id', sa.String(length=80), nullable=False),
    sa.Column('reviewer_name', sa.String(length=200), nullable=False),
    sa.Column('reviewer_title', sa.String(length=200), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('cleared_at', sa.DateTime(), nullable=True),
    sa.Column('cleared_by_id', sa.Integer(), nullable=True),
    sa.Column('cleared_by_question_id', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['cleared_by_id'], ['user.id'], name=op.f('fk_section_sign_off_cleared_by_id_user')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_section_sign_off_recorded_by_id_user')),
    sa.ForeignKeyConstraint(['series_id'], ['assessment.id'], name=op.f('fk_section_sign_off_series_id_assessment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_section_sign_off'))
    )
    with op.batch_alter_table('section_sign_off', schema=None) as batch_op:
        batch_op.create_index('ix_section_sign_off_series_lever', ['series_id', 'lever_id'], unique=False)

    op.create_table('plan_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=80), nullable=False),
    sa.Column('lever_id', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('core', sa.Boolean(), nullable=False),
    sa.Column('points_within_reach', sa.Float(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('decider_key', sa.String(length=40), nullable=True),
    sa.Column('decider_name', sa.String(length=200), nullable=True),
    sa.Column('target_date', sa.Date(), nullable=True),
    sa.Column('budget_note', sa.String(length=500), nullable=True),
    sa.Column('status', sa.String(length=20), server_default='not_started', nullable=False),
    sa.Column('assignee_name', sa.String(length=200), nullable=True),
    sa.Column('assignee_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assignee_user_id'], ['user.id'], name=op.f('fk_plan_item_assignee_user_id_user')),
    sa.ForeignKeyConstraint(['plan_id'], ['action_plan.id'], name=op.f('fk_plan_item_plan_id_action_plan')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_plan_item_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_item')),
    sa.UniqueConstraint('plan_id', 'question_id', name='uq_plan_item_plan_question')
    )
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_item_plan_id'), ['plan_id'], unique=False)



def downgrade():
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_item_plan_id'))

    op.drop_table('plan_item')
    with op.batch_alter_table('section_sign_off', schema=None) as batch_op:
        batch_op.drop_index('ix_section_sign_off_series_lever')

    op.drop_table('section_sign_off')
    op.drop_table('action_plan')
