/** The challenges API through HTTP, on the whole application. */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { insertActivity } from '../../testing/activity.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { SCHEDULE_TOTAL_LABEL } from './challenges.js';

let t: TestApp;
let database: Database;
let app: FastifyInstance;
let finance: Record<string, string>, board: Record<string, string>, practice: Record<string, string>, reviewer: Record<string, string>;

type Row = { id: number; rule: string; activityId: string | null; practiceCode: string | null; valuePence: number; status: string; notes: string; updatedBy: string | null };
type List = { total: number; rows: Row[]; totals: { rule: string; count: number; valuePence: number }[] };

const signIn = (username: string) => t.signIn(username);

const list = async (headers: Record<string, string>, query = '') => {
  const res = await app.inject({ url: `/api/challenges${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<List>();
};

beforeAll(async () => {
  t = await createTestApp();
  ({ app, database } = t);
  const db = database.db;

  await buildOrgTree(db);
  await db.insertInto('contract').values({ provider_code: 'RWG', year: '2025/26', reference: 'RWG-25', c2c_allowed: false, updated_by: 'test' }).execute();
  // October 2025 at RWG: an exact duplicate (E82001) and a C2C first (E82002).
  const same = { patient_pseudo: 'p-1', activity_date: '2025-10-06', hrg: 'WF01B' };
  await insertActivity(db, [
    { activity_id: 'A-1', ...same }, { activity_id: 'A-2', ...same },
    { activity_id: 'B-1', patient_pseudo: 'p-2', practice_code: 'E82002', activity_date: '2025-10-07', referral_source: 'C2C', tariff_price_pence: 20_000 },
  ]);
  await createTestUser(db, 'finance', 'finance');
  await createTestUser(db, 'board', 'board');
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'reviewer', 'reviewer');
  finance = await signIn('finance');
  board = await signIn('board');
  practice = await signIn('practice-e82001');
  reviewer = await signIn('reviewer');
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/challenges/run', () => {
  it('runs the rules for a provider month and says how many each found', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/challenges/run', headers: finance, payload: { providerCode: 'RWG', year: '2025/26', month: 7 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      providerCode: 'RWG', year: '2025/26', month: 7,
      counts: { exact_duplicate: 1, same_day_repeat: 0, follow_up_ratio: 0, c2c_first: 1, no_gateway_referral: 0, prior_approval: 0, readmission_30d: 0 },
    });
    const audit = await database.db.selectFrom('audit_log').select(['actor', 'entity_id']).where('action', '=', 'challenge.run').execute();
    expect(audit).toEqual([{ actor: 'finance', entity_id: 'RWG 2025/26 7' }]);
  });

  it('refuses roles that do not manage challenges, a missing CSRF token, an unknown provider and a bad month', async () => {
    const payload = { providerCode: 'RWG', year: '2025/26', month: 7 };
    expect((await app.inject({ method: 'POST', url: '/api/challenges/run', headers: board, payload })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/challenges/run', headers: { cookie: finance.cookie! }, payload })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/challenges/run', payload })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/challenges/run', headers: finance, payload: { ...payload, providerCode: 'XXX' } })).statusCode).toBe(404);
    const bad = await app.inject({ method: 'POST', url: '/api/challenges/run', headers: finance, payload: { ...payload, month: 13, year: '2025' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ details: { field: string }[] }>().details.map((d) => d.field).sort()).toEqual(['body.month', 'body.year']);
  });
});

describe('GET /api/challenges', () => {
  it('lists challenges with totals per rule for roles that view activity', async () => {
    const all = await list(board, '?provider=RWG&year=2025%2F26&month=7');
    expect(all.total).toBe(2);
    expect(all.rows.map((r) => [r.rule, r.activityId, r.valuePence])).toEqual([['c2c_first', 'B-1', 20_000], ['exact_duplicate', 'A-2', 10_000]]);
    expect(all.totals.find((t) => t.rule === 'c2c_first')).toEqual({ rule: 'c2c_first', ruleLabel: 'Consultant-to-consultant first attendance', count: 1, valuePence: 20_000 });
    expect((await list(finance, '?rule=exact_duplicate')).rows).toHaveLength(1);
    expect((await list(finance, '?status=agreed')).total).toBe(0);
  });

  it('shows a practice only its own lines', async () => {
    const own = await list(practice);
    expect(own.rows.map((r) => r.activityId)).toEqual(['A-2']);
    expect(own.total).toBe(1);
  });

  it('refuses roles without activity.view and checks the filters', async () => {
    expect((await app.inject({ url: '/api/challenges', headers: reviewer })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/challenges?rule=nonsense', headers: finance })).statusCode).toBe(400);
  });
});

describe('POST /api/challenges/:id/status', () => {
  it('records a decision with notes, who and when', async () => {
    const [dup] = (await list(finance, '?rule=exact_duplicate')).rows;
    const res = await app.inject({ method: 'POST', url: `/api/challenges/${dup!.id}/status`, headers: finance, payload: { status: 'agreed', notes: 'Credit note agreed.' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: dup!.id, status: 'agreed', statusLabel: 'Agreed', notes: 'Credit note agreed.', updatedBy: 'finance' });
    // A re-run keeps it.
    await app.inject({ method: 'POST', url: '/api/challenges/run', headers: finance, payload: { providerCode: 'RWG', year: '2025/26', month: 7 } });
    expect((await list(finance, '?rule=exact_duplicate')).rows[0]).toMatchObject({ id: dup!.id, status: 'agreed', notes: 'Credit note agreed.' });
  });

  it('needs notes, a known status and challenge.manage', async () => {
    const [c2c] = (await list(finance, '?rule=c2c_first')).rows;
    const url = `/api/challenges/${c2c!.id}/status`;
    const noNotes = await app.inject({ method: 'POST', url, headers: finance, payload: { status: 'withdrawn' } });
    expect(noNotes.statusCode).toBe(422);
    expect(noNotes.json()).toMatchObject({ error: 'notes_required', details: [{ field: 'notes' }] });
    expect((await app.inject({ method: 'POST', url, headers: finance, payload: { status: 'paid', notes: 'x' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url, headers: board, payload: { status: 'accepted', notes: 'x' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/challenges/999999/status', headers: finance, payload: { status: 'accepted', notes: 'x' } })).statusCode).toBe(404);
  });
});

describe('GET /api/challenges/schedule', () => {
  it('downloads the schedule as CSV with a total row', async () => {
    const res = await app.inject({ url: '/api/challenges/schedule.csv?provider=RWG&year=2025/26&month=7', headers: board });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="challenges-RWG-2025-26-07.csv"');
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Rule,Activity id,Date,Practice,Specialty,Point of delivery,Value (£),Status,Notes');
    expect(lines[1]).toBe('Consultant-to-consultant first attendance,B-1,2025-10-07,Practice E82002 (E82002),110 Trauma and Orthopaedic,OPFA,200.00,Open,');
    expect(lines[2]).toBe('Exact duplicate,A-2,2025-10-06,Practice E82001 (E82001),110 Trauma and Orthopaedic,OPFA,100.00,Agreed,Credit note agreed.');
    expect(lines[3]).toBe(`${SCHEDULE_TOTAL_LABEL},,,,,,300.00,,`);
  });

  it('downloads the schedule as XLSX, money as numbers', async () => {
    const res = await app.inject({ url: '/api/challenges/schedule.xlsx?provider=RWG&year=2025/26&month=7', headers: finance });
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Challenges')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Challenge schedule: Provider RWG (RWG)');
    expect(sheet.getRow(4).getCell(1).value).toBe('Rule');
    expect(sheet.getRow(7).values).toEqual([undefined, SCHEDULE_TOTAL_LABEL, undefined, undefined, undefined, undefined, undefined, 300]);
  });

  it('gives a practice its own lines, and 404 for an unknown provider', async () => {
    const res = await app.inject({ url: '/api/challenges/schedule.csv?provider=RWG&year=2025/26&month=7', headers: practice });
    expect(res.body.split('\r\n').filter(Boolean)).toHaveLength(3); // header, A-2, total
    expect((await app.inject({ url: '/api/challenges/schedule.csv?provider=NOPE&year=2025/26&month=7', headers: finance })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/challenges/schedule.csv?provider=RWG', headers: finance })).statusCode).toBe(400);
  });
});
