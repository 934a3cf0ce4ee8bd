import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertActivity } from '../../testing/activity.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let practice: Record<string, string>, commissioner: Record<string, string>, finance: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await buildOrgTree(db);
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'commissioner', 'commissioner');
  await createTestUser(db, 'finance', 'finance');
  practice = await t.signIn('practice-e82001');
  commissioner = await t.signIn('commissioner');
  finance = await t.signIn('finance');
  const nel = (practice_code: string, patient_pseudo: string, activity_date: string) => ({ pod: 'NEL' as const, tfc: '300', practice_code, patient_pseudo, activity_date });
  await insertActivity(db, [
    { activity_id: 'O1', activity_date: '2025-05-01', practice_code: 'E82001' },
    { activity_id: 'O2', activity_date: '2025-05-02', practice_code: 'E82002' },
    ...['2025-02-01', '2025-03-01', '2025-04-01'].map((d) => nel('E82001', 'own-patient-pseudonym', d)),
    ...['2025-02-01', '2025-03-01', '2025-04-01'].map((d) => nel('E82002', 'other-patient-pseudonym', d)),
  ]);
});
afterAll(() => t.close());

describe('GET /api/activity/matching', () => {
  it('shows a practice only its own attendances', async () => {
    const own = await t.app.inject({ url: '/api/activity/matching?year=2025/26&practice=E82002', headers: practice });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().unmatchedAttendances.rows.map((r: { practiceCode: string }) => r.practiceCode)).toEqual(['E82001']);
    const all = (await t.app.inject({ url: '/api/activity/matching?year=2025/26', headers: commissioner })).json();
    expect(all.attendances).toBe(2);
  });
  it('refuses a malformed year by name', async () => {
    const res = await t.app.inject({ url: '/api/activity/matching?year=2025', headers: commissioner });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/financial year like 2025\/26/);
  });
});

describe('GET /api/case-finding', () => {
  it('gives the commissioner pseudonymous labels, a practice its own patients only, finance nothing', async () => {
    const all = (await t.app.inject({ url: '/api/case-finding?asOf=2025-06-01', headers: commissioner })).json();
    expect(all.patients.map((p: { practiceCode: string; reidentified: boolean }) => [p.practiceCode, p.reidentified]).sort()).toEqual([['E82001', false], ['E82002', false]]);
    const own = (await t.app.inject({ url: '/api/case-finding?asOf=2025-06-01', headers: practice })).json();
    expect(own.patients.map((p: { practiceCode: string }) => p.practiceCode)).toEqual(['E82001']);
    expect((await t.app.inject({ url: '/api/case-finding', headers: finance })).statusCode).toBe(403);
  });
});
