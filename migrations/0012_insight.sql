-- Insight (REF-8, REF-10, REF-11, INFO-1, INFO-2): measures kept as versioned data, user-defined
-- groupings of practices, A&E audit sheets, practices' feedback on reviewers' decisions, and the
-- monthly feedback-pack job.

-- A measure an analyst can add without code: what is counted (numerator), per what (denominator),
-- whether it is age/sex standardised, which way is better, and why it matters. A change is a new
-- version; the latest version valid on a date is the one in force.
create table insight_measure (
  code text not null check (code ~ '^[a-z][a-z0-9_]{0,59}$'),
  version integer not null check (version >= 1),
  name text not null check (length(btrim(name)) between 1 and 200),
  -- { "events": "referrals" | "first_outpatient" | "follow_up" | "non_elective" | "ae_attendance" | ..., "tfc"?: [...], "pod"?: [...] }
  numerator jsonb not null,
  denominator text not null check (denominator in ('registered_patients', 'weighted_patients', 'first_outpatient')),
  per integer not null default 1000 check (per > 0),
  standardisation text not null default 'none' check (standardisation in ('none', 'indirect_age_sex')),
  direction text not null check (direction in ('lower_is_better', 'higher_is_better', 'no_judgement')),
  rationale text not null default '',
  valid_from date not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  primary key (code, version)
);

-- Any grouping of practices a user defines (a locality, a federation, a network, a reviewer's
-- caseload), usable wherever a practice or group is. Shared groupings are seen by everyone who
-- may see the practices; private ones by their owner.
create table practice_grouping (
  id serial primary key,
  name text not null check (length(btrim(name)) between 1 and 200),
  kind text not null default 'custom' check (kind in ('locality', 'federation', 'network', 'caseload', 'custom')),
  owner_user_id integer references app_user (id),
  shared boolean not null default true,
  created_by text not null,
  created_at timestamptz not null default now()
);

create table practice_grouping_member (
  grouping_id integer not null references practice_grouping (id) on delete cascade,
  practice_code text not null references practice (code),
  primary key (grouping_id, practice_code)
);

-- A&E audit sheets (REF-10): a practice audits its patients' A&E attendances over a period.
-- The patient is held as the gateway's pseudonym; the practice sees its own patients re-identified
-- through patient_identity, as case finding does.
create table ae_audit (
  id serial primary key,
  practice_code text not null references practice (code),
  title text not null check (length(btrim(title)) between 1 and 200),
  period_start date not null,
  period_end date not null check (period_end >= period_start),
  status text not null default 'open' check (status in ('open', 'completed')),
  created_by text not null,
  created_at timestamptz not null default now()
);

create table ae_audit_entry (
  id serial primary key,
  audit_id integer not null references ae_audit (id),
  patient_pseudo text not null,
  age_band text not null,
  sex text not null check (sex in ('M', 'F')),
  attended_at timestamptz not null,
  in_hours boolean not null,
  reason text not null check (length(btrim(reason)) between 1 and 500),
  -- could the practice (or another primary care service) have seen the patient instead?
  primary_care_could_see text not null check (primary_care_could_see in ('yes', 'no', 'unsure')),
  outcome text not null check (outcome in ('discharged', 'admitted', 'referred', 'left', 'other')),
  notes text not null default '',
  recorded_by text not null,
  recorded_at timestamptz not null default now()
);
create index ae_audit_entry_audit_idx on ae_audit_entry (audit_id);

-- A practice's feedback on a reviewer's decision (the "feedback" of REF-11's reviewer evidence).
create table referral_feedback (
  referral_id uuid not null references referral (id),
  practice_code text not null references practice (code),
  helpful text not null check (helpful in ('yes', 'partly', 'no')),
  comment text not null default '' check (length(comment) <= 2000),
  given_by text not null,
  given_at timestamptz not null default now(),
  primary key (referral_id)
);

-- The monthly practice feedback packs (REF-8): one job for every practice, with progress.
create table feedback_pack_run (
  id serial primary key,
  month date not null check (extract(day from month) = 1),
  status text not null default 'running' check (status in ('running', 'finished', 'failed', 'cancelled')),
  practices integer not null default 0,
  done integer not null default 0,
  error text,
  started_by text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);

create table feedback_pack (
  run_id integer not null references feedback_pack_run (id),
  practice_code text not null references practice (code),
  pdf bytea not null,
  created_at timestamptz not null default now(),
  primary key (run_id, practice_code)
);
