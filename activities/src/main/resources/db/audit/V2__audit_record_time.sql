-- The readers' query without a service, type or decision (GET /api/v1/audit, specops audit) is
-- "since t, oldest first, the first n": this index answers it without sorting the whole table.
CREATE INDEX audit_record_time ON audit_record (recorded_at, record_id);
