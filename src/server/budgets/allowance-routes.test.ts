/**
 * Allowances through HTTP (FIN-6): schemes per year with their defaults, participation and
 * evidence, every practice's allowances and one practice's statement, exports, who may see and
 * change what, and the audit trail. The "done when" case: a 26-practice PCT with practices
 * joining in April and in October, before and after its budgets are published.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { ALLOWANCE_CONDITIONS, DEFAULT_ALLOWANCE_SCHEMES } from '../../domain/budgets/allowances.js';
import { insertPublishedBudget } from '../../testing/allowances.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';

const YEAR = '2025/26';
const PRACTICES = Array.from({ length: 26 }, (_, i) => `E82${String(i + 1).padStart(3, '0')}`);
const OCTOBER_JOINERS = PRACTICES.slice(20); // E82021…E82026

let t: TestApp;
let db: Db;
let finance: Record<string, string>, board: Record<string, string>, practice: Record<string, string>, reviewer: Record<string, string>;

type Line = { schemeCode: string; amountPence: number; status: string; statusLabel: string; missing: string[]; basis: string };
type PracticeView = { practiceCode: string; participating: boolean; joinedMonth: number | null; lines: Line[]; earnedPence: number; notYetEarnedPence: number; evidence: { condition: string; met: boolean }[] };
type Report = {
  year: string; serviceBudgetNote: string | null; practices: PracticeView[];
  totals: { practices: number; participating: number; earnedPence: number; notYetEarnedPence: number; bySchemes: { schemeCode: string; earnedPence: number }[] };
};
type SchemeSet = { year: string; inheritedFrom: string | null; schemes: { code: string; amountPence: number | null; percent: number | null }[] };

const get = async <T>(url: string, headers = finance) => {
  const res = await t.app.inject({ url, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};
const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload: unknown, headers = finance) => t.app.inject({ method, url, headers, payload: payload as object });
const auditOf = (action: string) => db.selectFrom('audit_log').select(['actor', 'entity_id', 'details']).where('action', '=', action).orderBy('id').execute();

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  await buildOrgTree(db, { practices: PRACTICES, patientsPerBand: 0 });
  await createTestUser(db, 'finance', 'finance');
  await createTestUser(db, 'board', 'board');
  await createTestUser(db, 'practice-e82021', 'practice', 'E82021');
  await createTestUser(db, 'reviewer', 'reviewer');
  [finance, board, practice, reviewer] = await Promise.all([t.signIn('finance'), t.signIn('board'), t.signIn('practice-e82021'), t.signIn('reviewer')]);
});
afterAll(() => t.close());

describe('schemes', () => {
  it('starts from the defaults of FIN-6 (migration 0007 stores what the domain says)', async () => {
    const set = await get<SchemeSet & { schemes: unknown[] }>(`/api/allowances/schemes?year=${encodeURIComponent(YEAR)}`, board);
    expect(set.inheritedFrom).toBe('');
    expect(set.schemes).toEqual(DEFAULT_ALLOWANCE_SCHEMES);
  });

  it('copies the inherited set into a year before changing one of its schemes; other years keep theirs', async () => {
    const res = await send('PUT', '/api/allowances/schemes/recurrent?year=2026/27', {
      name: 'Commissioning allowance (recurrent)', kind: 'per_practice_recurrent', amountPence: 600_000, conditions: ['budget_held', 'locality_participation'], sortOrder: 10,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<SchemeSet>()).toMatchObject({ year: '2026/27', inheritedFrom: null });
    expect(res.json<SchemeSet>().schemes.map((s) => [s.code, s.amountPence])).toEqual([['recurrent', 600_000], ['start_up', 300_000], ['service_change', null], ['incentive', null]]);
    expect((await get<SchemeSet>('/api/allowances/schemes?year=2025/26')).schemes[0]!.amountPence).toBe(500_000);
    expect(await get<SchemeSet>('/api/allowances/schemes?year=2027/28')).toMatchObject({ inheritedFrom: '2026/27', schemes: [{ code: 'recurrent', amountPence: 600_000 }, {}, {}, {}] });
    expect((await auditOf('allowance.schemes_copy')).map((a) => [a.actor, a.entity_id])).toEqual([['finance', '2026/27']]);
    expect((await auditOf('allowance.scheme'))[0]).toMatchObject({ entity_id: '2026/27 recurrent', details: { before: { amountPence: 500_000 }, after: { amountPence: 600_000 } } });
  });

  it('refuses a scheme that does not add up, storing nothing (not even the copy)', async () => {
    const bad = await send('PUT', '/api/allowances/schemes/bonus?year=2028/29', { name: 'Bonus', kind: 'percent_of_allowance', percent: 5, ofScheme: 'nothing' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ message: 'There is no scheme nothing in this year.', details: [{ field: 'ofScheme' }] });
    expect((await get<SchemeSet>('/api/allowances/schemes?year=2028/29')).inheritedFrom).toBe('2026/27');
    const precise = await send('PUT', '/api/allowances/schemes/service_change?year=2028/29', { name: 'Service change', kind: 'percent_of_service_budget', percent: 2.125 });
    expect(precise.statusCode).toBe(422);
    expect(precise.json<{ details: { field: string }[] }>().details[0]!.field).toBe('percent');
  });

  it('lets only finance and commissioners change schemes', async () => {
    const body = { name: 'X', kind: 'per_practice_recurrent', amountPence: 1 };
    expect((await send('PUT', '/api/allowances/schemes/x?year=2025/26', body, board)).statusCode).toBe(403);
    expect((await send('PUT', '/api/allowances/schemes/x?year=2025/26', body, practice)).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/allowances/schemes?year=2025/26', headers: reviewer })).statusCode).toBe(403);
  });
});

describe('a 26-practice PCT: 20 practices join in April, 6 in October', () => {
  beforeAll(async () => {
    for (const code of PRACTICES) {
      const joinedOn = OCTOBER_JOINERS.includes(code) ? '2025-10-01' : '2025-04-01';
      const res = await send('PUT', `/api/allowances/participation/${code}`, { year: YEAR, joinedOn });
      expect(res.statusCode, res.body).toBe(200);
      for (const condition of ALLOWANCE_CONDITIONS) {
        const recorded = await send('POST', '/api/allowances/evidence', { practiceCode: code, year: YEAR, condition, met: true, evidence: `Board minutes, ${condition}` });
        expect(recorded.statusCode, recorded.body).toBe(200);
      }
    }
  });

  it('before budgets are published: £5,000 each, £3,000 or £1,500 start-up, and a note that service budgets are £0', async () => {
    const report = await get<Report>(`/api/allowances?year=${YEAR}`);
    expect(report.serviceBudgetNote).toMatch(/No budgets are published for 2025\/26 yet/);
    expect(report.totals).toMatchObject({ practices: 26, participating: 26, earnedPence: 26 * 500_000 + 20 * 300_000 + 6 * 150_000, notYetEarnedPence: 0 });
    const october = report.practices.find((p) => p.practiceCode === 'E82021')!;
    expect(october.joinedMonth).toBe(7);
    expect(october.lines.map((l) => [l.schemeCode, l.amountPence])).toEqual([['recurrent', 500_000], ['start_up', 150_000], ['service_change', 0], ['incentive', 0]]);
  });

  it('once a budget is published: 2% of each practice’s service budget and 20% of that', async () => {
    await insertPublishedBudget(db, YEAR, Object.fromEntries(PRACTICES.map((code) => [code, 150_000_000])), 'elective');
    await insertPublishedBudget(db, YEAR, Object.fromEntries(PRACTICES.map((code) => [code, 50_000_000])), 'outpatients');
    const report = await get<Report>(`/api/allowances?year=${YEAR}`);
    expect(report.serviceBudgetNote).toBeNull();
    // £2,000,000 each: £40,000 service change and £8,000 incentive; £56,000 for an April joiner, £54,500 for an October one.
    expect(report.practices.find((p) => p.practiceCode === 'E82001')!.earnedPence).toBe(5_600_000);
    expect(report.practices.find((p) => p.practiceCode === 'E82026')!.earnedPence).toBe(5_450_000);
    expect(report.totals.earnedPence).toBe(144_700_000);
    expect(report.totals.bySchemes.map((s) => [s.schemeCode, s.earnedPence])).toEqual([
      ['recurrent', 13_000_000], ['start_up', 6_900_000], ['service_change', 104_000_000], ['incentive', 20_800_000],
    ]);
  });

  it('shows a scheme as not yet earned, with what is missing, once a condition is recorded as not met', async () => {
    const res = await send('POST', '/api/allowances/evidence', { practiceCode: 'E82002', year: YEAR, condition: 'milestones_met', met: false, evidence: 'Q2 milestone slipped' });
    expect(res.statusCode, res.body).toBe(200);
    const p = (await get<Report>(`/api/allowances?year=${YEAR}`)).practices.find((x) => x.practiceCode === 'E82002')!;
    expect(p.lines.find((l) => l.schemeCode === 'incentive')).toMatchObject({ status: 'not_yet_earned', statusLabel: 'Not yet earned', missing: ['milestones_met'], amountPence: 800_000 });
    expect([p.earnedPence, p.notYetEarnedPence]).toEqual([4_800_000, 800_000]);
    const audit = (await auditOf('allowance.evidence')).at(-1)!;
    expect(audit).toMatchObject({ actor: 'finance', entity_id: 'E82002', details: { condition: 'milestones_met', before: { met: true }, after: { met: false } } });
  });

  it('refuses evidence without substance, and from those who cannot manage budgets', async () => {
    const empty = await send('POST', '/api/allowances/evidence', { practiceCode: 'E82003', year: YEAR, condition: 'plan_signed_off', met: true, evidence: ' ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json()).toMatchObject({ details: [{ field: 'evidence' }] });
    expect((await send('POST', '/api/allowances/evidence', { practiceCode: 'E82021', year: YEAR, condition: 'plan_signed_off', met: true, evidence: 'x' }, practice)).statusCode).toBe(403);
    expect((await send('POST', '/api/allowances/evidence', { practiceCode: 'Z99999', year: YEAR, condition: 'plan_signed_off', met: true, evidence: 'x' })).statusCode).toBe(404);
  });

  it('checks participation dates', async () => {
    const late = await send('PUT', '/api/allowances/participation/E82001', { year: YEAR, joinedOn: '2026-04-01' });
    expect(late.statusCode).toBe(422);
    expect(late.json()).toMatchObject({ message: 'The practice must have joined by the end of 2025/26 to take part in it.' });
    expect((await send('PUT', '/api/allowances/participation/E82001', { year: '2025/27', joinedOn: '2025-04-01' })).statusCode).toBe(400);
  });
});

describe('statements and exports', () => {
  it('gives a practice its own statement and only that', async () => {
    const own = await get<Report & { practice: PracticeView }>(`/api/allowances/statement/E82021?year=${YEAR}`, practice);
    expect(own.practice).toMatchObject({ practiceCode: 'E82021', earnedPence: 5_450_000 });
    expect(own.practice.lines.find((l) => l.schemeCode === 'start_up')!.basis).toBe('Joined on 1 Oct 2025: £1,500.00 for practices joining from Oct (month 7).');
    expect((await t.app.inject({ url: `/api/allowances/statement/E82001?year=${YEAR}`, headers: practice })).statusCode).toBe(404);
    const all = await get<Report>(`/api/allowances?year=${YEAR}`, practice);
    expect(all.practices.map((p) => p.practiceCode)).toEqual(['E82021']);
    expect(all.totals.earnedPence).toBe(5_450_000);
    const denied = await db.selectFrom('audit_log').select(['actor', 'entity_id']).where('outcome', '=', 'denied').where('entity_type', '=', 'allowance_statement').execute();
    expect(denied).toEqual([{ actor: 'practice-e82021', entity_id: 'E82001' }]);
  });

  it('downloads every practice’s allowances as CSV, with a total row equal to the sum of the practices', async () => {
    const res = await t.app.inject({ url: `/api/allowances?year=${YEAR}&format=csv`, headers: finance });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="allowances-2025-26.csv"');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(28);
    expect(lines[0]).toContain('Commissioning allowance (recurrent) (£),Commissioning allowance (recurrent): status');
    expect(lines[1]).toMatch(/^E82001,Practice E82001,NORTH locality,2025-04-01,2000000\.00,5000\.00,Earned,3000\.00,Earned,40000\.00,Earned,8000\.00,Earned,56000\.00,0\.00$/);
    expect(lines[27]).toMatch(/^Total,26 practices, 26 taking part|^Total,"26 practices, 26 taking part"/);
    expect(lines[27]!.endsWith(',1439000.00,8000.00')).toBe(true);
  });

  it('downloads a statement as XLSX', async () => {
    const res = await t.app.inject({ url: `/api/allowances/statement/E82002?year=${YEAR}&format=xlsx`, headers: board });
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Statement')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Allowance statement: Practice E82002 (E82002), 2025/26');
    const values = sheet.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1));
    expect(values.find((r) => r[0] === 'Incentive payment')).toEqual(['Incentive payment', '20% of the service change allowance (£40,000.00), rounded to the penny.', 8000, 'Not yet earned', 'Milestones met (not met)']);
    expect(values.find((r) => r[0] === 'Earned')?.[2]).toBe(48000);
  });
});
