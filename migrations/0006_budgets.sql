-- Practice budgets (FIN-2 to FIN-5, FIN-8): budget settings per financial year and service line,
-- drafted, reviewed and published in versions; each practice's historic spend, fair share and
-- budget; in-year variations; spend outside hospital activity; the scope devolved by phase; and
-- reinvestment proposals against savings. Money is integer pence throughout; fractions (pace of
-- change, floor, top slice, practice share) are numbers from 0 to 1, read to six decimal places.
-- This migration depends only on 0001-0004 (not on 0005's weights).

-- Which service lines (and, within them, which specialties) are devolved to practices or groups,
-- from which date. A setting for a year takes the scope in force on 1 April of that year: every
-- row devolved by then; `tfcs` null = all specialties of the line, else the treatment function
-- codes devolved (their union, when several rows are in force).
create table budget_scope (
  id serial primary key,
  service_line text not null check (service_line in ('elective', 'non_elective', 'outpatients', 'ae', 'prescribing', 'community', 'mental_health')),
  label text not null,
  tfcs jsonb,
  level text not null default 'practice' check (level in ('practice', 'group')),
  devolved_from date not null,
  unique (service_line, devolved_from, label)
);

-- The seed PCT's phasing (FIN-3): in year 1 (2025/26) six surgical specialties (general surgery
-- 100, urology 101, trauma and orthopaedics 110, ENT 120, ophthalmology 130, gynaecology 502) plus
-- general medicine (300) and elderly medicine (430) for hospital activity; everything by year 3
-- (2027/28). Edit the rows for another phasing.
insert into budget_scope (service_line, label, tfcs, level, devolved_from) values
  ('elective', 'Six surgical specialties, general and elderly medicine', '["100","101","110","120","130","502","300","430"]', 'practice', '2025-04-01'),
  ('outpatients', 'Six surgical specialties, general and elderly medicine', '["100","101","110","120","130","502","300","430"]', 'practice', '2025-04-01'),
  ('non_elective', 'Six surgical specialties, general and elderly medicine', '["100","101","110","120","130","502","300","430"]', 'practice', '2025-04-01'),
  ('elective', 'All specialties', null, 'practice', '2027-04-01'),
  ('outpatients', 'All specialties', null, 'practice', '2027-04-01'),
  ('non_elective', 'All specialties', null, 'practice', '2027-04-01'),
  ('ae', 'All A&E attendances', null, 'practice', '2027-04-01'),
  ('prescribing', 'All prescribing', null, 'practice', '2027-04-01'),
  ('community', 'All community services', null, 'group', '2027-04-01'),
  ('mental_health', 'All mental health services', null, 'group', '2027-04-01');

-- A budget setting: the parameters of one version of a year's budgets for one service line.
-- Draft → reviewed → published; publishing supersedes the version published before. A published
-- (or superseded) setting is never edited: in-year changes are variations, or a new version.
create table budget_setting (
  id serial primary key,
  year text not null check (year ~ '^[0-9]{4}/[0-9]{2}$'),
  service_line text not null check (service_line in ('elective', 'non_elective', 'outpatients', 'ae', 'prescribing', 'community', 'mental_health')),
  version integer not null check (version >= 1),
  status text not null default 'draft' check (status in ('draft', 'reviewed', 'published', 'superseded')),
  -- the whole service line for the year: practice budgets + the risk-pool top slice, exactly
  commissioner_total_pence bigint not null check (commissioner_total_pence >= 0),
  pace_of_change numeric(7, 6) not null check (pace_of_change between 0 and 1),
  -- the largest cut any practice may take, as a fraction of its historic spend (0.02 = 2%)
  floor_percent numeric(7, 6) not null check (floor_percent between 0 and 1),
  -- the practices' total less their historic total (negative: a reduction), as set
  growth_pence bigint not null,
  population_period date,
  phasing text not null default 'even' check (phasing in ('even', 'profile')),
  profile jsonb,
  -- risk pool (FIN-5): the share of the total held back, the cost per patient above which the
  -- excess falls to the pool (null = none), and how over- and under-spends are shared
  top_slice_percent numeric(7, 6) not null default 0 check (top_slice_percent between 0 and 1),
  high_cost_threshold_pence bigint check (high_cost_threshold_pence > 0),
  sharing_rule text not null default 'individual' check (sharing_rule in ('individual', 'group', 'group_with_pool')),
  -- savings (FIN-8): all to one pot, or split between practice and commissioner
  reinvestment_rule text not null default 'one_pot' check (reinvestment_rule in ('one_pot', 'split')),
  practice_share_percent numeric(7, 6) check (practice_share_percent between 0 and 1),
  -- where each practice's historic spend came from, and for which year
  historic_year text not null,
  historic_source text not null check (historic_source in ('activity', 'imported', 'mixed')),
  -- the scope in force for the year, as set: treatment function codes (null = all specialties)
  scope_tfcs jsonb,
  scope_level text not null default 'practice' check (scope_level in ('practice', 'group')),
  -- the version this one was made from, when it was
  based_on_id integer references budget_setting (id),
  notes text not null default '',
  created_by text not null,
  created_at timestamptz not null default now(),
  reviewed_by text,
  reviewed_at timestamptz,
  published_by text,
  published_at timestamptz,
  superseded_at timestamptz,
  unique (year, service_line, version),
  check (reinvestment_rule = 'one_pot' or practice_share_percent is not null)
);
-- At most one published version of a year's service line at a time.
create unique index budget_setting_published_idx on budget_setting (year, service_line) where status = 'published';

