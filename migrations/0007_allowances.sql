-- Allowances and incentives (FIN-6), DES payments and the invoices paid from their held share
-- (FIN-7), and the commissioning body's own running-cost budgets (FIN-9). Money is integer pence.
-- The arithmetic (what a practice earns, the 75/25 split, the pot) is in src/domain/budgets/.

-- A scheme of allowance or incentive. year '' holds the defaults (FIN-6); a financial year uses the
-- schemes of the latest year up to it that has schemes of its own, else the defaults. Editing a
-- year's scheme first copies the set it inherited into that year, so other years never change.
create table allowance_scheme (
  year text not null default '' check (year = '' or year ~ '^[0-9]{4}/[0-9]{2}$'),
  code text not null check (code ~ '^[a-z][a-z0-9_]{0,39}$'),
  name text not null check (length(btrim(name)) between 1 and 200),
  kind text not null check (kind in ('per_practice_recurrent', 'start_up', 'percent_of_service_budget', 'percent_of_allowance')),
  -- per_practice_recurrent and start_up: the amount per practice
  amount_pence bigint check (amount_pence >= 0),
  -- start_up: a practice joining in or after month late_from_month (1 = April) gets this instead
  late_joiner_amount_pence bigint check (late_joiner_amount_pence >= 0),
  late_from_month smallint check (late_from_month between 2 and 12),
  -- percent_of_service_budget and percent_of_allowance: the percentage, to two decimal places
  percent numeric(5, 2) check (percent > 0 and percent <= 100),
  -- percent_of_allowance: the scheme (same year) it is a percentage of
  of_scheme text,
  -- all must be met (allowance_evidence) for the scheme to pay
  conditions text[] not null default '{}'
    check (conditions <@ array['budget_held', 'locality_participation', 'plan_signed_off', 'milestones_met']::text[]),
  active boolean not null default true,
  sort_order integer not null default 0,
  updated_by text not null default 'migration',
  updated_at timestamptz not null default now(),
  primary key (year, code),
  foreign key (year, of_scheme) references allowance_scheme (year, code),
  check (of_scheme is null or of_scheme <> code),
  check (case kind
    when 'per_practice_recurrent' then amount_pence is not null and percent is null and of_scheme is null
      and late_joiner_amount_pence is null and late_from_month is null
    when 'start_up' then amount_pence is not null and percent is null and of_scheme is null
      and (late_joiner_amount_pence is null) = (late_from_month is null)
    when 'percent_of_service_budget' then percent is not null and amount_pence is null and of_scheme is null
      and late_joiner_amount_pence is null and late_from_month is null
    when 'percent_of_allowance' then percent is not null and of_scheme is not null and amount_pence is null
      and late_joiner_amount_pence is null and late_from_month is null
  end)
);

-- The defaults of FIN-6 (seed 001, "Commissioning allowance: how much?"). The conditions each is
-- tied to follow seed 001's "what it is for" slides and seed 004 (the plan's sign-off triggers the
-- incentive payment; success criteria are tied to milestones).
insert into allowance_scheme (year, code, name, kind, amount_pence, late_joiner_amount_pence, late_from_month, percent, of_scheme, conditions, sort_order) values
  ('', 'recurrent', 'Commissioning allowance (recurrent)', 'per_practice_recurrent', 500000, null, null, null, null,
    array['budget_held', 'locality_participation'], 10),
  ('', 'start_up', 'Start-up fee (non-recurrent)', 'start_up', 300000, 150000, 7, null, null,
    array['locality_participation'], 20),
  ('', 'service_change', 'Service change allowance', 'percent_of_service_budget', null, null, null, 2.00, null,
    array['plan_signed_off'], 30),
  ('', 'incentive', 'Incentive payment', 'percent_of_allowance', null, null, null, 20.00, 'service_change',
    array['plan_signed_off', 'milestones_met'], 40);

