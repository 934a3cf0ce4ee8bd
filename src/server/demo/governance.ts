/**
 * The demo's governance (ORG-3 to ORG-6) for every demo group: a council of one GP per practice,
 * a board of six GPs (from the council) plus a commissioner director, six medical directors with
 * their sessions per week, the executive committee, directors and leads of seed 004 (section 2)
 * and the commissioner's support team (section 3.2); delegation levels; three declarations of
 * interest (one financial, in a demo provider, and one ended); three meetings and three decisions,
 * one of them with a recusal. The demo users exec-chair, committee-chair and board are linked to
 * their board seats, so their own declarations follow them.
 *
 * Idempotent: a group that has any body already is left as it is (so a second load changes
 * nothing, and nothing edited since is touched). Groups are written in chunks, each in one
 * transaction with multi-row inserts, and audited once as demo.governance.
 */
import type { Db, Tx } from '../../db/database.js';
import type { GovBodyKind } from '../../db/schema.js';
import { financialMonthOf } from '../../domain/activity/financial-year.js';
import { encodePapers } from '../../domain/governance/decisions.js';
import type { InterestKind, SubjectKind, Vote } from '../../domain/governance/interests.js';
import { recordAudit } from '../audit/audit-log.js';

export interface DemoGovernanceSummary { groups: number; bodies: number; members: number; meetings: number; decisions: number; votes: number; declarations: number }

const dayOffset = (today: string, days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The board's GPs (seed 004's executive committee), each also their practice's council member. */
const BOARD_GPS = [
  { name: 'Dr Mary McMinn', role: 'Chair', username: 'exec-chair', discipline: 'GP, finance' },
  { name: 'Dr Paul Heatley', role: 'Vice chair', username: 'committee-chair', discipline: 'GP' },
  { name: 'Dr Richard Walker', role: 'Member', username: 'board', discipline: 'GP' },
  { name: 'Dr Avi Gupta', role: 'Member', username: null, discipline: 'GP, dermatology' },
  { name: 'Dr Meena Savla', role: 'Member', username: null, discipline: 'GP' },
  { name: 'Dr Corina Ciobanu', role: 'Member', username: null, discipline: 'GP' },
] as const;

const COMMISSIONER_DIRECTOR = { name: 'Helen Marsh', role: 'Commissioner director', discipline: 'Director of Commissioning' };

/** Seed 000: six medical directors, selected from the council for the review function, one session a week each. */
const MEDICAL_DIRECTORS = [
  { name: 'Dr Jeremy Cohen', discipline: 'Referral review: orthopaedics and rheumatology', sessions: 1 },
  { name: 'Dr Trevor Fernandes', discipline: 'Referral review: cardiology', sessions: 1 },
  { name: 'Dr Richard Gallow', discipline: 'Referral review: ENT and audiology', sessions: 1 },
  { name: 'Dr G Bulger', discipline: 'Referral review: gynaecology', sessions: 0.5 },
  { name: 'Dr Avi Gupta', discipline: 'Referral review: dermatology', sessions: 1.5 },
  { name: 'Dr Meena Savla', discipline: 'Prescribing and medicines management', sessions: 1 },
];

/** Seed 004, section 2.2 (Mr Mark Jones in the chair). */
const EXECUTIVE = [
  'Dr G Bulger', 'Dr Corina Ciobanu', 'Dr Jeremy Cohen', 'Dr Trevor Fernandes', 'Dr Richard Gallow', 'Dr Avi Gupta', 'Dr Paul Heatley',
  'Mr Mark Jones', 'Dr Mary McMinn', 'Dr Meena Savla', 'Dr Richard Walker',
];

/** Seed 004, sections 2.1 and 2.3. */
const DIRECTORS = [{ name: 'Mr Mark Jones', role: 'Director', discipline: 'Company Secretary' }, { name: 'Dr Mary McMinn', role: 'Director', discipline: 'Finance' }];
const LEADS = [
  { name: 'Dr Jeremy Cohen', role: 'Lead', discipline: 'Clinical lead' },
  { name: 'Mr Mark Jones', role: 'Lead', discipline: 'Managerial lead' },
  { name: 'Dr Mary McMinn', role: 'Lead', discipline: 'Managerial lead' },
];

