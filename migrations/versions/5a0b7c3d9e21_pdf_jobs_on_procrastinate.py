"""PDF jobs on Procrastinate: its schema (PostgreSQL only), the job failure
record, the comparison PDF cache; the old render request table dropped

On PostgreSQL this installs the schema of the Procrastinate version pinned in
requirements.lock (its tables, types and functions, all named procrastinate_*).
On SQLite there is no job engine: PDFs render in the request, so only the two
tables of our own are made. A later Procrastinate upgrade brings SQL migration
files of its own (procrastinate.schema.migrations_path): apply them in a new
migration of ours, on PostgreSQL only.

Requests still waiting in scorecard_pdf_request are not carried over: the
periodic render-ahead job renders every missing PDF of a submitted assessment,
and a draft's PDF is queued again the next time someone asks for it.

Revision ID: 5a0b7c3d9e21
Revises: c233064c2f45
Create Date: 2026-12-02 09:12:40.118302

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a0b7c3d9e21'
down_revision = 'c233064c2f45'
branch_labels = None
depends_on = None

# Everything Procrastinate's schema creates, for the downgrade (tables first:
# dropping them drops their triggers and indexes).
ENGINE_TABLES = ('procrastinate_events', 'procrastinate_periodic_defers', 'procrastinate_jobs',
                 'procrastinate_workers')
ENGINE_TYPES = ('procrastinate_job_to_defer_v1', 'procrastinate_job_event_type', 'procrastinate_job_status')


def _on_postgresql() -> bool:
    return op.get_bind().dialect.name == 'postgresql'


def upgrade():
    op.create_table('pdf_job_failure',
    sa.Column('job_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('task_name', sa.String(length=128), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('failed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('job_id', name=op.f('pk_pdf_job_failure'))
    )
    op.create_table('comparison_pdf',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_comparison_pdf'))
    )
    with op.batch_alter_table('comparison_pdf', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comparison_pdf_created_at'), ['created_at'], unique=False)

    op.drop_table('scorecard_pdf_request')

    if _on_postgresql():
        from procrastinate.schema import SchemaManager

        # Straight to psycopg, which runs the many statements of the schema as
        # they are (no placeholders, no bind parameters), in this migration's transaction.
        op.get_bind().connection.driver_connection.execute(SchemaManager.get_schema())


def downgrade():
    if _on_postgresql():
        driver = op.get_bind().connection.driver_connection
        for table in ENGINE_TABLES:
            driver.execute(f'DROP TABLE IF EXISTS {table} CASCADE')
        # The functions, whatever their arguments (the schema has several versions of some).
        driver.execute("""
            DO $$ DECLARE f record; BEGIN
              FOR f IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
                       JOIN pg_namespace n ON n.oid = p.pronamespace
                       WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\\_%'
              LOOP EXECUTE 'DROP FUNCTION ' || f.signature || ' CASCADE'; END LOOP;
            END $$""")
        for type_name in ENGINE_TYPES:
            driver.execute(f'DROP TYPE IF EXISTS {type_name} CASCADE')

    op.create_table('scorecard_pdf_request',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_scorecard_pdf_request_assessment_id_assessment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assessment_id', 'language', name=op.f('pk_scorecard_pdf_request'))
    )
    with op.batch_alter_table('comparison_pdf', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comparison_pdf_created_at'))

    op.drop_table('comparison_pdf')
    op.drop_table('pdf_job_failure')