-- A practice taking part in commissioning in a financial year: from joined_on (which may be before
-- the year), until left_on when it leaves. The start-up fee is paid in the year the practice joins.
create table practice_participation (
  practice_code text not null references practice (code),
  year text not null check (year ~ '^[0-9]{4}/[0-9]{2}$'),
  joined_on date not null,
  left_on date check (left_on >= joined_on),
  updated_by text not null,
  updated_at timestamptz not null default now(),
  primary key (practice_code, year)
);

-- Whether a practice has met a condition in a year, and the evidence. One row per condition (the
-- latest word); every change is in the audit log with what it replaced.
create table allowance_evidence (
  practice_code text not null references practice (code),
  year text not null check (year ~ '^[0-9]{4}/[0-9]{2}$'),
  condition text not null check (condition in ('budget_held', 'locality_participation', 'plan_signed_off', 'milestones_met')),
  met boolean not null,
  evidence text not null default '',
  recorded_by text not null,
  recorded_at timestamptz not null default now(),
  primary key (practice_code, year, condition)
);

-- A DES payment to a practice: 75% paid direct, 25% held by the commissioner for invoices the
-- consortium approves (seed 004, Appendix 4). The split is worked out once, when the payment is
-- recorded (src/domain/budgets/des.ts: held = 25% rounded down, the odd penny to the practice),
-- and stored, so a later change of rule never rewrites a payment. group_code is the practice's
-- group when the payment was recorded: the pot it feeds.
create table des_payment (
  id bigserial primary key,
  practice_code text not null references practice (code),
  group_code text not null references org_group (code),
  year text not null check (year ~ '^[0-9]{4}/[0-9]{2}$'),
  description text not null check (length(btrim(description)) between 1 and 500),
  amount_pence bigint not null check (amount_pence > 0),
  paid_on date not null,
  direct_pence bigint not null check (direct_pence >= 0),
  held_pence bigint not null check (held_pence >= 0),
  recorded_by text not null,
  recorded_at timestamptz not null default now(),
  check (direct_pence + held_pence = amount_pence)
);
create index des_payment_year_idx on des_payment (year, group_code);

-- An invoice against a group's held pot, entered by the consortium (group only) or a practice
-- (practice_code set, group_code its group), approved or rejected by the consortium's board.
create table des_invoice (
  id bigserial primary key,
  group_code text not null references org_group (code),
  practice_code text references practice (code),
  year text not null check (year ~ '^[0-9]{4}/[0-9]{2}$'),
  supplier text not null check (length(btrim(supplier)) between 1 and 200),
  description text not null check (length(btrim(description)) between 1 and 2000),
  amount_pence bigint not null check (amount_pence > 0),
  submitted_by text not null,
  submitted_at timestamptz not null default now(),
  status text not null default 'submitted' check (status in ('submitted', 'approved', 'rejected', 'paid')),
  decided_by text,
  decided_at timestamptz,
  notes text not null default '',
  paid_by text,
  paid_at timestamptz,
  -- whoever approves is not whoever submitted (the service says so first, in words)
  check (decided_by is null or decided_by <> submitted_by),
  check ((status = 'submitted') = (decided_by is null)),
  check ((status = 'paid') = (paid_by is not null))
);
create index des_invoice_year_idx on des_invoice (year, group_code, status);

-- The commissioning body's own budgets (FIN-9): lines under headings (set-up, referral
-- management, executive …), each with its budget and what has been spent against it.
create table running_cost_line (
  id bigserial primary key,
  year text not null check (year ~ '^[0-9]{4}/[0-9]{2}$'),
  heading text not null check (length(btrim(heading)) between 1 and 200),
  line text not null check (length(btrim(line)) between 1 and 200),
  budget_pence bigint not null check (budget_pence >= 0),
  spent_pence bigint not null default 0 check (spent_pence >= 0),
  sort_order integer not null default 0,
  updated_by text not null,
  updated_at timestamptz not null default now(),
  unique (year, heading, line)
);
