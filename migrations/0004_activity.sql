-- Hospital activity (ACT-1 to ACT-7, REF-9): the national tariff, providers' returns priced and
-- attributed, contracts and their monitoring, and challenges. Money is integer pence throughout.

-- A practice that sends its referrals through the gateway from this date: its first outpatient
-- attendances from then on should match a gateway referral (a challenge rule, ACT-6).
alter table practice add column gateway_from date;

-- What an import added beyond its row counts (activity: lines unpriced, out of area, their cost),
-- and how many rows it set aside when asked to quarantine bad rows rather than refuse the file.
alter table import_run add column summary jsonb not null default '{}';
alter table import_run add column quarantined integer not null default 0;

-- tariff.csv: a price per financial year and point of delivery, optionally narrowed to a treatment
-- function and/or an HRG ('' = any). The most specific row prices a line (FORMATS.md).
create table tariff (
  year text not null check (year ~ '^[0-9]{4}/[0-9]{2}$'),
  pod text not null check (pod in ('OPFA', 'OPFU', 'OPPROC', 'DC', 'EL', 'NEL', 'AE')),
  tfc text not null default '',
  hrg text not null default '',
  price_pence integer not null check (price_pence >= 0),
  import_run_id integer references import_run (id),
  primary key (year, pod, tfc, hrg)
);

-- activity.csv: one line per attendance or admission, keyed by the provider's own id so that a
-- re-import or a corrected resubmission replaces the line rather than doubling it. The patient is
-- held only as the installation's keyed pseudonym (the referral gateway's), never the NHS number.
create table activity (
  provider_code text not null references provider (code),
  activity_id text not null,
  -- as the provider returned it: a practice outside the commissioner is kept, flagged out of area
  practice_code text not null,
  in_area boolean not null,
  patient_pseudo text not null,
  pod text not null check (pod in ('OPFA', 'OPFU', 'OPPROC', 'DC', 'EL', 'NEL', 'AE')),
  tfc text,
  hrg text,
  activity_date date not null,
  discharge_date date,
  year text not null,                       -- financial year of activity_date, e.g. 2025/26
  month smallint not null check (month between 1 and 12),   -- 1 = April
  primary_diagnosis text,                   -- ICD-10, dotted (M17.1)
  primary_procedure text,                   -- OPCS-4
  referral_source text check (referral_source in ('GP', 'C2C', 'AE', 'SELF', 'OTHER')),
  referral_id uuid,                         -- the gateway's referral id, when the provider returns it
  provider_price_pence integer,             -- what the provider charged
  tariff_price_pence integer,               -- national price x MFF; null = unpriced (no tariff row)
  tariff_basis text,                        -- the tariff row that priced it: pod+tfc+hrg, pod+hrg, pod+tfc or pod
  import_run_id integer not null references import_run (id),
  primary key (provider_code, activity_id)
);
create index activity_month_idx on activity (year, month, provider_code);
create index activity_practice_idx on activity (practice_code, year, month);
create index activity_patient_idx on activity (patient_pseudo, activity_date);

-- Rows set aside by an import run with quarantine on: the cells as read (the NHS number replaced
-- by its pseudonym) and every problem, so they can be corrected and sent again.
create table activity_quarantine (
  id bigserial primary key,
  import_run_id integer not null references import_run (id),
  row_number integer not null,
  cells jsonb not null,
  errors jsonb not null
);
create index activity_quarantine_run_idx on activity_quarantine (import_run_id, row_number);

-- Contracts (ACT-4): one per provider and financial year.
create table contract (
  id serial primary key,
  provider_code text not null references provider (code),
  year text not null check (year ~ '^[0-9]{4}/[0-9]{2}$'),
  reference text not null,
  -- how the year's plan is spread over months: evenly, or by twelve weights (April first)
  phasing text not null default 'even' check (phasing in ('even', 'profile')),
  profile jsonb,
  -- consultant-to-consultant first attendances are payable only when the contract allows them
  c2c_allowed boolean not null default false,
  updated_by text not null,
  updated_at timestamptz not null default now(),
  unique (provider_code, year)
);