/** Seed 004, section 3.2: the commissioner's staff named to support the consortium. */
const SUPPORT_TEAM = [
  { name: 'John Phipps', role: 'Lead', discipline: 'Leads the commissioner’s team' },
  { name: 'Lynn Dalton', role: 'Support', discipline: 'Unscheduled care support' },
  { name: 'Mitali Begum', role: 'Support', discipline: 'Scheduled care support' },
  { name: 'Pat Potts', role: 'Support', discipline: 'Data and information support' },
];

const FIRST_NAMES = ['Sarah', 'James', 'Priya', 'Tom', 'Aisha', 'David', 'Fiona', 'Kwame', 'Helen', 'Rajesh', 'Claire', 'Owen', 'Nadia', 'Peter', 'Grace', 'Imran', 'Lucy', 'Hugh', 'Yasmin'];
const SURNAMES = ['Barker', 'Chaudhry', 'Dawson', 'Ellis', 'Fraser', 'Goodwin', 'Hussain', 'Iqbal', 'Jennings', 'Kaur', 'Lloyd', 'Mensah', 'Nolan', 'Osei', 'Palmer', 'Quinn', 'Reid', 'Shah', 'Turner', 'Varma', 'Whitfield', 'Young', 'Zaman'];
/** A GP's name for the i-th practice of the demo: 19 × 23 different names before any repeats. */
const councilName = (i: number) => `Dr ${FIRST_NAMES[i % FIRST_NAMES.length]} ${SURNAMES[(i * 7 + 3) % SURNAMES.length]}`;

const BODIES: { kind: GovBodyKind; suffix: string; cadence: string; terms: string }[] = [
  { kind: 'council', suffix: 'council', cadence: 'Quarterly, evening', terms: 'One member for each practice of the locality. Elects the board, receives the commissioning plan and the annual report, and holds the board to account.' },
  { kind: 'board', suffix: 'board', cadence: 'Monthly, as the executive', terms: 'Six GPs selected from the council and a director of the commissioner. Takes the decisions the commissioner has delegated or shares, approves business cases and invoices against held DES funds, and signs the commissioning plan.' },
  { kind: 'medical_directors', suffix: 'medical directors', cadence: 'Fortnightly', terms: 'Six GPs selected from the council for the review function: referral review, pathways and prescribing. One session a week each.' },
  { kind: 'executive', suffix: 'executive committee', cadence: 'Monthly', terms: 'Runs the consortium between board meetings (seed plan, section 2.2).' },
  { kind: 'directors', suffix: 'directors', cadence: 'As needed', terms: 'The company’s directors and their disciplines (seed plan, section 2.1).' },
  { kind: 'leads', suffix: 'leads', cadence: 'As needed', terms: 'The consortium’s clinical and managerial leads (seed plan, section 2.3).' },
  { kind: 'commissioner_support', suffix: 'commissioner support team', cadence: 'Monthly, with the board', terms: 'The commissioner’s staff named to support the consortium (seed plan, section 3.2).' },
];

/** Delegation levels (seed 002's categories): budgets stay with the commissioner; invoices are delegated; the rest joint. */
const LEVELS: Record<string, 'A' | 'B' | 'C'> = {
  'plan.approve': 'B', 'business_case.approve': 'B', 'budget.approve': 'A', 'reinvestment.approve': 'B', 'invoice.approve': 'C', 'contract.vary': 'A',
};

interface GroupPlan { code: string; name: string; practices: { code: string; name: string }[]; index: number }

