-- Organisations (ORG-1) and registered population (ORG-2).
-- Levels are data (org_group.kind), never baked into column names.

create table commissioner (
  code text primary key,             -- ODS code of the PCT / CCG / ICB, e.g. QM7
  name text not null
);

create table org_group (
  code text primary key,             -- free code chosen by the commissioner
  name text not null,
  kind text not null default 'locality'
    check (kind in ('locality', 'consortium', 'federation', 'network')),
  commissioner_code text not null references commissioner (code)
);

create table practice (
  code text primary key check (code ~ '^[A-Z][0-9]{5}$'),
  name text not null,
  postcode text not null,
  group_code text not null references org_group (code),
  commissioner_code text not null references commissioner (code),
  updated_at timestamptz not null default now()
);
create index practice_group_idx on practice (group_code);

create table provider (
  code text primary key check (code ~ '^[A-Z0-9]{3,5}$'),
  name text not null,
  kind text not null
    check (kind in ('acute', 'community', 'mental_health', 'independent', 'primary_care')),
  mff numeric(8, 4) not null default 1 check (mff > 0),
  updated_at timestamptz not null default now()
);

-- One row per practice x period x sex x five-year age band, as NHS Digital publishes it.
create table population (
  practice_code text not null references practice (code),
  period date not null,
  sex text not null check (sex in ('M', 'F')),
  age_band text not null,
  patients integer not null check (patients >= 0),
  primary key (practice_code, period, sex, age_band)
);
create index population_period_idx on population (period);

-- Every import, successful or not: what was loaded, when, by whom, and how current the data is.
create table import_run (
  id serial primary key,
  kind text not null,
  file_name text not null,
  status text not null check (status in ('succeeded', 'failed')),
  rows_read integer not null default 0,
  inserted integer not null default 0,
  updated integer not null default 0,
  unchanged integer not null default 0,
  error_count integer not null default 0,
  errors jsonb not null default '[]',
  warnings jsonb not null default '[]',
  started_at timestamptz not null,
  finished_at timestamptz not null,
  actor text not null
);