-- Planned volume and value by point of delivery and specialty ('' = all specialties).
create table contract_line (
  contract_id integer not null references contract (id) on delete cascade,
  pod text not null check (pod in ('OPFA', 'OPFU', 'OPPROC', 'DC', 'EL', 'NEL', 'AE')),
  tfc text not null default '',
  planned_volume integer not null check (planned_volume >= 0),
  planned_value_pence bigint not null check (planned_value_pence >= 0),
  primary key (contract_id, pod, tfc)
);

-- The follow-up to first attendance ratio a contract pays for, per specialty ('' = any other).
create table contract_follow_up_cap (
  contract_id integer not null references contract (id) on delete cascade,
  tfc text not null default '',
  max_ratio numeric(6, 2) not null check (max_ratio > 0),
  primary key (contract_id, tfc)
);

create table contract_kpi (
  id serial primary key,
  contract_id integer not null references contract (id) on delete cascade,
  name text not null,
  -- the measure is met when (actual direction threshold): e.g. ">= 0.92" for 18-week waits
  direction text not null check (direction in ('>=', '<=')),
  threshold numeric not null,
  actual numeric,
  period text
);

-- In-year changes to a contract: dated, with their reason and the change in value.
create table contract_variation (
  id serial primary key,
  contract_id integer not null references contract (id) on delete cascade,
  effective_from date not null,
  reason text not null,
  value_change_pence bigint not null default 0,
  recorded_by text not null,
  recorded_at timestamptz not null default now()
);

-- Challenges (ACT-6): lines a rule says should not be paid (or should be looked at), with their
-- value. Rules re-run after each import; a challenge someone has acted on keeps its status.
create table challenge (
  id bigserial primary key,
  rule text not null check (rule in ('exact_duplicate', 'same_day_repeat', 'follow_up_ratio', 'c2c_first',
                                     'no_gateway_referral', 'prior_approval', 'readmission_30d')),
  provider_code text not null references provider (code),
  year text not null,
  month smallint not null,
  -- the line challenged; for follow_up_ratio, '' (the challenge is on a month's follow-ups)
  activity_id text not null default '',
  practice_code text,
  tfc text not null default '',
  value_pence bigint not null,
  detail jsonb not null default '{}',
  status text not null default 'open' check (status in ('open', 'accepted', 'withdrawn', 'agreed')),
  notes text not null default '',
  updated_by text,
  updated_at timestamptz,
  unique (rule, provider_code, year, month, activity_id, tfc)
);
create index challenge_provider_month_idx on challenge (provider_code, year, month);

-- Re-identification for case finding (ACT-7): the NHS number behind a pseudonym, sealed
-- (AES-256-GCM under a key derived from the installation's secret), opened only for the patient's
-- own registered practice, and every opening audited. Activity itself holds pseudonyms only.
create table patient_identity (
  patient_pseudo text primary key,
  practice_code text not null references practice (code),
  nhs_number_sealed text not null,
  updated_at timestamptz not null default now()
);
create index patient_identity_practice_idx on patient_identity (practice_code);

-- Monthly totals of activity by every dimension the monitoring views group by, kept by the
-- importer for each provider-month it touches (in the import's transaction), so that views over
-- millions of lines read thousands of rows. `activity` stays the truth; drill-downs read it.
create table activity_month_summary (
  year text not null,
  month smallint not null,
  provider_code text not null,
  practice_code text not null,
  in_area boolean not null,
  pod text not null,
  tfc text not null,                        -- '' where the line has none (A&E)
  priced boolean not null,
  lines integer not null,
  cost_pence bigint not null,               -- tariff price x MFF of the lines (0 when unpriced)
  provider_charged_pence bigint not null,
  primary key (year, month, provider_code, practice_code, in_area, pod, tfc, priced)
);
