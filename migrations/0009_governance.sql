-- Governance (ORG-3 to ORG-6): each group's bodies (council of one member per practice, board,
-- medical directors, executive committee, directors, leads, the commissioner's support team),
-- their members and meetings; the delegation level per function that decides who may approve what
-- in the hub; declarations of interest; and the decisions log with votes and recusals.

create table gov_body (
  id serial primary key,
  group_code text not null references org_group (code),
  kind text not null check (kind in ('council', 'board', 'medical_directors', 'executive', 'directors', 'leads', 'commissioner_support', 'other')),
  name text not null check (length(btrim(name)) between 1 and 200),
  cadence text not null default '',
  terms_of_reference text not null default '',
  created_by text not null,
  created_at timestamptz not null default now(),
  unique (group_code, name)
);

-- A member of a body. user_id links the person to their account when they have one (needed for
-- their votes and declarations to follow them); the council has one member per practice.
create table gov_member (
  id serial primary key,
  body_id integer not null references gov_body (id),
  person_name text not null check (length(btrim(person_name)) between 1 and 200),
  user_id integer references app_user (id),
  practice_code text references practice (code),
  role text not null default 'member' check (length(btrim(role)) between 1 and 100),
  discipline text not null default '',
  sessions_per_week numeric(4, 1) check (sessions_per_week >= 0),
  term_start date,
  term_end date,
  check (term_end is null or term_start is null or term_end >= term_start)
);
create index gov_member_body_idx on gov_member (body_id);

create table gov_meeting (
  id serial primary key,
  body_id integer not null references gov_body (id),
  held_on date not null,
  title text not null check (length(btrim(title)) between 1 and 300),
  location text not null default '',
  status text not null default 'planned' check (status in ('planned', 'held', 'cancelled')),
  notes text not null default '',
  created_by text not null,
  created_at timestamptz not null default now()
);

-- The functions the hub knows how to approve, and the co-commissioning level each group holds
-- for each (ORG-4): A advisory (the body recommends; the commissioner decides), B joint (both
-- approve), C delegated (the body decides).
create table gov_function (
  code text primary key check (code ~ '^[a-z][a-z0-9_.]{0,59}$'),
  name text not null,
  description text not null default '',
  sort_order integer not null
);
insert into gov_function (code, name, description, sort_order) values
  ('plan.approve', 'Approve the commissioning plan', 'Sending the locality commissioning plan for sign-off', 10),
  ('business_case.approve', 'Approve a business case', 'Moving a proposed service change to approved', 20),
  ('budget.approve', 'Approve practice budgets', 'Agreeing indicative practice budgets for the year', 30),
  ('reinvestment.approve', 'Approve reinvestment of savings', 'Agreeing how freed-up resources are reinvested', 40),
  ('invoice.approve', 'Approve invoices against held DES funds', 'The held 25% of DES payments', 50),
  ('contract.vary', 'Vary a provider contract', 'Contract variations with providers', 60);

create table gov_delegation (
  group_code text not null references org_group (code),
  function_code text not null references gov_function (code),
  category text not null check (category in ('A', 'B', 'C')),
  body_id integer references gov_body (id),
  set_by text not null,
  set_at timestamptz not null default now(),
  primary key (group_code, function_code)
);

-- A declaration of interest (ORG-5): by a member (or a user), about a subject the hub can
-- recognise on a decision: a provider, a practice, a business case, a project, or a topic.
create table coi_declaration (
  id serial primary key,
  group_code text not null references org_group (code),
  member_id integer references gov_member (id),
  user_id integer references app_user (id),
  person_name text not null check (length(btrim(person_name)) between 1 and 200),
  kind text not null check (kind in ('financial', 'non_financial_professional', 'non_financial_personal', 'indirect')),
  interest text not null check (length(btrim(interest)) between 1 and 2000),
  subject_kind text not null check (subject_kind in ('provider', 'practice', 'business_case', 'project', 'topic')),
  subject_ref text not null check (length(btrim(subject_ref)) between 1 and 200),
  declared_on date not null,
  ends_on date,
  recorded_by text not null,
  recorded_at timestamptz not null default now(),
  check (member_id is not null or user_id is not null),
  check (ends_on is null or ends_on >= declared_on)
);

-- The decisions log (ORG-6): what was decided, by which body, when, with which papers, and what
-- it touches (subjects, matched against declarations of interest).
create table gov_decision (
  id serial primary key,
  body_id integer not null references gov_body (id),
  meeting_id integer references gov_meeting (id),
  decided_on date not null,
  title text not null check (length(btrim(title)) between 1 and 300),
  text text not null default '',
  outcome text not null default 'approved' check (outcome in ('approved', 'rejected', 'deferred', 'noted')),
  papers text not null default '',
  function_code text references gov_function (code),
  plan_id integer references plan (id),
  business_case_id integer references business_case (id),
  budget_year text check (budget_year ~ '^[0-9]{4}/[0-9]{2}$'),
  recorded_by text not null,
  recorded_at timestamptz not null default now()
);

create table gov_decision_subject (
  decision_id integer not null references gov_decision (id),
  subject_kind text not null check (subject_kind in ('provider', 'practice', 'business_case', 'project', 'topic')),
  subject_ref text not null,
  primary key (decision_id, subject_kind, subject_ref)
);

-- A member's vote. A member with a declared interest in one of the decision's subjects can only
-- be recorded as recused (the application refuses any other vote, naming the declaration).
create table gov_vote (
  decision_id integer not null references gov_decision (id),
  member_id integer not null references gov_member (id),
  vote text not null check (vote in ('for', 'against', 'abstain', 'recused')),
  reason text not null default '',
  recorded_by text not null,
  recorded_at timestamptz not null default now(),
  primary key (decision_id, member_id)
);
