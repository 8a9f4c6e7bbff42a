-- 003_grafana_reader.sql: a read-only login for Grafana. Runs after sql/001_tables.sql and
-- sql/002_views.sql (docker-entrypoint-initdb.d, in name order) as the owner of the sink tables,
-- the user the job writes with. Grafana can read every table and view of the schema, including
-- those the job creates later, and change nothing.
CREATE ROLE grafana LOGIN PASSWORD 'grafana';
GRANT CONNECT ON DATABASE analytics TO grafana;
GRANT USAGE ON SCHEMA public TO grafana;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO grafana;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO grafana;
