import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/database.js';
import { generateLocality } from '../../domain/demo/locality.js';
import type { DemoReferral } from '../../domain/demo/referrals.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testDatabase } from '../../testing/test-db.js';
import { verifyAuditLog } from '../audit/audit-log.js';
import { loadDemo, type DemoSummary } from './load.js';
import { loadDemoReferrals } from './referrals.js';

const PASSWORD = 'demo-password';

describe('the demo referrals', () => {
  let t: TestApp;
  let first: DemoSummary;

  beforeAll(async () => {
    t = await createTestApp();
    first = await loadDemo(t.database, { password: PASSWORD });
  });
  afterAll(() => t.close());

  it('loads the catalogue and a year of referrals in several statuses, each with its history', async () => {
    const { db } = t.database;
    expect(first.referrals.catalogue).toEqual({ pathways: 6, communityServices: 9, priorApprovals: 15 });
    expect(first.referrals.generated).toBeGreaterThan(3000);
    expect(first.referrals).toMatchObject({ submitted: first.referrals.generated, existing: 0 });
    const statuses = Object.keys(first.referrals.byStatus);
    expect(statuses).toEqual(expect.arrayContaining(['awaiting_triage', 'forwarded', 'diverted', 'returned_with_advice', 'info_requested', 'discussed_with_gp', 'booked']));
    expect(Object.values(first.referrals.byStatus).reduce((a, b) => a + b, 0)).toBe(first.referrals.generated);

    // Every referral arrived (two events) and every decision is an event with who and why.
    const events = await db.selectFrom('referral_event').select(['action', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('action').execute();
    const byAction = Object.fromEntries(events.map((e) => [e.action, Number(e.n)]));
    expect(byAction.received).toBe(first.referrals.generated);
    expect(byAction.queue_for_triage! + byAction.forward!).toBeGreaterThan(first.referrals.generated);
    expect(byAction).toMatchObject({ divert: expect.any(Number), book: expect.any(Number), contact: expect.any(Number), prior_approval: expect.any(Number) });
    const decisions = Object.entries(byAction).filter(([a]) => a !== 'received' && a !== 'queue_for_triage').reduce((a, [, n]) => a + n, 0);
    const twoWeekWait = Number((await db.selectFrom('referral').select((eb) => eb.fn.countAll().as('n')).where('priority', '=', '2ww').executeTakeFirstOrThrow()).n);
    expect(decisions - twoWeekWait).toBe(first.referrals.decisions); // a 2ww referral's forward is its arrival
    expect(await db.selectFrom('referral_event').select('id').where('reason', 'is', null).where('action', 'in', ['forward', 'divert', 'return_with_advice', 'request_info', 'discuss_with_gp']).where('actor', '<>', 'gateway').execute()).toEqual([]);

    // History is dated over the year, not at load time.
    const latest = await db.selectFrom('referral_event').select((eb) => eb.fn.max('at').as('at')).executeTakeFirstOrThrow();
    expect(new Date(latest.at as Date).toISOString().slice(0, 10) < new Date().toISOString().slice(0, 10)).toBe(true);
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('shows a practice its referrals and the booking team its list through the API', async () => {
    const practice = await t.signIn('practice-e82001', PASSWORD);
    const list = await t.app.inject({ url: '/api/referrals?limit=20', headers: practice });
    expect(list.statusCode).toBe(200);
    const referrals = list.json<{ practiceCode: string; events: unknown[] }[]>();
    expect(referrals.length).toBeGreaterThan(0);
    expect(referrals.every((r) => r.practiceCode === 'E82001' && r.events.length >= 2)).toBe(true);
  });

  it('adds nothing when loaded again', async () => {
    const { db } = t.database;
    const counts = async () => Object.fromEntries(await Promise.all((['referral', 'referral_event', 'referral_choice', 'notification', 'booking_contact', 'pathway'] as const)
      .map(async (table) => [table, Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)])));
    const before = await counts();
    const again = await loadDemo(t.database, { password: PASSWORD });
    expect(again.referrals).toMatchObject({ submitted: 0, decisions: 0, existing: first.referrals.generated, catalogue: { pathways: 0, communityServices: 0, priorApprovals: 0 } });
    expect(await counts()).toEqual(before);
  });
});

describe('loading in batches', () => {
  // The services (submitReferral, approvePrior, decide, recordContact) are the reference: the
  // batch path must leave exactly the rows they leave. A slice with every kind of outcome.
  let viaServices: Database, inBatches: Database;
  const locality = generateLocality();
  const pick = (r: DemoReferral, i: number) => i < 80 || (i < 1200 && Boolean(r.outcome?.priorApproval || r.outcome?.action === 'discuss_with_gp'));

  beforeAll(async () => {
    [viaServices, inBatches] = await Promise.all([testDatabase(), testDatabase()]);
    for (const database of [viaServices, inBatches]) await loadDemo(database, { password: PASSWORD, referralFraction: 0 });
    const period = { from: '2024-11-01', to: '2025-10-31' }; // fixed, so both loads see the same referrals
    await loadDemoReferrals(viaServices.db, locality, { via: 'services', pick, period });
    await loadDemoReferrals(inBatches.db, locality, { via: 'batch', pick, period });
  }, 180_000);
  afterAll(async () => {
    await viaServices.close();
    await inBatches.close();
  });

  const snapshot = async (db: Db) => {
    // The pseudonym's secret is per database; ids are random: compare by reference.
    const referrals = await db.selectFrom('referral').selectAll().orderBy('reference').execute();
    const reference = new Map(referrals.map((r) => [r.id, r.reference]));
    const events = await db.selectFrom('referral_event').select(['referral_id', 'at', 'actor', 'action', 'from_status', 'to_status', 'reason', 'details']).orderBy('id').execute();
    const notifications = await db.selectFrom('notification').select(['referral_id', 'practice_code', 'at', 'message']).orderBy('id').execute();
    const contacts = await db.selectFrom('booking_contact').select(['referral_id', 'at', 'actor', 'method', 'outcome', 'note']).orderBy('id').execute();
    const byReferral = <T extends { referral_id: string | null }>(rows: T[]) => rows.map(({ referral_id, ...rest }) => ({ referral: reference.get(referral_id!), ...rest }))
      .sort((a, b) => (a.referral! < b.referral! ? -1 : a.referral! > b.referral! ? 1 : 0));
    return {
      referrals: referrals.map(({ id: _id, patient_pseudo: _p, ...rest }) => rest),
      events: byReferral(events), notifications: byReferral(notifications), contacts: byReferral(contacts),
    };
  };

  it('leaves the same referrals, events, notifications and contacts as the services', async () => {
    const expected = await snapshot(viaServices.db);
    const actual = await snapshot(inBatches.db);
    expect(expected.referrals.length).toBeGreaterThan(100);
    expect(new Set(expected.referrals.map((r) => r.status)).size).toBeGreaterThanOrEqual(6);
    expect(expected.contacts.length).toBeGreaterThan(0);
    expect(expected.referrals.some((r) => r.prior_approved_at)).toBe(true);
    expect(actual.referrals).toEqual(expected.referrals);
    expect(actual.events).toEqual(expected.events);
    expect(actual.notifications).toEqual(expected.notifications);
    expect(actual.contacts).toEqual(expected.contacts);
  });
});
