-- The locality commissioning plan (PLAN-1 to PLAN-6): a template of sections an administrator
-- edits without code, each group's plan for a financial year written section by section, versions
-- sent for sign-off and frozen, signatures, the incentive trigger, business cases with their
-- financial model, milestones, roles and responsibilities, and the locality's project portfolio.
-- Money is integer pence.

-- A plan template (seed 004). Plans of a financial year use the latest template whose from_year is
-- not after it; a plan copies the template's sections when it is started, so changing a template
-- for next year never changes a plan already begun.
create table plan_template (
  id serial primary key,
  name text not null check (length(btrim(name)) between 1 and 200),
  from_year text not null check (from_year ~ '^[0-9]{4}/[0-9]{2}$'),
  introduction text not null default '',
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text not null,
  updated_at timestamptz not null default now(),
  unique (from_year)
);

-- The kinds of section: 'text' is written by people (Markdown, tables allowed); the others are
-- drawn live from the rest of the hub (with an optional text body beside them) and frozen with the
-- version: the group's practices, its governance, roles and responsibilities, business cases,
-- milestones, and the signature page.
create table plan_template_section (
  template_id integer not null references plan_template (id) on delete cascade,
  key text not null check (key ~ '^[0-9a-z][0-9a-z._-]{0,19}$'),
  part text not null check (length(btrim(part)) between 1 and 200),
  title text not null check (length(btrim(title)) between 1 and 300),
  guidance text not null default '',
  completed_by text not null check (completed_by in ('consortium', 'commissioner', 'both')),
  kind text not null default 'text' check (kind in ('text', 'practices', 'governance', 'responsibilities', 'business_cases', 'milestones', 'signoff')),
  sort_order integer not null,
  primary key (template_id, key)
);

-- One group's plan for one financial year. status: draft (editable), in_sign_off (version
-- `version` is with the signatories; nothing may change), signed (version `version` is fully
-- signed; a change needs a new version first).
create table plan (
  id serial primary key,
  group_code text not null references org_group (code),
  year text not null check (year ~ '^[0-9]{4}/[0-9]{2}$'),
  template_id integer not null references plan_template (id),
  title text not null check (length(btrim(title)) between 1 and 300),
  status text not null default 'draft' check (status in ('draft', 'in_sign_off', 'signed')),
  -- the version being drafted (draft) or with the signatories / signed (otherwise)
  version integer not null default 1 check (version >= 1),
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (group_code, year)
);

-- The plan's sections as being drafted (copied from the template when the plan began).
-- revision is the optimistic lock: an edit names the revision it started from.
create table plan_section (
  plan_id integer not null references plan (id),
  key text not null,
  part text not null,
  title text not null,
  guidance text not null default '',
  completed_by text not null check (completed_by in ('consortium', 'commissioner', 'both')),
  kind text not null check (kind in ('text', 'practices', 'governance', 'responsibilities', 'business_cases', 'milestones', 'signoff')),
  sort_order integer not null,
  body text not null default '' check (length(body) <= 200000),
  revision integer not null default 0,
  updated_by text,
  updated_at timestamptz,
  primary key (plan_id, key)
);

-- A version sent for sign-off: everything the signatories see, frozen (snapshot: sections with
-- their bodies and live parts drawn, business cases, milestones, responsibilities; figures: the
-- live figures as they were). Never changed: only its status moves on.
create table plan_version (
  plan_id integer not null references plan (id),
  version integer not null check (version >= 1),
  snapshot jsonb not null,
  figures jsonb not null,
  status text not null default 'in_sign_off' check (status in ('in_sign_off', 'signed', 'withdrawn')),
  sent_by text not null,
  sent_at timestamptz not null default now(),
  signed_at timestamptz,
  withdrawn_by text,
  withdrawn_at timestamptz,
  withdrawn_reason text,
  primary key (plan_id, version)
);

-- Who must sign (seed 004, section 10). Data: add or rename roles without code.
create table plan_signatory_role (
  code text primary key check (code ~ '^[a-z][a-z0-9_]{0,39}$'),
  label text not null,
  party text not null check (party in ('consortium', 'commissioner', 'joint')),
  sort_order integer not null
);
insert into plan_signatory_role (code, label, party, sort_order) values
  ('executive_chair', 'Consortium executive chair', 'consortium', 10),
  ('committee_chair', 'Joint commissioning committee chair', 'joint', 20),
  ('chief_executive', 'Commissioner chief executive', 'commissioner', 30);

