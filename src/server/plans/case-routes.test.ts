/**
 * Business cases, milestones and responsibilities through HTTP (PLAN-2, PLAN-3, PLAN-4): who may
 * write and approve what, the financial model, status moves, approval by delegation level, the
 * frozen rules (the application's 409 and the database trigger behind it), the payment link to
 * the allowances (FIN-6), and the audit trail.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { createTestPlan } from '../../testing/plans.js';

let t: TestApp;
let db: Db;
type Headers = Record<string, string>;
let board: Headers, commissioner: Headers, finance: Headers, practiceNorth: Headers, practiceSouth: Headers, reviewer: Headers, admin: Headers;
let planId: number;

interface CaseView {
  id: number; title: string; status: string; revision: number; patientsMin: number | null; patientsMax: number | null; outline: string;
  nextStatuses: string[]; upfrontInvestmentPence: number;
  model: { netTotalPence: number; payback: { kind: string; year?: number; month?: number }; paybackLabel: string; years: { cumulativePence: number }[] };
  approval: { category: string; needed: string[]; waitingFor: string[]; complete: boolean; message: string; approvals: { party: string; userName: string; note: string }[] };
  plan: { status: string; editable: boolean; frozenMessage: string | null };
}

const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload: unknown, headers: Headers) => t.app.inject({ method, url, headers, payload: payload as object });
const get = (url: string, headers: Headers) => t.app.inject({ url, headers });
const cases = (id = planId) => `/api/plans/${id}/business-cases`;
const setPlanStatus = (status: 'draft' | 'in_sign_off' | 'signed', version = 1) => db.updateTable('plan').set({ status, version }).where('id', '=', planId).execute();
const auditOf = (action: string) => db.selectFrom('audit_log').select(['actor', 'entity_id', 'details', 'outcome']).where('action', '=', action).orderBy('id').execute();

async function newCase(body: Record<string, unknown>, headers = board): Promise<CaseView> {
  const res = await send('POST', cases(), body, headers);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<CaseView>();
}

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  await buildOrgTree(db, { practices: ['E82001', 'E82002', 'E82003'], patientsPerBand: 0 }); // NORTH: E82001, E82003; SOUTH: E82002
  await createTestUser(db, 'board', 'board');
  await createTestUser(db, 'commissioner', 'commissioner');
  await createTestUser(db, 'finance', 'finance');
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'practice-e82002', 'practice', 'E82002');
  await createTestUser(db, 'reviewer', 'reviewer');
  await createTestUser(db, 'admin', 'admin');
  [board, commissioner, finance, practiceNorth, practiceSouth, reviewer, admin] = await Promise.all([
    t.signIn('board'), t.signIn('commissioner'), t.signIn('finance'), t.signIn('practice-e82001'), t.signIn('practice-e82002'), t.signIn('reviewer'), t.signIn('admin'),
  ]);
  planId = (await createTestPlan(db, { groupCode: 'NORTH' })).id;
});
afterAll(() => t.close());

describe('business cases', () => {
  it('adds a case with the appendix fields and works out its financial model', async () => {
    const c = await newCase({
      title: 'Reducing A&E attendances', outline: 'GPs to be first point of contact for walk-in A&E attendances',
      patientsMin: 2000, patientsMax: 6000, patientsNote: 'Need figures from the trust', upfrontInvestmentPence: 1_000_000,
      years: [{ yearIndex: 1, costPence: 2_000_000, releasedPence: 2_600_000 }, { yearIndex: 2, costPence: 2_000_000, releasedPence: 2_800_000 }],
    });
    expect(c).toMatchObject({ status: 'idea', revision: 0, patientsMin: 2000, patientsMax: 6000, nextStatuses: ['proposed', 'withdrawn'], plan: { editable: true } });
    expect(c.model.years.map((y) => y.cumulativePence)).toEqual([-400_000, 400_000]);
    expect(c.model).toMatchObject({ netTotalPence: 400_000, payback: { kind: 'pays_back', year: 2, month: 6 }, paybackLabel: 'Pays back in year 2, month 6 (18 months from the start)' });
    const list = await get(cases(), practiceNorth);
    expect(list.statusCode).toBe(200);
    expect(list.json<{ cases: CaseView[] }>().cases.map((x) => x.title)).toContain('Reducing A&E attendances');
    expect((await auditOf('case.create')).at(-1)).toMatchObject({ actor: 'board', entity_id: String(c.id), details: { planId, years: 2 } });
  });

  it('refuses a maximum below the minimum, naming patientsMax, on create and on update', async () => {
    const bad = await send('POST', cases(), { title: 'Frequent fliers', patientsMin: 40, patientsMax: 10 }, board);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ details: [{ field: 'body.patientsMax', message: expect.stringMatching(/at least the minimum \(40\)/) }] });
    const c = await newCase({ title: 'Frequent fliers', patientsMin: 40 });
    const update = await send('PUT', `${cases()}/${c.id}`, { revision: 0, patientsMax: 39 }, board);
    expect(update.statusCode).toBe(400);
    expect(update.json()).toMatchObject({ details: [{ field: 'body.patientsMax' }] });
    const negative = await send('POST', cases(), { title: 'X', upfrontInvestmentPence: -1 }, board);
    expect(negative.statusCode).toBe(400);
    expect(negative.json<{ details: { field: string }[] }>().details[0]!.field).toBe('body.upfrontInvestmentPence');
    const twice = await send('PUT', `${cases()}/${c.id}`, { revision: 0, years: [{ yearIndex: 1, costPence: 0, releasedPence: 0 }, { yearIndex: 1, costPence: 1, releasedPence: 0 }] }, board);
    expect(twice.json()).toMatchObject({ details: [{ field: 'body.years.1.yearIndex' }] });
  });

  it('locks by revision: a stale save is refused with 409 and changes nothing', async () => {
    const c = await newCase({ title: 'Outpatient efficiency' });
    const first = await send('PUT', `${cases()}/${c.id}`, { revision: 0, outline: 'Fewer hospital follow-ups', years: [{ yearIndex: 1, costPence: 100, releasedPence: 500 }] }, commissioner);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<CaseView>()).toMatchObject({ revision: 1, outline: 'Fewer hospital follow-ups', model: { netTotalPence: 400 } });
    const stale = await send('PUT', `${cases()}/${c.id}`, { revision: 0, outline: 'Something else' }, board);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'conflict', message: expect.stringMatching(/changed by commissioner/) });
    expect((await get(`${cases()}/${c.id}`, board)).json<CaseView>().outline).toBe('Fewer hospital follow-ups');
    expect((await auditOf('case.update')).at(-1)).toMatchObject({ actor: 'commissioner', details: { changed: ['outline', 'years'], fromRevision: 0, toRevision: 1 } });
  });

  it('lets plan writers of the plan’s group write, and nobody else', async () => {
    expect((await send('POST', cases(), { title: 'By a practice of the group' }, practiceNorth)).statusCode).toBe(201);
    expect((await send('POST', cases(), { title: 'By another group’s practice' }, practiceSouth)).statusCode).toBe(404);
    expect((await get(cases(), practiceSouth)).statusCode).toBe(404);
    expect((await send('POST', cases(), { title: 'Reviewer' }, reviewer)).statusCode).toBe(403);
    expect((await send('POST', cases(), { title: 'Admin' }, admin)).statusCode).toBe(403);
    expect((await get(cases(), admin)).statusCode).toBe(200);
    expect((await get(cases(9999), board)).statusCode).toBe(404);
    expect((await auditOf('plan.edit')).filter((a) => a.outcome === 'denied').map((a) => a.actor)).toContain('practice-e82002');
  });

  it('moves status only along the allowed paths, saying why not', async () => {
    const c = await newCase({ title: 'Status walk' });
    const live = await send('POST', `${cases()}/${c.id}/status`, { status: 'live', revision: 0 }, board);
    expect(live.statusCode).toBe(409);
    expect(live.json()).toMatchObject({ message: 'A case marked Idea cannot become Live; it can become Proposed or Withdrawn.' });
    const proposed = await send('POST', `${cases()}/${c.id}/status`, { status: 'proposed', revision: 0 }, board);
    expect(proposed.json<CaseView>()).toMatchObject({ status: 'proposed', revision: 1 });
    const approved = await send('POST', `${cases()}/${c.id}/status`, { status: 'approved', revision: 1 }, board);
    expect(approved.statusCode).toBe(409);
    expect(approved.json()).toMatchObject({ message: expect.stringMatching(/use Approve/) });
    expect((await auditOf('case.status')).at(-1)).toMatchObject({ details: { from: 'idea', to: 'proposed' } });
  });
});

describe('approval by delegation level', () => {
  it('at the default (category A) needs the commissioner alone; the consortium is told so', async () => {
    const c = await newCase({ title: 'Advisory case' });
    await send('POST', `${cases()}/${c.id}/status`, { status: 'proposed', revision: 0 }, board);
    const before = (await get(`${cases()}/${c.id}`, board)).json<CaseView>();
    expect(before.approval).toMatchObject({ category: 'A', needed: ['commissioner'], message: 'Waiting for the commissioner’s approval (category A: advisory)' });
    const byBoard = await send('POST', `${cases()}/${c.id}/approve`, { note: 'Recommended' }, board);
    expect(byBoard.statusCode).toBe(403);
    expect(byBoard.json()).toMatchObject({ message: 'At category A: advisory, business cases of this group are approved by the commissioner, not the consortium.' });
    const byCommissioner = await send('POST', `${cases()}/${c.id}/approve`, { note: 'Board paper 12' }, commissioner);
    expect(byCommissioner.statusCode, byCommissioner.body).toBe(200);
    expect(byCommissioner.json<CaseView>()).toMatchObject({ status: 'approved', approval: { complete: true, approvals: [{ party: 'commissioner', note: 'Board paper 12' }] } });
  });

  it('at category B needs both; says who is still to approve; refuses a second approval by the same party', async () => {
    await db.insertInto('gov_delegation').values({ group_code: 'NORTH', function_code: 'business_case.approve', category: 'B', set_by: 'test' }).execute();
    const c = await newCase({ title: 'Joint case' });
    const idea = await send('POST', `${cases()}/${c.id}/approve`, {}, board);
    expect(idea.statusCode).toBe(409);
    expect(idea.json()).toMatchObject({ message: expect.stringMatching(/Only a proposed case can be approved/) });
    await send('POST', `${cases()}/${c.id}/status`, { status: 'proposed', revision: 0 }, board);
    const first = await send('POST', `${cases()}/${c.id}/approve`, { note: 'Executive committee, 3 May' }, board);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<CaseView>()).toMatchObject({ status: 'proposed', approval: { category: 'B', waitingFor: ['commissioner'], message: 'Waiting for the commissioner’s approval (category B: joint)' } });
    expect((await send('POST', `${cases()}/${c.id}/approve`, {}, board)).statusCode).toBe(409);
    expect((await send('POST', `${cases()}/${c.id}/approve`, {}, practiceNorth)).statusCode).toBe(403);
    const second = await send('POST', `${cases()}/${c.id}/approve`, {}, commissioner);
    expect(second.json<CaseView>()).toMatchObject({ status: 'approved', approval: { complete: true, waitingFor: [], message: 'Approved by the consortium and the commissioner (category B: joint)' } });
    expect((await auditOf('case.approve')).filter((a) => a.outcome === 'ok').slice(-2).map((a) => [a.actor, (a.details as { party: string }).party])).toEqual([['board', 'consortium'], ['commissioner', 'commissioner']]);
    const live = await send('POST', `${cases()}/${c.id}/status`, { status: 'live', revision: second.json<CaseView>().revision }, board);
    expect(live.json<CaseView>()).toMatchObject({ status: 'live', approval: { complete: true } });
  });

  it('withdraws approvals given to a proposal whose wording then changes', async () => {
    const c = await newCase({ title: 'Changed after approval' });
    await send('POST', `${cases()}/${c.id}/status`, { status: 'proposed', revision: 0 }, board);
    await send('POST', `${cases()}/${c.id}/approve`, {}, board);
    const edited = await send('PUT', `${cases()}/${c.id}`, { revision: 1, outline: 'A different proposal' }, commissioner);
    expect(edited.json<CaseView>().approval).toMatchObject({ approvals: [], waitingFor: ['consortium', 'commissioner'] });
    expect((await auditOf('case.update')).at(-1)).toMatchObject({ details: { approvalsWithdrawn: ['consortium'] } });
  });
});

describe('a plan that is not a draft', () => {
  let caseId: number;
  beforeAll(async () => {
    caseId = (await newCase({ title: 'Frozen case', outline: 'As signed' })).id;
    await setPlanStatus('signed', 2);
  });
  afterAll(() => setPlanStatus('draft', 3));

  it('refuses wording changes with 409 and says to start a new version, but tracks status', async () => {
    const res = await send('PUT', `${cases()}/${caseId}`, { revision: 0, outline: 'Changed' }, board);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'plan_frozen', message: 'Version 2 is signed: start a new version to change it.' });
    expect((await send('POST', cases(), { title: 'New' }, board)).statusCode).toBe(409);
    const view = (await get(`${cases()}/${caseId}`, board)).json<CaseView>();
    expect(view.plan).toMatchObject({ status: 'signed', editable: false, frozenMessage: 'Version 2 is signed: start a new version to change it.' });
    const moved = await send('POST', `${cases()}/${caseId}/status`, { status: 'proposed', revision: 0 }, board);
    expect(moved.statusCode, moved.body).toBe(200);
  });

  it('is guarded by the database too: a direct update of the outline is refused, of the status is not', async () => {
    await expect(sql`update business_case set outline = 'Rewritten behind the app' where id = ${caseId}`.execute(db)).rejects.toThrow(/cannot change/);
    await expect(sql`insert into business_case_year (business_case_id, year_index) values (${caseId}, 1)`.execute(db)).rejects.toThrow(/cannot change/);
    await sql`update business_case set status = 'withdrawn' where id = ${caseId}`.execute(db);
    const row = await db.selectFrom('business_case').select(['outline', 'status']).where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(row).toEqual({ outline: 'As signed', status: 'withdrawn' });
  });

  it('says the version is with the signatories while it is in sign-off', async () => {
    await setPlanStatus('in_sign_off', 2);
    const res = await send('PUT', `${cases()}/${caseId}`, { revision: 0, outline: 'Changed' }, board);
    expect(res.json()).toMatchObject({ message: expect.stringMatching(/^Version 2 is with the signatories/) });
  });
});

interface MilestoneView { id: number; sentence: string; overdue: boolean; status: string; triggersPayment: boolean; evidence: string }
interface MilestoneList { milestones: MilestoneView[]; payment: { total: number; delivered: number; met: boolean }; today: string }
interface Report { practices: { practiceCode: string; evidence: { condition: string; met: boolean; evidence: string; recordedBy: string }[]; lines: { schemeCode: string; status: string; missing: string[] }[] }[] }

describe('milestones and the payment link', () => {
  const ms = () => `/api/plans/${planId}/milestones`;
  let payA: number, payB: number, other: number;

  const milestonesMet = async () => {
    const res = await get('/api/allowances?year=2026/27', finance);
    expect(res.statusCode).toBe(200);
    return Object.fromEntries(res.json<Report>().practices.map((p) => [p.practiceCode, p.evidence.find((e) => e.condition === 'milestones_met') ?? null]));
  };

  it('adds milestones in the plan’s words and flags the overdue ones', async () => {
    const created = await send('POST', ms(), { dueOn: '2020-06-30', deliverable: 'A GP triage rota in A&E', owner: 'Dr Gupta', triggersPayment: true }, board);
    expect(created.statusCode, created.body).toBe(201);
    payA = created.json<MilestoneView>().id;
    expect(created.json<MilestoneView>()).toMatchObject({ sentence: 'By 30 June 2020 we will deliver a GP triage rota in A&E.', overdue: true, status: 'not_started' });
    payB = (await send('POST', ms(), { dueOn: '2099-03-31', deliverable: 'Register of frequent fliers', triggersPayment: true }, practiceNorth)).json<MilestoneView>().id;
    other = (await send('POST', ms(), { dueOn: '2020-01-31', deliverable: 'Patient leaflet' }, commissioner)).json<MilestoneView>().id;
    const badCase = await send('POST', ms(), { dueOn: '2026-06-30', deliverable: 'X', businessCaseId: 999_999 }, board);
    expect(badCase.json()).toMatchObject({ details: [{ field: 'body.businessCaseId' }] });
    const badDate = await send('POST', ms(), { dueOn: '2026-02-30', deliverable: 'X' }, board);
    expect(badDate.json()).toMatchObject({ details: [{ field: 'body.dueOn', message: 'is not a real date' }] });
    const list = (await get(ms(), practiceNorth)).json<MilestoneList>();
    expect(list.milestones.map((m) => [m.id, m.overdue])).toEqual([[other, true], [payA, true], [payB, false]]);
    expect(list.payment).toEqual({ total: 2, delivered: 0, met: false });
  });

  it('needs evidence for delivered, and only milestone trackers record status', async () => {
    const none = await send('POST', `${ms()}/${payA}/track`, { status: 'delivered', evidence: '  ' }, board);
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ details: [{ field: 'body.evidence' }] });
    expect((await send('POST', `${ms()}/${payA}/track`, { status: 'in_progress' }, practiceNorth)).statusCode).toBe(403);
    expect((await send('POST', `${ms()}/${payA}/track`, { status: 'in_progress' }, finance)).statusCode).toBe(403);
  });

  it('records milestones_met for every practice of the group once all payment milestones are delivered, and takes it back after', async () => {
    const first = await send('POST', `${ms()}/${payA}/track`, { status: 'delivered', evidence: 'Rota published 1 June' }, board);
    expect(first.json()).toMatchObject({ milestone: { overdue: false, status: 'delivered' }, payment: { delivered: 1, met: false }, paymentEvidenceRecorded: 0 });
    expect((await milestonesMet()).E82001).toBeNull();
    // delivering a milestone that does not trigger payment changes nothing
    await send('POST', `${ms()}/${other}/track`, { status: 'delivered', evidence: 'Leaflet printed' }, board);
    const second = await send('POST', `${ms()}/${payB}/track`, { status: 'delivered', evidence: 'Register of 40 patients' }, commissioner);
    expect(second.json()).toMatchObject({ payment: { total: 2, delivered: 2, met: true }, paymentEvidenceRecorded: 2 });
    const met = await milestonesMet();
    expect(met.E82001).toMatchObject({ met: true, recordedBy: 'commissioner', evidence: expect.stringMatching(/^All 2 payment milestones of the 2026\/27 plan delivered: By 30 June 2020 we will deliver a GP triage rota in A&E \(evidence: Rota published 1 June\)/) });
    expect(met.E82003).toMatchObject({ met: true });
    expect(met.E82002).toBeNull(); // another group's practice
    // the statement shows the incentive no longer waiting for milestones
    const statement = await get('/api/allowances/statement/E82001?year=2026/27', practiceNorth);
    expect(statement.json<{ practice: Report['practices'][number] }>().practice.lines.find((l) => l.schemeCode === 'incentive')!.missing).not.toContain('milestones_met');
    // recording again changes nothing (no duplicate evidence)
    expect((await send('POST', `${ms()}/${payB}/track`, { status: 'delivered' }, board)).json()).toMatchObject({ paymentEvidenceRecorded: 0 });

    const undone = await send('POST', `${ms()}/${payA}/track`, { status: 'in_progress' }, board);
    expect(undone.json()).toMatchObject({ payment: { met: false }, paymentEvidenceRecorded: 2, milestone: { evidence: 'Rota published 1 June' } });
    expect((await milestonesMet()).E82001).toMatchObject({ met: false, evidence: expect.stringMatching(/^1 of 2 payment milestones of the 2026\/27 plan delivered; not yet: By 30 June 2020/) });
    const audit = (await auditOf('milestone.payment_evidence')).map((a) => (a.details as { met: boolean; practices: string[] }));
    expect(audit.map((d) => [d.met, d.practices])).toEqual([[true, ['E82001', 'E82003']], [false, ['E82001', 'E82003']]]);
    expect((await auditOf('allowance.evidence')).slice(-2).map((a) => a.actor)).toEqual(['board', 'board']);
  });

  it('changes wording only in a draft; tracking goes on when the plan is signed', async () => {
    await setPlanStatus('signed', 3);
    try {
      const reword = await send('PUT', `${ms()}/${payA}`, { deliverable: 'Something else' }, board);
      expect(reword.statusCode).toBe(409);
      expect(reword.json()).toMatchObject({ message: 'Version 3 is signed: start a new version to change it.' });
      expect((await send('DELETE', `${ms()}/${payA}`, null, board)).statusCode).toBe(409);
      const track = await send('POST', `${ms()}/${payA}/track`, { status: 'delivered', evidence: 'Rota published 1 June' }, board);
      expect(track.statusCode, track.body).toBe(200);
      expect(track.json()).toMatchObject({ payment: { met: true }, paymentEvidenceRecorded: 2 });
      await expect(sql`update milestone set deliverable = 'x' where id = ${payA}`.execute(db)).rejects.toThrow(/cannot change/);
    } finally {
      await setPlanStatus('draft', 4);
    }
    const reword = await send('PUT', `${ms()}/${payA}`, { deliverable: 'A GP triage rota in A&E, 4 sessions a week', triggersPayment: true }, board);
    expect(reword.statusCode, reword.body).toBe(200);
    expect(reword.json<MilestoneView>().sentence).toBe('By 30 June 2020 we will deliver a GP triage rota in A&E, 4 sessions a week.');
    expect((await auditOf('milestone.update')).at(-1)).toMatchObject({ actor: 'board', details: { before: { deliverable: 'A GP triage rota in A&E' } } });
  });

  it('adding a new payment milestone that is not yet delivered takes the condition back', async () => {
    const res = await send('POST', ms(), { dueOn: '2099-12-31', deliverable: 'Outpatient follow-up protocol', triggersPayment: true }, board);
    expect(res.statusCode).toBe(201);
    expect((await milestonesMet()).E82003).toMatchObject({ met: false });
    expect((await send('DELETE', `${ms()}/${res.json<MilestoneView>().id}`, null, board)).statusCode).toBe(204);
    expect((await milestonesMet()).E82003).toMatchObject({ met: true });
  });
});

describe('roles and responsibilities', () => {
  const url = () => `/api/plans/${planId}/responsibilities`;
  type View = { parties: { party: string; label: string; items: string[] }[]; plan: { editable: boolean } };

  it('replaces the three lists in a draft and reads them by party', async () => {
    const res = await send('PUT', url(), {
      commissioner: ['Named managers to support the consortium', '  '], consortium: ['Approve invoices against the held 25%'], practices: ['Attend locality meetings', 'Use the referral pathways'],
    }, board);
    expect(res.statusCode, res.body).toBe(200);
    const view = (await get(url(), practiceNorth)).json<View>();
    expect(view.parties).toEqual([
      { party: 'commissioner', label: 'What we expect from the commissioner', items: ['Named managers to support the consortium'] },
      { party: 'consortium', label: 'What the consortium will do', items: ['Approve invoices against the held 25%'] },
      { party: 'practices', label: 'What we expect from the practices', items: ['Attend locality meetings', 'Use the referral pathways'] },
    ]);
    expect((await auditOf('plan.responsibilities')).at(-1)).toMatchObject({ actor: 'board', details: { before: { practices: [] } } });
  });

  it('refuses a change when the plan is not a draft, and writers outside the group', async () => {
    expect((await send('PUT', url(), { commissioner: [], consortium: [], practices: [] }, practiceSouth)).statusCode).toBe(404);
    expect((await send('PUT', url(), { commissioner: [], consortium: [], practices: [] }, reviewer)).statusCode).toBe(403);
    await setPlanStatus('in_sign_off', 4);
    try {
      const res = await send('PUT', url(), { commissioner: [], consortium: [], practices: [] }, board);
      expect(res.statusCode).toBe(409);
      expect((await get(url(), board)).json<View>()).toMatchObject({ plan: { editable: false }, parties: [{ items: ['Named managers to support the consortium'] }, {}, {}] });
    } finally {
      await setPlanStatus('draft', 4);
    }
  });
});
