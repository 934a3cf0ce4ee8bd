/**
 * Running costs through HTTP (FIN-9): seed 000's ICOF tables entered line by line show their
 * heading totals (set-up 28,750; referral management 179,700; executive 88,000); spend against
 * them; changes, duplicates and removal; who may change them; exports; the audit trail.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { ICOF_HEADINGS, ICOF_RUNNING_COST_LINES } from '../../domain/budgets/running-costs.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { createTestUser } from '../../testing/factories.js';

const YEAR = '2025/26';

let t: TestApp;
let db: Db;
let finance: Record<string, string>, board: Record<string, string>;

type Line = { id: number; heading: string; line: string; budgetPence: number; spentPence: number; remainingPence: number };
type Report = { headings: { heading: string; lines: Line[]; budgetPence: number; spentPence: number; remainingPence: number }[]; budgetPence: number; spentPence: number; remainingPence: number };

const report = async (headers = finance) => {
  const res = await t.app.inject({ url: `/api/running-costs?year=${YEAR}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Report>();
};

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  await createTestUser(db, 'finance', 'finance');
  await createTestUser(db, 'board', 'board');
  [finance, board] = await Promise.all([t.signIn('finance'), t.signIn('board')]);
});
afterAll(() => t.close());

describe('the ICOF running-cost tables, entered line by line', () => {
  beforeAll(async () => {
    // As someone would type them from the slides: heading, line, budget; no sort order given.
    for (const l of ICOF_RUNNING_COST_LINES) {
      const res = await t.app.inject({ method: 'POST', url: '/api/running-costs', headers: finance, payload: { year: YEAR, heading: l.heading, line: l.line, budgetPence: l.budgetPence } });
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  it('shows set-up 28,750, referral management 179,700 and executive 88,000', async () => {
    const r = await report(board);
    expect(r.headings.map((h) => [h.heading, h.lines.length, h.budgetPence])).toEqual([
      [ICOF_HEADINGS.setUp, 5, 2_875_000],
      [ICOF_HEADINGS.referralManagement, 7, 17_970_000],
      [ICOF_HEADINGS.executive, 4, 8_800_000],
    ]);
    expect(r.headings[1]!.lines.map((l) => l.line)).toEqual([
      'GP reviewer salaries', 'Opportunity costs reimbursement', 'Accommodation', 'Operations management', 'Training and development', 'Accountancy', 'Company secretarial duties',
    ]);
  });

  it('totals 296,450 overall: the sum of its headings (the seed’s summary slide prints 285,450, which they do not add up to)', async () => {
    const r = await report();
    expect(r.budgetPence).toBe(r.headings.reduce((n, h) => n + h.budgetPence, 0));
    expect(r.budgetPence).toBe(29_645_000);
  });

  it('records spend against a line and totals it per heading and overall', async () => {
    const r = await report();
    const reviewers = r.headings[1]!.lines[0]!;
    const res = await t.app.inject({
      method: 'PUT', url: `/api/running-costs/${reviewers.id}`, headers: finance,
      payload: { heading: reviewers.heading, line: reviewers.line, budgetPence: reviewers.budgetPence, spentPence: 4_160_000 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ spentPence: 4_160_000, remainingPence: 4_160_000 });
    const after = await report();
    expect(after.headings[1]).toMatchObject({ spentPence: 4_160_000, remainingPence: 17_970_000 - 4_160_000 });
    expect(after).toMatchObject({ spentPence: 4_160_000, remainingPence: 29_645_000 - 4_160_000 });
    const audit = await db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'running_cost.update').execute();
    expect(audit).toEqual([{ actor: 'finance', details: expect.objectContaining({ before: expect.objectContaining({ spentPence: 0 }), after: expect.objectContaining({ spentPence: 4_160_000 }) }) }]);
  });

  it('adds a new heading at the end, refuses a duplicate line, and removes a line entered in error', async () => {
    const added = await t.app.inject({ method: 'POST', url: '/api/running-costs', headers: finance, payload: { year: YEAR, heading: 'Contingency', line: 'Unallocated', budgetPence: 100_000 } });
    expect(added.statusCode).toBe(201);
    const again = await t.app.inject({ method: 'POST', url: '/api/running-costs', headers: finance, payload: { year: YEAR, heading: 'Contingency', line: 'Unallocated', budgetPence: 1 } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'line_exists', details: [{ field: 'line' }] });
    expect((await report()).headings.map((h) => h.heading).at(-1)).toBe('Contingency');
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/running-costs/${added.json<Line>().id}`, headers: finance });
    expect(removed.statusCode).toBe(204);
    expect((await report()).budgetPence).toBe(29_645_000);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/running-costs/${added.json<Line>().id}`, headers: finance })).statusCode).toBe(404);
  });

  it('names what is wrong with a line, and lets only budget managers change lines', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/running-costs', headers: finance, payload: { year: YEAR, heading: ' ', line: '', budgetPence: 1 } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ details: { field: string }[] }>().details.map((d) => d.field)).toEqual(['heading', 'line']);
    const denied = await t.app.inject({ method: 'POST', url: '/api/running-costs', headers: board, payload: { year: YEAR, heading: 'X', line: 'Y', budgetPence: 1 } });
    expect(denied.statusCode).toBe(403);
  });

  it('downloads the tables as XLSX, each heading followed by its total', async () => {
    const res = await t.app.inject({ url: `/api/running-costs?year=${YEAR}&format=xlsx`, headers: finance });
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = workbook.getWorksheet('Running costs')!.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1));
    expect(rows.filter((r) => String(r[0]).startsWith('Total')).map((r) => [r[0], r[2]])).toEqual([
      ['Total: Set-up costs', 28_750], ['Total: Referral management', 179_700], ['Total: Locality commissioning executive', 88_000], ['Total', 296_450],
    ]);
  });
});
