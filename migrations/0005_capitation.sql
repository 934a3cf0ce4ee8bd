-- Weighted capitation (FIN-1): weights.csv gives a relative cost per head for each service line,
-- sex and five-year age band (FORMATS.md "Capitation weights"). Service lines are data (elective,
-- non_elective, outpatients, ae, prescribing, community, mental_health, or any lower-case name).
-- A file must give all 40 sex x age-band cells of every service line it names, so importing a
-- line again replaces its weights whole; lines the file does not name are left as they are.
create table capitation_weight (
  service_line text not null check (service_line ~ '^[a-z][a-z0-9_]{0,39}$'),
  sex text not null check (sex in ('M', 'F')),
  age_band text not null check (age_band in (
    '0-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49',
    '50-54', '55-59', '60-64', '65-69', '70-74', '75-79', '80-84', '85-89', '90-94', '95+')),
  -- any positive scale: only the proportions between bands matter
  weight numeric(12, 6) not null check (weight > 0),
  -- the import that last changed the weight
  import_run_id integer references import_run (id),
  primary key (service_line, sex, age_band)
);
