/**
 * Dashboards (INFO-1) and the board pack (INFO-2) through HTTP, on a small locality built by hand
 * so every figure can be worked out: three practices in two groups, a published elective budget,
 * April's activity against a contract, open challenges, referrals and triage decisions, a plan with
 * an overdue, a due-soon and a delivered milestone, and a decision with a declared interest and a
 * recusal. Dates are relative to today, as the routes are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { financialYearStarting, monthStart, startYearOf } from '../../domain/activity/financial-year.js';
import { addDays } from '../../domain/calendar/working-days.js';
import { calendarMonth } from '../../domain/insight-dashboard/tiles.js';
import { insertActivity } from '../../testing/activity.js';
import { insertPublishedBudget } from '../../testing/allowances.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { createTestBody, createTestMember } from '../../testing/governance.js';
import { insertReferrals } from '../../testing/insight.js';
import { createTestPlan } from '../../testing/plans.js';
import { pdfText } from '../../testing/pdf.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { londonToday } from '../plans/milestones.js';
import { yearOf } from './dashboard.js';

type Headers = Record<string, string>;
interface Tile { key: string; status: string; statusLabel: string; headline: string; sentence: string; figures: { label: string; value: string }[]; link: { href: string }; chart: { points: { label: string; value: number; compare: number | null }[] } | null }
interface Dashboard { level: string; code: string; name: string; year: string; parent: { code: string } | null; tiles: Tile[] }

let t: TestApp;
let db: Db;
let commissioner: Headers, board: Headers, finance: Headers, reviewer: Headers, practice: Headers;
let planId: number;
const today = londonToday();
const year = yearOf(today);
const lastYear = financialYearStarting(startYearOf(year) - 1);
const month = calendarMonth(today.slice(0, 7))!;

const get = async <T>(url: string, headers: Headers) => {
  const res = await t.app.inject({ url, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};
const tileOf = (d: Dashboard, key: string) => {
  const found = d.tiles.find((x) => x.key === key);
  if (!found) throw new Error(`no ${key} tile`);
  return found;
};

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  // E82001 and E82003 in NORTH, E82002 in SOUTH.
  await buildOrgTree(db, { practices: ['E82001', 'E82002', 'E82003'], groups: ['NORTH', 'SOUTH'] });
  const users = await Promise.all([
    createTestUser(db, 'commissioner', 'commissioner'), createTestUser(db, 'board', 'board'), createTestUser(db, 'finance', 'finance'),
    createTestUser(db, 'reviewer', 'reviewer'), createTestUser(db, 'practice-e82001', 'practice', 'E82001'),
  ]);
  [commissioner, board, finance, reviewer, practice] = await Promise.all(users.map((u) => t.signIn(u.username))) as [Headers, Headers, Headers, Headers, Headers];

  // Budgets: £1,200, £2,400 and £1,200 for the year, evenly phased: £100, £200, £100 a month.
  await insertPublishedBudget(db, year, { E82001: 120_000, E82002: 240_000, E82003: 120_000 }, 'elective');
  // April's activity at RWG: £110, £200, £100 (elective points of delivery); E82001 spent £100 last April.
  const april = monthStart(year, 1);
  await insertActivity(db, [
    { activity_date: april, practice_code: 'E82001', pod: 'EL', tariff_price_pence: 11_000, provider_price_pence: 11_000 },
    { activity_date: april, practice_code: 'E82002', pod: 'EL', tariff_price_pence: 20_000, provider_price_pence: 20_000 },
    { activity_date: april, practice_code: 'E82003', pod: 'DC', tariff_price_pence: 10_000, provider_price_pence: 10_000 },
    { activity_date: monthStart(lastYear, 1), practice_code: 'E82001', pod: 'EL', tariff_price_pence: 10_000, provider_price_pence: 10_000 },
  ]);
  // RWG's contract: £3,600 a year evenly (£300 a month) for elective and day cases.
  const contract = await db.insertInto('contract').values({ provider_code: 'RWG', year, reference: 'RWG-TEST', phasing: 'even', profile: null, updated_by: 'test' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('contract_line').values([
    { contract_id: contract.id, pod: 'EL', tfc: '', planned_volume: 24, planned_value_pence: 240_000 },
    { contract_id: contract.id, pod: 'DC', tfc: '', planned_volume: 12, planned_value_pence: 120_000 },
  ]).execute();
  // Challenges: E82001's £50 and E82002's £70 open; E82003's £90 accepted.
  await db.insertInto('challenge').values([
    { rule: 'exact_duplicate', provider_code: 'RWG', year, month: 1, activity_id: 'C1', practice_code: 'E82001', value_pence: 5_000, detail: '{}' },
    { rule: 'exact_duplicate', provider_code: 'RWG', year, month: 1, activity_id: 'C2', practice_code: 'E82002', value_pence: 7_000, detail: '{}' },
    { rule: 'exact_duplicate', provider_code: 'RWG', year, month: 1, activity_id: 'C3', practice_code: 'E82003', value_pence: 9_000, detail: '{}', status: 'accepted' },
  ]).execute();
  // Referrals this month: two of E82001's awaiting triage (one overdue), one of E82002's.
  await insertReferrals(db, [
    { practiceCode: 'E82001', receivedAt: `${month.from}T00:30:00Z`, birthDate: '1960-01-01', sex: 'female' },
    { practiceCode: 'E82001', receivedAt: `${month.from}T00:30:00Z`, birthDate: '1970-01-01', sex: 'male' },
    { practiceCode: 'E82002', receivedAt: `${month.from}T00:30:00Z`, birthDate: '1980-01-01', sex: 'male' },
  ]);
  const e82001 = await db.selectFrom('referral').select(['id']).where('practice_code', '=', 'E82001').orderBy('reference').execute();
  await db.updateTable('referral').set({ triage_due: addDays(today, -3) }).where('id', '=', e82001[0]!.id).execute();
  // Decisions in the last minutes: a reviewer forwarded one and diverted one; the gateway's own forward is not a triage decision.
  const justNow = new Date(Date.now() - 60_000);
  await db.insertInto('referral_event').values([
    { referral_id: e82001[0]!.id, at: justNow, actor: 'reviewer', action: 'forward', from_status: 'awaiting_triage', to_status: 'forwarded', details: '{}' },
    { referral_id: e82001[1]!.id, at: justNow, actor: 'reviewer', action: 'divert', from_status: 'awaiting_triage', to_status: 'diverted', details: '{}' },
    { referral_id: e82001[1]!.id, at: justNow, actor: 'gateway', action: 'forward', from_status: 'received', to_status: 'forwarded', details: '{}' },
  ]).execute();

  // NORTH's plan: one milestone overdue, one due in five days, one delivered.
  planId = (await createTestPlan(db, { groupCode: 'NORTH', year })).id;
  await db.insertInto('milestone').values([
    { plan_id: planId, due_on: addDays(today, -10), deliverable: 'A GP in A&E four sessions a week', status: 'in_progress', updated_by: 'test' },
    { plan_id: planId, due_on: addDays(today, 5), deliverable: 'Dermatology advice line', status: 'not_started', updated_by: 'test' },
    { plan_id: planId, due_on: addDays(today, -20), deliverable: 'Practice visits', status: 'delivered', evidence: 'Visit notes', updated_by: 'test' },
  ]).execute();

  // A decision today on RWG, by NORTH's board, with a member who declared an interest in RWG and was recused.
  const body = await createTestBody(db, 'NORTH', 'board', 'NORTH consortium board');
  const member = await createTestMember(db, body.id, 'Dr Jane Conflict', { role: 'Chair' });
  await db.insertInto('coi_declaration').values({
    group_code: 'NORTH', member_id: member.id, person_name: 'Dr Jane Conflict', kind: 'financial', interest: 'Shareholder', subject_kind: 'provider', subject_ref: 'RWG',
    declared_on: addDays(today, -100), recorded_by: 'test',
  }).execute();
  const decision = await db.insertInto('gov_decision').values({ body_id: body.id, decided_on: today, title: 'Award the community dermatology contract', outcome: 'approved', recorded_by: 'test' })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('gov_decision_subject').values({ decision_id: decision.id, subject_kind: 'provider', subject_ref: 'RWG' }).execute();
  await db.insertInto('gov_vote').values({ decision_id: decision.id, member_id: member.id, vote: 'recused', reason: 'Declared interest', recorded_by: 'test' }).execute();
});
afterAll(() => t.close());

describe('dashboards', () => {
  it('gives a practice its figures: budget, activity against last year, referrals, challenges and its group’s milestones', async () => {
    const d = await get<Dashboard>('/api/insight/dashboard/practice/E82001', commissioner);
    expect(d).toMatchObject({ level: 'practice', code: 'E82001', name: 'Practice E82001', year, parent: { code: 'NORTH' } });
    expect(d.tiles.map((x) => x.key)).toEqual(['budget', 'activity', 'referrals', 'challenges', 'milestones']);
    // £110 spent against £100 budgeted: 10% over, red, and said in words.
    expect(tileOf(d, 'budget')).toMatchObject({ status: 'red', statusLabel: 'Needs attention', headline: '£110' });
    expect(tileOf(d, 'budget').sentence).toMatch(/^£110 spent against £100 budgeted \(.+\): £10 \(10\.0%\) over budget\. Forecast outturn £\d[\d,]* against a budget of £1,200\.$/);
    expect(tileOf(d, 'activity').link.href).toBe(`/activity?year=${encodeURIComponent(year)}&practice=E82001`);
    expect(tileOf(d, 'activity').sentence).toMatch(/^1 hospital activity line costing £110 at tariff \(.+\)\. 10\.0% more than the same months last year \(£100\)\.$/);
    expect(tileOf(d, 'referrals')).toMatchObject({ status: 'red', headline: '2' });
    expect(tileOf(d, 'referrals').sentence).toBe(`2 referrals received in ${month.label}; 2 awaiting triage, 1 of them overdue. Of 2 triage decisions in the last 30 days: 50% forwarded to provider, 50% diverted to community service, 0% returned with advice.`);
    expect(tileOf(d, 'challenges')).toMatchObject({ headline: '1', sentence: '1 challenge to providers open, worth £50.' });
    expect(tileOf(d, 'milestones')).toMatchObject({ status: 'red', headline: '1', sentence: '1 of 3 milestones overdue; 1 due in the next 30 days; 1 delivered.', link: { href: `/plans/${planId}/milestones` } });
  });

  it('adds up a group: its practices’ budgets and challenges, and its alerts', async () => {
    const d = await get<Dashboard>('/api/insight/dashboard/group/NORTH', board);
    expect(d.tiles.map((x) => x.key)).toEqual(['budget', 'activity', 'referrals', 'challenges', 'milestones', 'alerts']);
    // £210 against £200: 5.0% over, amber.
    expect(tileOf(d, 'budget')).toMatchObject({ status: 'amber', headline: '£210' });
    expect(tileOf(d, 'challenges').sentence).toBe('1 challenge to providers open, worth £50.');
    expect(tileOf(d, 'referrals').headline).toBe('2');
    expect(tileOf(d, 'alerts').link.href).toBe('/insight/alerts?group=NORTH');
    expect(tileOf(d, 'budget').link.href).toBe(`/budgets/monitoring?year=${encodeURIComponent(year)}&group=NORTH`);
    const south = await get<Dashboard>('/api/insight/dashboard/group/SOUTH', board);
    expect(tileOf(south, 'milestones')).toMatchObject({ status: 'neutral', sentence: 'No plan milestones are recorded yet.' });
    expect(tileOf(south, 'challenges').sentence).toBe('1 challenge to providers open, worth £70.');
  });

  it('shows the commissioner its contracts against plan and every practice', async () => {
    const d = await get<Dashboard>('/api/insight/dashboard/commissioner', finance);
    expect(d).toMatchObject({ level: 'commissioner', code: 'QM7', parent: null });
    // £410 spent against £400 budgeted: 2.5%, amber. Contracts: £410 against £300 planned for April: red.
    expect(tileOf(d, 'budget')).toMatchObject({ status: 'amber', headline: '£410' });
    expect(tileOf(d, 'activity')).toMatchObject({ status: 'red', headline: '£410' });
    expect(tileOf(d, 'activity').sentence).toMatch(/^£410 of activity against £300 planned \(.+\): £110 \(36\.7%\) over plan\./);
    expect(tileOf(d, 'activity').chart!.points).toEqual([{ label: 'Provider RWG', value: 41_000, compare: 30_000 }]);
    expect(tileOf(d, 'referrals').headline).toBe('3');
    expect(tileOf(d, 'challenges').sentence).toBe('2 challenges to providers open, worth £120.');
  });

  it('shows each user only the tiles they may see: a reviewer has no money and no plans', async () => {
    const d = await get<Dashboard>('/api/insight/dashboard/commissioner', reviewer);
    expect(d.tiles.map((x) => x.key)).toEqual(['referrals', 'alerts']);
    expect(tileOf(d, 'referrals').link.href).toBe('/worklists');
  });

  it('gives a practice user its own dashboard only', async () => {
    const own = await get<Dashboard>('/api/insight/dashboard/practice/E82001', practice);
    expect(own.tiles.map((x) => x.key)).toEqual(['budget', 'activity', 'referrals', 'challenges', 'milestones']);
    expect(tileOf(own, 'referrals').link.href).toBe('/referrals');
    expect((await t.app.inject({ url: '/api/insight/dashboard/practice/E82002', headers: practice })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/insight/dashboard/group/NORTH', headers: practice })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/insight/dashboard/commissioner', headers: practice })).statusCode).toBe(403);
    const denied = await db.selectFrom('audit_log').select(['entity_type', 'entity_id']).where('actor', '=', 'practice-e82001').where('outcome', '=', 'denied').orderBy('id').execute();
    expect(denied).toEqual([
      { entity_type: 'dashboard', entity_id: 'practice E82002' },
      { entity_type: 'dashboard', entity_id: 'group NORTH' },
      { entity_type: 'dashboard', entity_id: 'commissioner' },
    ]);
  });

  it('answers 404 for an unknown practice or group and 400 for a bad year, naming the field', async () => {
    expect((await t.app.inject({ url: '/api/insight/dashboard/practice/E89999', headers: commissioner })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/insight/dashboard/group/NOWHERE', headers: commissioner })).statusCode).toBe(404);
    const bad = await t.app.inject({ url: '/api/insight/dashboard/commissioner?year=2026/28', headers: commissioner });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ details: { field: string }[] }>().details[0]!.field).toContain('year');
    expect((await t.app.inject({ url: '/api/insight/dashboard/commissioner' })).statusCode).toBe(401);
  });
});

describe('board pack', () => {
  it('previews the month: finance by group, activity by provider, referrals, milestones and decisions with recusals', async () => {
    const p = await get<{
      month: { label: string; month: string }; finance: { groups: { code: string; ytdActualPence: number; rag: string }[]; total: { ytdActualPence: number } };
      activity: { providers: { code: string; ytdActualPence: number }[]; topVariances: { name: string; variancePence: number }[] };
      referrals: { received: number; decisions: number; outcomes: { outcome: string; count: number }[] };
      milestones: { summary: { overdue: number }; rows: { deliverable: string; overdue: boolean; state: string }[] };
      decisions: { title: string; interests: string[]; recusals: string[]; tallyText: string }[];
    }>(`/api/insight/board-pack?month=${month.month}`, board);
    expect(p.month).toMatchObject({ month: month.month, label: month.label });
    expect(p.finance.groups.map((g) => [g.code, g.ytdActualPence])).toEqual([['NORTH', 21_000], ['SOUTH', 20_000]]);
    expect(p.finance.total.ytdActualPence).toBe(41_000);
    expect(p.activity.providers.map((x) => [x.code, x.ytdActualPence])).toEqual([['RWG', 41_000]]);
    expect(p.activity.topVariances[0]!.name).toMatch(/Elective/);
    expect(p.referrals).toMatchObject({ received: 3, decisions: 2 });
    expect(p.referrals.outcomes.filter((o) => o.count > 0).map((o) => [o.outcome, o.count])).toEqual([['forwarded', 1], ['diverted', 1]]);
    expect(p.milestones.summary.overdue).toBe(1);
    expect(p.milestones.rows.find((r) => r.overdue)).toMatchObject({ deliverable: 'A GP in A&E four sessions a week', state: `In progress: OVERDUE (was due ${addDays(today, -10)})` });
    expect(p.decisions).toEqual([{
      id: expect.any(Number), decidedOn: today, bodyName: 'NORTH consortium board', title: 'Award the community dermatology contract', outcomeLabel: expect.any(String),
      tallyText: 'For 0, against 0, abstained 0, recused 1',
      interests: [expect.stringMatching(/^Dr Jane Conflict declared .* in .*RWG/)],
      recusals: ['Dr Jane Conflict (Chair) was recused: Declared interest'],
    }]);
  });

  it('prints one PDF: cover with the month, contents, each section, the overdue milestone, the decision and page numbers', async () => {
    const res = await t.app.inject({ url: `/api/insight/board-pack.pdf?month=${month.month}`, headers: finance });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`board-pack-${month.month}.pdf`);
    const text = pdfText(res.rawPayload);
    for (const words of ['Board pack', month.label, 'Contents', '1. Finance: budget position', '2. Activity against contract plan', '3. Referrals and triage',
      '4. Plan milestones', '5. Decisions of the month', 'A GP in A&E four sessions a week', 'OVERDUE', 'Award the community dermatology contract',
      'Dr Jane Conflict (Chair) was recused', 'NORTH locality', 'Provider RWG']) {
      expect(text, words).toContain(words);
    }
    expect(text).toMatch(/Page 1 of (\d+)/);
    const pages = Number(/Page 1 of (\d+)/.exec(text)![1]);
    expect(pages).toBeGreaterThanOrEqual(6);
    expect(text).toContain(`Page ${pages} of ${pages}`);
  });

  it('is for the board, the commissioner and finance, and every look is audited', async () => {
    expect((await t.app.inject({ url: `/api/insight/board-pack?month=${month.month}`, headers: commissioner })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/insight/board-pack?month=${month.month}`, headers: practice })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/insight/board-pack.pdf?month=${month.month}`, headers: reviewer })).statusCode).toBe(403);
    const looks = await db.selectFrom('audit_log').select(['actor', 'entity_id', 'details']).where('action', '=', 'board_pack.view').orderBy('id').execute();
    expect(looks.map((l) => [l.actor, l.entity_id, (l.details as { format: string }).format])).toEqual([
      ['board', month.month, 'json'], ['finance', month.month, 'pdf'], ['commissioner', month.month, 'json'],
    ]);
  });

  it('says which month it needs', async () => {
    const bad = await t.app.inject({ url: '/api/insight/board-pack?month=2026-13', headers: board });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ details: [{ field: 'querystring.month', message: 'must be a month written like 2026-10' }] });
  });
});
