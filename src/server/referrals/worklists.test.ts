import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workingDaysBetween } from '../../domain/calendar/working-days.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { buildReferralCatalogue, validReferral } from '../../testing/referrals.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { submitReferral } from './service.js';

let t: TestApp;
let practice: Record<string, string>, other: Record<string, string>, reviewer: Record<string, string>, booking: Record<string, string>, finance: Record<string, string>;
const ids: Record<string, string> = {};
const received30DaysAgo = new Date(Date.now() - 30 * 86_400_000);

type Row = { id: string; overdue: boolean; ageWorkingDays: number; priority: string; practiceCode: string; receivedAt: string; pathwayMissed: number; assignedTo: string | null };

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await buildOrgTree(db);
  await buildReferralCatalogue(db);
  const gp = await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'practice-e82002', 'practice', 'E82002');
  await createTestUser(db, 'reviewer', 'reviewer');
  await createTestUser(db, 'booking', 'booking');
  await createTestUser(db, 'finance', 'finance');
  practice = await t.signIn('practice-e82001');
  other = await t.signIn('practice-e82002');
  reviewer = await t.signIn('reviewer');
  booking = await t.signIn('booking');
  finance = await t.signIn('finance');

  // A referral that arrived 30 days ago and has waited for triage since: overdue.
  const gpUser: AuthenticatedUser = { id: gp.id, username: gp.username, role: 'practice', practiceCode: 'E82001', displayName: 'GP', isDemo: false };
  ids.old = (await submitReferral(db, gpUser, validReferral({ pathwayCode: 'knee-pain' }), { source: 'web', receivedAt: received30DaysAgo })).referral.id;
  const submit = async (headers: Record<string, string>, overrides: Parameters<typeof validReferral>[0]) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/referrals', headers, payload: validReferral(overrides) as object });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; version: number }>();
  };
  ids.fresh = (await submit(practice, { pathwayCode: 'knee-pain', clinicalInfo: { duration_months: 6 } })).id;
  ids.urgent = (await submit(other, { practiceCode: 'E82002', priority: 'urgent', tfc: '330', reason: { system: 'icd10', code: 'L40.0' } })).id;
  ids.twoWeek = (await submit(practice, { priority: '2ww', reason: { system: 'icd10', code: 'C50.9' } })).id;
  const mine = await submit(practice, {});
  ids.mine = mine.id;
  const assigned = await t.app.inject({ method: 'POST', url: `/api/referrals/${mine.id}/assignment`, headers: reviewer, payload: { version: mine.version, reviewer: 'reviewer' } });
  expect(assigned.statusCode, assigned.body).toBe(200);
});
afterAll(() => t.close());