export async function loadDemoGovernance(db: Db, actor: string, options: { today?: string } = {}): Promise<DemoGovernanceSummary> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const groups = await db.selectFrom('org_group').select(['code', 'name']).orderBy('code').execute();
  const done = new Set((await db.selectFrom('gov_body').select('group_code').distinct().execute()).map((r) => r.group_code));
  const todo = groups.filter((g) => !done.has(g.code));
  const summary: DemoGovernanceSummary = { groups: 0, bodies: 0, members: 0, meetings: 0, decisions: 0, votes: 0, declarations: 0 };
  if (!todo.length) return summary;

  const practices = await db.selectFrom('practice').select(['code', 'name', 'group_code']).orderBy('code').execute();
  const practiceIndex = new Map(practices.map((p, i) => [p.code, i]));
  const providerRows = await db.selectFrom('provider').select(['code', 'name']).orderBy('code').execute();
  const providers = providerRows.map((p) => p.code);
  const providerNames = new Map(providerRows.map((p) => [p.code, p.name]));
  const users = new Map((await db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', ['exec-chair', 'committee-chair', 'board']).execute()).map((u) => [u.username, u.id]));
  const functions = (await db.selectFrom('gov_function').select('code').execute()).map((f) => f.code);
  const plans = await db.selectFrom('plan').select(['id', 'group_code', 'year']).execute();

  const plansOf: GroupPlan[] = todo.map((g, index) => ({ ...g, index, practices: practices.filter((p) => p.group_code === g.code) }));
  for (let i = 0; i < plansOf.length; i += 50) {
    const chunk = plansOf.slice(i, i + 50);
    await db.transaction().execute((tx) => loadChunk(tx, chunk, { today, practiceIndex, providers, providerNames, users, functions, plans, actor }, summary));
  }
  await recordAudit(db, { actor, action: 'demo.governance', entityType: 'org_group', entityId: todo.length === 1 ? todo[0]!.code : `${todo.length} groups`, details: { ...summary } });
  return summary;
}

interface Context {
  today: string;
  practiceIndex: Map<string, number>;
  providers: string[];
  providerNames: Map<string, string>;
  users: Map<string, number>;
  functions: string[];
  plans: { id: number; group_code: string; year: string }[];
  actor: string;
}

async function loadChunk(tx: Tx, groups: GroupPlan[], ctx: Context, summary: DemoGovernanceSummary) {
  const { today, actor } = ctx;
  const bodyRows = await tx.insertInto('gov_body').values(groups.flatMap((g) => BODIES.map((b) => ({
    group_code: g.code, kind: b.kind, name: `${g.name} ${b.suffix}`, cadence: b.cadence, terms_of_reference: b.terms, created_by: actor,
  })))).returning(['id', 'group_code', 'kind']).execute();
  const bodyId = (group: string, kind: GovBodyKind) => bodyRows.find((b) => b.group_code === group && b.kind === kind)!.id;

  // Terms: seated about a year ago for three years; the commissioner director's ends within 90 days.
  const termStart = dayOffset(today, -400);
  const termEnd = dayOffset(today, 3 * 365 - 400);
  type MemberValues = { body_id: number; person_name: string; user_id: number | null; practice_code: string | null; role: string; discipline: string; sessions_per_week: number | null; term_start: string | null; term_end: string | null };
  const members: (MemberValues & { group: string })[] = [];
  for (const g of groups) {
    const seat = (kind: GovBodyKind, person: string, extra: Partial<MemberValues> = {}) => members.push({
      group: g.code, body_id: bodyId(g.code, kind), person_name: person, user_id: null, practice_code: null, role: 'Member', discipline: '',
      sessions_per_week: null, term_start: termStart, term_end: termEnd, ...extra,
    });
    // The council: one GP per practice; the first six practices' GPs are the board's.
    g.practices.forEach((p, k) => {
      const gp = BOARD_GPS[k];
      seat('council', gp?.name ?? councilName(ctx.practiceIndex.get(p.code) ?? k), {
        practice_code: p.code, role: k === 0 ? 'Chair' : 'Member', user_id: gp?.username ? (ctx.users.get(gp.username) ?? null) : null,
      });
    });
    BOARD_GPS.forEach((gp, k) => seat('board', gp.name, {
      role: gp.role, discipline: gp.discipline, practice_code: g.practices[k]?.code ?? null, user_id: gp.username ? (ctx.users.get(gp.username) ?? null) : null,
    }));
    seat('board', COMMISSIONER_DIRECTOR.name, { role: COMMISSIONER_DIRECTOR.role, discipline: COMMISSIONER_DIRECTOR.discipline, term_end: dayOffset(today, 60) });
    MEDICAL_DIRECTORS.forEach((m) => seat('medical_directors', m.name, { role: 'Medical director', discipline: m.discipline, sessions_per_week: m.sessions }));
    EXECUTIVE.forEach((name) => seat('executive', name, { role: name === 'Mr Mark Jones' ? 'Chair' : 'Member' }));
    DIRECTORS.forEach((d) => seat('directors', d.name, { role: d.role, discipline: d.discipline }));
    LEADS.forEach((l) => seat('leads', l.name, { role: l.role, discipline: l.discipline }));
    SUPPORT_TEAM.forEach((s) => seat('commissioner_support', s.name, { role: s.role, discipline: s.discipline, term_start: null, term_end: null }));
  }
  const memberRows = await tx.insertInto('gov_member').values(members.map(({ group: _group, ...m }) => m)).returning(['id', 'body_id', 'person_name']).execute();
  const memberId = (group: string, kind: GovBodyKind, person: string) => memberRows.find((m) => m.body_id === bodyId(group, kind) && m.person_name === person)?.id ?? null;

  // Delegation: the board holds each function, at the levels above.
  await tx.insertInto('gov_delegation').values(groups.flatMap((g) => ctx.functions.filter((f) => LEVELS[f]).map((f) => ({
    group_code: g.code, function_code: f, category: LEVELS[f]!, body_id: bodyId(g.code, 'board'), set_by: actor,
  })))).onConflict((oc) => oc.columns(['group_code', 'function_code']).doNothing()).execute();

  // Declarations: a financial interest in a demo provider, a personal one in a topic, and one that has ended.
  const provider = ctx.providers.includes('RWG') ? 'RWG' : ctx.providers[0];
  const other = ctx.providers.find((p) => p !== provider) ?? null;
  const declarations: { group_code: string; member_id: number | null; user_id: number | null; person_name: string; kind: InterestKind; interest: string; subject_kind: SubjectKind; subject_ref: string; declared_on: string; ends_on: string | null; recorded_by: string }[] = [];
  for (const g of groups) {
    const decl = (person: string, kind: InterestKind, interest: string, subjectKind: SubjectKind, ref: string, declaredOn: string, endsOn: string | null = null, userId: number | null = null) => {
      declarations.push({
        group_code: g.code, member_id: memberId(g.code, 'board', person), user_id: userId, person_name: person, kind, interest,
        subject_kind: subjectKind, subject_ref: ref, declared_on: declaredOn, ends_on: endsOn, recorded_by: actor,
      });
    };
    if (provider) decl('Dr Avi Gupta', 'financial', 'Paid sessions as a GP with a special interest in dermatology at the trust’s outpatient clinic', 'provider', provider, dayOffset(today, -200));
    decl('Dr Richard Walker', 'non_financial_personal', 'Trustee of the local hospice', 'topic', 'End of life care', dayOffset(today, -300), null, ctx.users.get('board') ?? null);
    if (other) decl('Dr Corina Ciobanu', 'indirect', 'Spouse was a consultant at the provider (left last year)', 'provider', other, dayOffset(today, -500), dayOffset(today, -120));
  }
  if (declarations.length) await tx.insertInto('coi_declaration').values(declarations).execute();

  // Meetings: the board eight weeks ago, the council four weeks ago, the board again in three weeks.
  const boardHeld = dayOffset(today, -56);
  const councilHeld = dayOffset(today, -28);
  const meetingRows = await tx.insertInto('gov_meeting').values(groups.flatMap((g) => [
    { body_id: bodyId(g.code, 'board'), held_on: boardHeld, title: 'Board meeting', location: 'Locality office', status: 'held' as const, notes: 'Quorate: six of seven members present.', created_by: actor },
    { body_id: bodyId(g.code, 'council'), held_on: councilHeld, title: 'Council meeting', location: 'Postgraduate centre', status: 'held' as const, notes: 'Quarterly meeting of the council.', created_by: actor },
    { body_id: bodyId(g.code, 'board'), held_on: dayOffset(today, 21), title: 'Board meeting', location: 'Locality office', status: 'planned' as const, notes: '', created_by: actor },
  ])).returning(['id', 'body_id', 'held_on']).execute();
  const meetingId = (body: number, heldOn: string) => meetingRows.find((m) => m.body_id === body && m.held_on === heldOn)!.id;

  // Decisions: budgets (agreed), a dermatology pathway with the provider (Dr Gupta recused), the plan (noted by the council).
  const budgetYear = financialMonthOf(boardHeld).year;
  const decisions: { group: string; key: 'budget' | 'pathway' | 'plan'; body_id: number; meeting_id: number; decided_on: string; title: string; text: string; outcome: 'approved' | 'noted'; papers: string; function_code: string | null; plan_id: number | null; budget_year: string | null; recorded_by: string }[] = [];
  for (const g of groups) {
    const board = bodyId(g.code, 'board');
    const council = bodyId(g.code, 'council');
    decisions.push({
      group: g.code, key: 'budget', body_id: board, meeting_id: meetingId(board, boardHeld), decided_on: boardHeld, title: `Indicative practice budgets for ${budgetYear}`,
      text: 'The board recommended the indicative practice budgets set by pace of change towards fair shares; the commissioner decides (category A).',
      outcome: 'approved', papers: encodePapers([{ title: `Practice budgets ${budgetYear}`, link: '/budgets' }, { title: 'Fair shares by practice', link: '/budgets/fair-shares' }]),
      function_code: 'budget.approve', plan_id: null, budget_year: budgetYear, recorded_by: actor,
    });
    if (provider) {
      decisions.push({
        group: g.code, key: 'pathway', body_id: board, meeting_id: meetingId(board, boardHeld), decided_on: boardHeld, title: `Community dermatology pathway with ${provider}`,
        text: 'Routine dermatology referrals go to a community clinic run with the trust, with GP triage through the gateway.',
        outcome: 'approved', papers: encodePapers([{ title: 'Dermatology pathway proposal', link: null }, { title: 'Provider contracts', link: '/contracts' }]),
        function_code: 'contract.vary', plan_id: null, budget_year: null, recorded_by: actor,
      });
    }
    decisions.push({
      group: g.code, key: 'plan', body_id: council, meeting_id: meetingId(council, councilHeld), decided_on: councilHeld, title: 'The draft locality commissioning plan',
      text: 'The council received the draft plan and asked the board to take it to sign-off.', outcome: 'noted', papers: encodePapers([{ title: 'Draft commissioning plan', link: null }]),
      function_code: 'plan.approve', plan_id: ctx.plans.find((p) => p.group_code === g.code && p.year === financialMonthOf(councilHeld).year)?.id ?? null, budget_year: null, recorded_by: actor,
    });
  }
  const decisionRows = await tx.insertInto('gov_decision').values(decisions.map(({ group: _g, key: _k, ...d }) => d)).returning(['id', 'body_id', 'title']).execute();
  const decided = decisions.map((d) => ({ ...d, id: decisionRows.find((r) => r.body_id === d.body_id && r.title === d.title)!.id }));
  const pathways = decided.filter((d) => d.key === 'pathway');
  if (pathways.length) {
    await tx.insertInto('gov_decision_subject').values(pathways.flatMap((d) => [
      { decision_id: d.id, subject_kind: 'provider' as const, subject_ref: provider! },
      { decision_id: d.id, subject_kind: 'topic' as const, subject_ref: 'Dermatology' },
    ])).execute();
  }

  // Votes on the board's decisions: every board member for, except Dr Gupta on the pathway (recused) and one against.
  const votes: { decision_id: number; member_id: number; vote: Vote; reason: string; recorded_by: string }[] = [];
  for (const d of decided.filter((x) => x.key !== 'plan')) {
    const seats = memberRows.filter((m) => m.body_id === d.body_id);
    for (const m of seats) {
      let vote: Vote = 'for';
      let reason = '';
      if (d.key === 'pathway' && m.person_name === 'Dr Avi Gupta') {
        vote = 'recused';
        reason = `Declared interest: Dr Avi Gupta declared a financial interest in ${provider} (${ctx.providerNames.get(provider!) ?? provider}) on ${dayOffset(today, -200)}`;
      } else if (d.key === 'pathway' && m.person_name === 'Dr Corina Ciobanu') {
        vote = 'against';
        reason = 'Wants the waiting-time data first.';
      }
      votes.push({ decision_id: d.id, member_id: m.id, vote, reason, recorded_by: actor });
    }
  }
  if (votes.length) await tx.insertInto('gov_vote').values(votes).execute();

  summary.groups += groups.length;
  summary.bodies += bodyRows.length;
  summary.members += memberRows.length;
  summary.meetings += meetingRows.length;
  summary.decisions += decisionRows.length;
  summary.votes += votes.length;
  summary.declarations += declarations.length;
}
