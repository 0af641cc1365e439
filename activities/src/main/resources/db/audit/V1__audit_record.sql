-- SpecOps' audit trail (docs/operations.md "The audit trail"): one row per record, the fields
-- that are queried as columns, the whole record as jsonb. record_id is derived in workflow code
-- (or from the record's content), so a retried write inserts nothing twice.
CREATE TABLE audit_record (
  record_id   text        PRIMARY KEY,
  record_type text        NOT NULL,
  recorded_at timestamptz NOT NULL,
  service     text        NOT NULL,
  decision_id text,
  record      jsonb       NOT NULL
);
CREATE INDEX audit_record_service_time ON audit_record (service, recorded_at);
CREATE INDEX audit_record_type_time ON audit_record (record_type, recorded_at);
CREATE INDEX audit_record_decision ON audit_record (decision_id);
