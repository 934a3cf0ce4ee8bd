-- Referral gateway (REF-1 to REF-7, REF-12): referrals, pathways, triage history, booking support.

-- A per-installation secret for pseudonymising patients (HMAC-SHA-256 of the NHS number), shared
-- by the referral gateway and activity imports so that the two can be matched without NHS numbers.
create table installation_secret (
  name text primary key,
  secret text not null,
  created_at timestamptz not null default now()
);
insert into installation_secret (name, secret) values ('patient_pseudonym', md5(random()::text || clock_timestamp()::text) || md5(random()::text || clock_timestamp()::text));

-- Community / Tier 2 / CATS services a reviewer can divert to.
create table community_service (
  code text primary key,
  name text not null,
  tfc text,                                   -- specialty it serves, when specific
  provider_code text references provider (code),
  description text not null default ''
);

-- Pathways (REF-3): criteria are data an administrator edits; see src/domain/referrals/pathway.ts.
create table pathway (
  code text primary key check (code ~ '^[a-z0-9][a-z0-9-]{1,40}$'),
  name text not null,
  tfc text not null,
  description text not null default '',
  criteria jsonb not null default '[]',
  active boolean not null default true,
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  updated_by text not null default 'system'
);

-- Procedures that need prior approval before a referral is forwarded (REF-12).
create table prior_approval_procedure (
  code text primary key,                      -- OPCS-4 or SNOMED CT code, as the commissioner lists it
  name text not null,
  tfc text,
  criteria text not null default ''
);

-- Read v2 to ICD-10 / SNOMED CT maps and local code lists, loaded by users (licensed: not shipped).
create table clinical_code (
  system text not null check (system in ('icd10', 'snomed', 'read2')),
  code text not null,
  display text not null,
  primary key (system, code)
);
create table code_map (
  source_system text not null,
  source_code text not null,
  target_system text not null,
  target_code text not null,
  primary key (source_system, source_code, target_system)
);

create table referral (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,             -- human reference, e.g. R-2025-000123
  source text not null check (source in ('web', 'fhir', 'bulk', 'demo')),
  practice_code text not null references practice (code),
  external_id text,                           -- the practice's own id
  idempotency_key text,                       -- Idempotency-Key header, unique per practice
  clinician text not null,
  -- Patient-identifiable: shown only to roles with patient.view, every view audited.
  nhs_number text not null check (nhs_number ~ '^[0-9]{10}$'),
  patient_pseudo text not null,
  family_name text not null,
  given_name text not null,
  birth_date date not null,
  sex text not null check (sex in ('male', 'female', 'other', 'unknown')),
  postcode text not null,
  -- Clinical
  tfc text not null,
  reason_system text not null check (reason_system in ('icd10', 'snomed', 'read2')),
  reason_code text not null,
  reason_display text,
  original_tfc text,                          -- set when a reviewer re-categorises (REF-5)
  original_reason_system text,
  original_reason_code text,
  priority text not null check (priority in ('routine', 'urgent', '2ww')),
  pathway_code text references pathway (code),
  clinical_info jsonb not null default '{}',  -- answers to pathway questions: tests, values, notes
  pathway_check jsonb not null default '[]',  -- each criterion met or missed, as at submission
  procedure_code text,                        -- the procedure asked for, when named
  referral_date date not null,
  -- Triage and booking
  status text not null,
  assigned_to text,                           -- reviewer username
  triage_due date,                            -- service level: triage by this working day
  diverted_to text references community_service (code),
  forwarded_to text references provider (code),
  advice text,
  booking_status text check (booking_status in ('to_book', 'patient_will_book', 'booked')),
  booked_date date,
  booked_provider text references provider (code),
  prior_approval_ref text,
  prior_approved_by text,
  prior_approved_at timestamptz,
  version integer not null default 1,         -- optimistic locking: two reviewers never silently overwrite
  received_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (practice_code, external_id),
  unique (practice_code, idempotency_key)
);
create index referral_practice_idx on referral (practice_code, received_at desc);
create index referral_status_idx on referral (status, triage_due);
create index referral_pseudo_idx on referral (patient_pseudo);
create index referral_nhs_idx on referral (nhs_number);

create table referral_choice (
  referral_id uuid not null references referral (id) on delete cascade,
  rank integer not null check (rank >= 1),
  provider_code text not null references provider (code),
  primary key (referral_id, rank)
);

-- Every transition and decision, with who, when and why.
create table referral_event (
  id bigserial primary key,
  referral_id uuid not null references referral (id) on delete cascade,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  from_status text,
  to_status text,
  reason text,
  details jsonb not null default '{}'
);
create index referral_event_referral_idx on referral_event (referral_id, id);

create table referral_attachment (
  id uuid primary key default gen_random_uuid(),
  referral_id uuid not null references referral (id) on delete cascade,
  file_name text not null,
  content_type text not null check (content_type in ('application/pdf', 'image/png', 'image/jpeg')),
  size_bytes integer not null check (size_bytes > 0),
  sha256 text not null,
  content bytea not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now()
);

-- Referral-centre contact attempts with patients who cannot book (REF-6).
create table booking_contact (
  id bigserial primary key,
  referral_id uuid not null references referral (id) on delete cascade,
  at timestamptz not null default now(),
  actor text not null,
  method text not null check (method in ('phone', 'letter', 'email', 'text', 'in_person')),
  outcome text not null,
  note text not null default ''
);

-- Outcomes the practice sees in the app.
create table notification (
  id bigserial primary key,
  practice_code text not null references practice (code),
  referral_id uuid references referral (id) on delete cascade,
  at timestamptz not null default now(),
  message text not null,
  read_at timestamptz
);
create index notification_practice_idx on notification (practice_code, at desc);

create sequence referral_reference_seq;