-- Who holds each signatory role for a group.
create table plan_signatory (
  group_code text not null references org_group (code),
  role_code text not null references plan_signatory_role (code),
  user_id integer not null references app_user (id),
  assigned_by text not null,
  assigned_at timestamptz not null default now(),
  primary key (group_code, role_code)
);

-- A signature: the signed-in holder of the role, after re-entering the password. Never changed.
create table plan_signature (
  plan_id integer not null,
  version integer not null,
  role_code text not null references plan_signatory_role (code),
  user_id integer not null references app_user (id),
  signed_name text not null,
  signed_at timestamptz not null default now(),
  primary key (plan_id, version, role_code),
  foreign key (plan_id, version) references plan_version (plan_id, version)
);

-- The incentive trigger (FIN-6) fires once per plan: the first full sign-off records the
-- 'plan_signed_off' evidence for each practice of the group in allowance_evidence.
create table plan_incentive_trigger (
  plan_id integer primary key references plan (id),
  version integer not null,
  practices integer not null,
  fired_by text not null,
  fired_at timestamptz not null default now()
);

-- Roles and responsibilities (PLAN-4; seed 004, Appendix 4 part 3).
create table plan_responsibility (
  id serial primary key,
  plan_id integer not null references plan (id),
  party text not null check (party in ('commissioner', 'consortium', 'practices')),
  text text not null check (length(btrim(text)) between 1 and 2000),
  sort_order integer not null default 0
);

-- A proposed service change (PLAN-2; the appendix fields of seed 004).
create table business_case (
  id serial primary key,
  plan_id integer not null references plan (id),
  title text not null check (length(btrim(title)) between 1 and 300),
  outline text not null default '',
  benefit_to_patients text not null default '',
  patients_min integer check (patients_min >= 0),
  patients_max integer check (patients_max >= 0),
  patients_note text not null default '',
  evidence_of_effectiveness text not null default '',
  patient_support text not null default '',
  stakeholder_support text not null default '',
  costs text not null default '',
  upfront_investment_pence bigint not null default 0 check (upfront_investment_pence >= 0),
  freed_resources text not null default '',
  freed_resources_timescale text not null default '',
  links_to_priorities text not null default '',
  risks text not null default '',
  status text not null default 'idea' check (status in ('idea', 'proposed', 'approved', 'live', 'rejected', 'withdrawn')),
  sort_order integer not null default 0,
  revision integer not null default 0,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text not null,
  updated_at timestamptz not null default now(),
  check (patients_min is null or patients_max is null or patients_min <= patients_max)
);

-- The simple financial model: costs and released resources by year of the case (1 = first year).
create table business_case_year (
  business_case_id integer not null references business_case (id) on delete cascade,
  year_index smallint not null check (year_index between 1 and 10),
  cost_pence bigint not null default 0 check (cost_pence >= 0),
  released_pence bigint not null default 0 check (released_pence >= 0),
  primary key (business_case_id, year_index)
);

-- Approvals of a business case by each party its delegation level needs (ORG-4).
create table business_case_approval (
  business_case_id integer not null references business_case (id),
  party text not null check (party in ('consortium', 'commissioner')),
  user_id integer not null references app_user (id),
  note text not null default '',
  approved_at timestamptz not null default now(),
  primary key (business_case_id, party)
);

-- Deliverables and milestones (PLAN-3): "by [due_on] we will deliver [deliverable]". Payment
-- success criteria are milestones (triggers_payment), never savings. The wording is plan
-- content (frozen with a version); status and evidence are tracked through the year.
create table milestone (
  id serial primary key,
  plan_id integer not null references plan (id),
  business_case_id integer references business_case (id),
  due_on date not null,
  deliverable text not null check (length(btrim(deliverable)) between 1 and 1000),
  owner text not null default '',
  triggers_payment boolean not null default false,
  status text not null default 'not_started' check (status in ('not_started', 'in_progress', 'delivered', 'missed')),
  evidence text not null default '',
  sort_order integer not null default 0,
  updated_by text not null,
  updated_at timestamptz not null default now(),
  check (status <> 'delivered' or length(btrim(evidence)) > 0)
);

-- The locality's project portfolio (PLAN-6) and the benefits each should realise.
create table project (
  id serial primary key,
  group_code text not null references org_group (code),
  name text not null check (length(btrim(name)) between 1 and 200),
  description text not null default '',
  lead text not null default '',
  status text not null default 'proposed' check (status in ('proposed', 'active', 'completed', 'closed')),
  business_case_id integer references business_case (id),
  started_on date,
  created_by text not null,
  created_at timestamptz not null default now(),
  unique (group_code, name)
);