const counts = async (headers: Record<string, string>) => {
  const res = await t.app.inject({ url: '/api/worklists', headers });
  expect(res.statusCode, res.body).toBe(200);
  return Object.fromEntries(res.json<{ lists: { name: string; count: number }[] }>().lists.map((l) => [l.name, l.count]));
};
const list = async (headers: Record<string, string>, name: string, query = '') => {
  const res = await t.app.inject({ url: `/api/worklists/${name}${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ total: number; rows: Row[] }>();
};

describe('worklist counts', () => {
  it('gives a reviewer the triage lists, with overdue and assigned-to-me counted', async () => {
    expect(await counts(reviewer)).toEqual({ awaiting_triage: 4, info_requested: 0, discussed_with_gp: 0, overdue: 1, mine: 1 });
  });

  it('gives the referral centre the booking list', async () => {
    expect(await counts(booking)).toEqual({ to_book: 1 });
  });

  it('gives a practice its own referrals by status, and other roles nothing', async () => {
    expect(await counts(practice)).toMatchObject({ all: 4, awaiting_triage: 3, forwarded: 1, booked: 0 });
    expect(await counts(other)).toMatchObject({ all: 1, awaiting_triage: 1, forwarded: 0 });
    expect(await counts(finance)).toEqual({});
  });
});

describe('worklist rows', () => {
  it('shows an overdue referral on the overdue list, aged in working days, with the patient as NHS lists show them', async () => {
    const page = await list(reviewer, 'overdue');
    expect(page.total).toBe(1);
    const receivedDay = received30DaysAgo.toISOString().slice(0, 10);
    expect(page.rows[0]).toMatchObject({
      id: ids.old, overdue: true, priority: 'routine', tfc: '110', tfcName: 'Trauma and Orthopaedic',
      patientName: 'SMITH, Jo', nhsNumber: '943 476 5919', practiceCode: 'E82001', practiceName: 'Practice E82001',
      status: 'awaiting_triage', statusLabel: 'Awaiting triage', assignedTo: null, bookingStatus: null,
      ageWorkingDays: workingDaysBetween(receivedDay, new Date().toISOString().slice(0, 10)),
      pathwayMissed: 2, // knee pain: no duration given, no X-ray
    });
    expect(page.rows[0]!.ageWorkingDays).toBeGreaterThanOrEqual(18);
    const fresh = (await list(reviewer, 'awaiting_triage')).rows.find((r) => r.id === ids.fresh)!;
    expect(fresh).toMatchObject({ overdue: false, ageWorkingDays: 0, pathwayMissed: 1 });
  });

  it('sorts by due date, received time and priority, either way', async () => {
    expect((await list(reviewer, 'awaiting_triage', '?sort=due&order=asc')).rows[0]!.id).toBe(ids.old);
    const newestFirst = (await list(reviewer, 'awaiting_triage', '?sort=received&order=desc')).rows;
    expect(newestFirst.map((r) => r.receivedAt)).toEqual([...newestFirst.map((r) => r.receivedAt)].sort().reverse());
    expect(newestFirst.at(-1)!.id).toBe(ids.old);
    expect((await list(reviewer, 'awaiting_triage', '?sort=priority&order=asc')).rows[0]!.id).toBe(ids.urgent);
    expect((await list(reviewer, 'awaiting_triage', '?sort=priority&order=desc')).rows.at(-1)!.id).toBe(ids.urgent);
  });

  it('filters by specialty, priority and assignment, and pages with a total', async () => {
    expect((await list(reviewer, 'awaiting_triage', '?tfc=330')).rows.map((r) => r.id)).toEqual([ids.urgent]);
    expect((await list(reviewer, 'awaiting_triage', '?priority=urgent')).rows.map((r) => r.id)).toEqual([ids.urgent]);
    expect((await list(reviewer, 'awaiting_triage', '?assigned=me')).rows.map((r) => r.id)).toEqual([ids.mine]);
    expect((await list(reviewer, 'awaiting_triage', '?assigned=unassigned')).total).toBe(3);
    expect((await list(reviewer, 'mine')).rows).toEqual([expect.objectContaining({ id: ids.mine, assignedTo: 'reviewer' })]);
    const page = await list(reviewer, 'awaiting_triage', '?sort=received&order=asc&limit=2&offset=2');
    expect(page).toMatchObject({ total: 4, limit: 2, offset: 2 });
    expect(page.rows).toHaveLength(2);
    expect(await list(reviewer, 'awaiting_triage', '?offset=10')).toMatchObject({ total: 4, rows: [] });
    const bad = await t.app.inject({ url: '/api/worklists/awaiting_triage?sort=name&assigned=someone', headers: reviewer });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['querystring.sort', 'querystring.assigned']));
  });

  it('puts forwarded two-week-wait referrals on the booking list', async () => {
    expect((await list(booking, 'to_book')).rows).toEqual([expect.objectContaining({ id: ids.twoWeek, priority: '2ww', bookingStatus: 'to_book', status: 'forwarded', overdue: false })]);
  });

  it('keeps a practice to its own referrals and its own lists', async () => {
    const mine = await list(practice, 'all');
    expect(mine.total).toBe(4);
    expect(mine.rows.every((r) => r.practiceCode === 'E82001')).toBe(true);
    const theirs = await list(other, 'awaiting_triage');
    expect(theirs.rows.map((r) => r.id)).toEqual([ids.urgent]);
    expect((await t.app.inject({ url: '/api/worklists/overdue', headers: other })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/worklists/to_book', headers: reviewer })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/worklists/nonsense', headers: reviewer })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/worklists/awaiting_triage', headers: finance })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/worklists/awaiting_triage' })).statusCode).toBe(401);
  });

  it('audits each list view once, with the list and the ids shown', async () => {
    const db = t.database.db;
    const before = await db.selectFrom('audit_log').select('id').where('action', '=', 'referral.worklist').where('actor', '=', 'reviewer').execute();
    await list(reviewer, 'overdue', '?sort=due');
    const entries = await db.selectFrom('audit_log').select(['entity_id', 'outcome', 'details']).where('action', '=', 'referral.worklist')
      .where('actor', '=', 'reviewer').where('id', 'not in', before.length ? before.map((b) => b.id) : [0]).execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entity_id: 'overdue', outcome: 'ok', details: { list: 'overdue', shown: [ids.old] } });
    const denied = await db.selectFrom('audit_log').select('entity_id').where('action', '=', 'referral.worklist').where('actor', '=', 'practice-e82002').where('outcome', '=', 'denied').execute();
    expect(denied.map((d) => d.entity_id)).toContain('overdue');
  });
});
