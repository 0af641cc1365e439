-- SpecOps' own database for its audit trail, next to Temporal's on the compose PostgreSQL.
-- The worker creates and migrates its table (Flyway) at start. The password is for local use only.
CREATE ROLE specops LOGIN PASSWORD 'specops-local-only';
CREATE DATABASE specops OWNER specops;