create table project_benefit (
  id serial primary key,
  project_id integer not null references project (id),
  horizon text not null check (horizon in ('short', 'medium', 'long')),
  description text not null check (length(btrim(description)) between 1 and 1000),
  measure text not null default '',
  baseline text not null default '',
  target text not null default '',
  due_on date,
  status text not null default 'expected' check (status in ('expected', 'on_track', 'at_risk', 'realised', 'not_realised')),
  sort_order integer not null default 0
);

-- Tracking: each reading of a benefit's measure.
create table benefit_update (
  id serial primary key,
  benefit_id integer not null references project_benefit (id),
  recorded_on date not null,
  value text not null check (length(btrim(value)) between 1 and 200),
  note text not null default '',
  recorded_by text not null,
  recorded_at timestamptz not null default now()
);

-- A signed (or sent) version cannot be changed by anyone, through any route: the database
-- refuses it, whatever the application does.
create function plan_version_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'Version % of plan % cannot be deleted', old.version, old.plan_id using errcode = 'check_violation';
  end if;
  if new.snapshot is distinct from old.snapshot or new.figures is distinct from old.figures
     or new.plan_id <> old.plan_id or new.version <> old.version then
    raise exception 'Version % of plan % is frozen', old.version, old.plan_id using errcode = 'check_violation';
  end if;
  if old.status <> 'in_sign_off' and new.status is distinct from old.status then
    raise exception 'Version % of plan % is % and cannot change', old.version, old.plan_id, old.status using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger plan_version_frozen before update or delete on plan_version
  for each row execute function plan_version_guard();

create function plan_signature_guard() returns trigger language plpgsql as $$
begin
  raise exception 'A signature cannot be changed or removed' using errcode = 'check_violation';
end $$;
create trigger plan_signature_frozen before update or delete on plan_signature
  for each row execute function plan_signature_guard();

-- Plan content (sections, responsibilities, business case wording, milestone wording) changes
-- only while the plan is a draft.
create function plan_content_guard() returns trigger language plpgsql as $$
declare
  target integer;
  plan_status text;
begin
  target := case when tg_op = 'DELETE' then old.plan_id else new.plan_id end;
  select status into plan_status from plan where id = target;
  if plan_status is distinct from 'draft' then
    raise exception 'Plan % is % and its content cannot change; start a new version first', target, plan_status using errcode = 'check_violation';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger plan_section_frozen before insert or update or delete on plan_section
  for each row execute function plan_content_guard();
create trigger plan_responsibility_frozen before insert or update or delete on plan_responsibility
  for each row execute function plan_content_guard();

-- Business cases and milestones: their wording is content; status, evidence (and a case's
-- approvals) are tracked whatever the plan's state.
create function plan_wording_guard() returns trigger language plpgsql as $$
declare
  plan_status text;
  changed boolean;
begin
  if tg_op = 'UPDATE' then
    if tg_table_name = 'business_case' then
      changed := (to_jsonb(new) - array['status', 'revision', 'updated_by', 'updated_at'])
        is distinct from (to_jsonb(old) - array['status', 'revision', 'updated_by', 'updated_at']);
    else
      changed := (to_jsonb(new) - array['status', 'evidence', 'updated_by', 'updated_at'])
        is distinct from (to_jsonb(old) - array['status', 'evidence', 'updated_by', 'updated_at']);
    end if;
    if not changed then return new; end if;
  end if;
  select status into plan_status from plan where id = case when tg_op = 'DELETE' then old.plan_id else new.plan_id end;
  if plan_status is distinct from 'draft' then
    raise exception 'Plan is % and its wording cannot change; start a new version first', plan_status using errcode = 'check_violation';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger business_case_frozen before insert or update or delete on business_case
  for each row execute function plan_wording_guard();
create trigger milestone_frozen before insert or update or delete on milestone
  for each row execute function plan_wording_guard();

create function business_case_year_guard() returns trigger language plpgsql as $$
declare
  plan_status text;
begin
  select p.status into plan_status from business_case b join plan p on p.id = b.plan_id
   where b.id = case when tg_op = 'DELETE' then old.business_case_id else new.business_case_id end;
  if plan_status is distinct from 'draft' and plan_status is not null then
    raise exception 'Plan is % and its business cases cannot change; start a new version first', plan_status using errcode = 'check_violation';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger business_case_year_frozen before insert or update or delete on business_case_year
  for each row execute function business_case_year_guard();