-- Each practice's line of a setting: historic spend, fair share (target) and budget, with the
-- practice's group as it was when set (group totals are the sums of these rows).
create table practice_budget (
  setting_id integer not null references budget_setting (id) on delete cascade,
  practice_code text not null references practice (code),
  group_code text not null,
  historic_pence bigint not null check (historic_pence >= 0),
  fair_share_pence bigint not null check (fair_share_pence >= 0),
  budget_pence bigint not null check (budget_pence >= 0),
  -- true when the floor, not the pace of change, decided the budget
  floor_applied boolean not null default false,
  primary key (setting_id, practice_code)
);
create index practice_budget_practice_idx on practice_budget (practice_code);

-- Historic spend per practice, year and service line: imported, or derived from priced activity.
create table historic_spend (
  practice_code text not null references practice (code),
  year text not null check (year ~ '^[0-9]{4}/[0-9]{2}$'),
  service_line text not null check (service_line in ('elective', 'non_elective', 'outpatients', 'ae', 'prescribing', 'community', 'mental_health')),
  amount_pence bigint not null check (amount_pence >= 0),
  source text not null check (source in ('imported', 'activity')),
  updated_by text not null,
  updated_at timestamptz not null default now(),
  primary key (practice_code, year, service_line)
);

-- Spend not in hospital activity (prescribing, community, mental health; or adjustments), by month.
create table other_spend (
  practice_code text not null references practice (code),
  year text not null check (year ~ '^[0-9]{4}/[0-9]{2}$'),
  month smallint not null check (month between 1 and 12),
  service_line text not null check (service_line in ('elective', 'non_elective', 'outpatients', 'ae', 'prescribing', 'community', 'mental_health')),
  amount_pence bigint not null,
  updated_by text not null,
  updated_at timestamptz not null default now(),
  primary key (practice_code, year, month, service_line)
);

-- An in-year change to a published practice budget, from a month (1 = April) to March.
create table budget_variation (
  id serial primary key,
  setting_id integer not null references budget_setting (id),
  practice_code text not null references practice (code),
  from_month smallint not null check (from_month between 1 and 12),
  amount_pence bigint not null check (amount_pence <> 0),
  reason text not null check (length(reason) > 0),
  method text not null check (method in ('allocation', 'transfer', 'correction', 'service_change', 'other')),
  recorded_by text not null,
  recorded_at timestamptz not null default now()
);
create index budget_variation_setting_idx on budget_variation (setting_id, practice_code);

-- What a group proposes to do with its savings, and the decision on it.
create table reinvestment_proposal (
  id serial primary key,
  year text not null check (year ~ '^[0-9]{4}/[0-9]{2}$'),
  group_code text not null references org_group (code),
  title text not null check (length(title) > 0),
  amount_pence bigint not null check (amount_pence > 0),
  status text not null default 'proposed' check (status in ('proposed', 'approved', 'rejected')),
  proposed_by text not null,
  proposed_at timestamptz not null default now(),
  decided_by text,
  decided_at timestamptz,
  notes text not null default ''
);
create index reinvestment_proposal_year_idx on reinvestment_proposal (year, group_code);
