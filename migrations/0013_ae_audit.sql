-- A&E audit sheets (REF-10): who completed an audit, and when (a completed audit is read-only).
alter table ae_audit add column completed_by text;
alter table ae_audit add column completed_at timestamptz;
alter table ae_audit add constraint ae_audit_completed_check
  check ((status = 'completed') = (completed_at is not null and completed_by is not null));
