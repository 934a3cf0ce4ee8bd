import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { buildReferralCatalogue, validReferral } from '../../testing/referrals.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let practice: Record<string, string>, other: Record<string, string>, reviewer: Record<string, string>, reviewer2: Record<string, string>, booking: Record<string, string>, finance: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await buildOrgTree(db);
  await buildReferralCatalogue(db);
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'practice-e82002', 'practice', 'E82002');
  await createTestUser(db, 'reviewer', 'reviewer');
  await createTestUser(db, 'reviewer2', 'reviewer');
  await createTestUser(db, 'booking', 'booking');
  await createTestUser(db, 'finance', 'finance');
  practice = await t.signIn('practice-e82001');
  other = await t.signIn('practice-e82002');
  reviewer = await t.signIn('reviewer');
  reviewer2 = await t.signIn('reviewer2');
  booking = await t.signIn('booking');
  finance = await t.signIn('finance');
});
afterAll(() => t.close());

const submit = (headers: Record<string, string>, payload: unknown, extra: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/referrals', headers: { ...headers, ...extra }, payload: payload as object });

describe('submitting a referral', () => {
  it('accepts a valid referral, checks its pathway and queues it for triage with a due date', async () => {
    const res = await submit(practice, validReferral({ pathwayCode: 'knee-pain', clinicalInfo: { duration_months: 6 } }));
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ status: 'awaiting_triage', practiceCode: 'E82001', reference: expect.stringMatching(/^R-\d{4}-\d{6}$/) });
    expect(r.pathwayCheck.map((c: { id: string; met: boolean }) => [c.id, c.met])).toEqual([['duration', true], ['xray', false]]);
    expect(r.triageDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.headers.location).toBe(`/api/referrals/${r.id}`);
  });

  it('answers a submission with the same view a later read returns (built in hand, not read back)', async () => {
    // a prior-approval procedure, two choices and a pathway: every name the view looks up
    for (const payload of [
      validReferral({ pathwayCode: 'knee-pain', procedureCode: 'W85.1', chosenProviders: ['RQW', 'RWG'], clinicalInfo: { duration_months: 2 } }),
      validReferral({ priority: '2ww', reason: { system: 'icd10', code: 'C50.9', display: 'Breast cancer' } }),
    ]) {
      const created = await submit(practice, payload);
      expect(created.statusCode, created.body).toBe(201);
      const read = await t.app.inject({ method: 'GET', url: `/api/referrals/${created.json().id}`, headers: practice });
      expect(created.json()).toEqual(read.json());
    }
  });

  it('searches newest first, each result the same full view as reading it alone', async () => {
    const list = (await t.app.inject({ url: '/api/referrals?limit=5', headers: practice })).json() as { id: string; receivedAt: string }[];
    expect(list.length).toBeGreaterThanOrEqual(3);
    expect(list.map((r) => r.receivedAt)).toEqual([...list.map((r) => r.receivedAt)].sort().reverse());
    for (const r of list) {
      expect((await t.app.inject({ url: `/api/referrals/${r.id}`, headers: practice })).json()).toEqual(r);
    }
  });

  it('sends a two-week-wait referral straight to the first-choice provider', async () => {
    const r = (await submit(practice, validReferral({ priority: '2ww', reason: { system: 'icd10', code: 'C50.9' } }))).json();
    expect(r).toMatchObject({ status: 'forwarded', forwardedTo: 'RWG', bookingStatus: 'to_book' });
  });

  it('refuses bad input naming each field, and stores nothing', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const before = await t.database.db.selectFrom('referral').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await submit(practice, validReferral({ chosenProviders: ['RWG', 'XXX'], tfc: '999', referralDate: tomorrow, reason: { system: 'icd10', code: 'banana' } }, { nhsNumber: '9434765918' }));
    expect(res.statusCode).toBe(422);
    const fields = res.json().details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['patient.nhsNumber', 'chosenProviders.1', 'tfc', 'referralDate', 'reason.code']));
    expect(res.json().message).toMatch(/Nothing was stored/);
    const after = await t.database.db.selectFrom('referral').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('returns the same referral for a repeated external id or Idempotency-Key', async () => {
    const first = await submit(practice, validReferral({ externalId: 'EMIS-123' }));
    const again = await submit(practice, validReferral({ externalId: 'EMIS-123' }));
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const keyed = await Promise.all([1, 2, 3].map(() => submit(practice, validReferral(), { 'idempotency-key': 'retry-abc' })));
    expect(new Set(keyed.map((r) => r.json().id)).size).toBe(1);
    expect(keyed.filter((r) => r.statusCode === 201)).toHaveLength(1);
  });

  it('lets a practice refer only for itself', async () => {
    const res = await submit(other, validReferral());
    expect(res.statusCode).toBe(403);
  });
});

describe('seeing referrals', () => {
  it('hides another practice’s referral (404), and audits every view', async () => {
    const r = (await submit(practice, validReferral())).json();
    expect((await t.app.inject({ url: `/api/referrals/${r.id}`, headers: other })).statusCode).toBe(404);
    const list = (await t.app.inject({ url: '/api/referrals', headers: other })).json();
    expect(list.every((x: { practiceCode: string }) => x.practiceCode === 'E82002')).toBe(true);
    expect((await t.app.inject({ url: `/api/referrals/${r.id}`, headers: reviewer })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/referrals/${r.id}`, headers: finance })).statusCode).toBe(403);
    const audit = await t.database.db.selectFrom('audit_log').select(['actor', 'outcome']).where('action', '=', 'referral.view').where('entity_id', '=', r.id).execute();
    expect(audit).toEqual(expect.arrayContaining([{ actor: 'practice-e82002', outcome: 'denied' }, { actor: 'reviewer', outcome: 'ok' }, { actor: 'finance', outcome: 'denied' }]));
  });
});

describe('triage', () => {
  it('diverts, books and closes, recording who, when and why, and tells the practice', async () => {
    let r = (await submit(practice, validReferral())).json();
    const decide = (headers: Record<string, string>, body: object) => t.app.inject({ method: 'POST', url: `/api/referrals/${r.id}/decisions`, headers, payload: { version: r.version, ...body } });
    let res = await decide(reviewer, { action: 'divert', serviceCode: 'CMSK', reason: 'Suitable for community physiotherapy first' });
    expect(res.statusCode).toBe(200);
    r = res.json();
    expect(r).toMatchObject({ status: 'diverted', divertedTo: { code: 'CMSK' } });
    expect(r.events.at(-1)).toMatchObject({ actor: 'reviewer', action: 'divert', fromStatus: 'awaiting_triage', toStatus: 'diverted', reason: 'Suitable for community physiotherapy first' });

    expect((await decide(reviewer, { action: 'book', bookedDate: '2025-11-20', bookedProvider: 'RWG' })).statusCode).toBe(403);
    res = await decide(booking, { action: 'book', bookedDate: '2025-11-20', bookedProvider: 'RWG', reason: '' });
    expect(res.statusCode).toBe(200);
    r = res.json();
    expect(r).toMatchObject({ status: 'booked', bookedDate: '2025-11-20' });
    const notices = await t.database.db.selectFrom('notification').select('message').where('referral_id', '=', r.id).execute();
    expect(notices.map((n) => n.message).join(' ')).toMatch(/diverted to Community MSK service.*booked with RWG/);
  });

  it('gives the second of two reviewers a conflict instead of a silent overwrite', async () => {
    const r = (await submit(practice, validReferral())).json();
    const a = await t.app.inject({ method: 'POST', url: `/api/referrals/${r.id}/decisions`, headers: reviewer, payload: { version: r.version, action: 'forward', reason: 'Meets criteria' } });
    const b = await t.app.inject({ method: 'POST', url: `/api/referrals/${r.id}/decisions`, headers: reviewer2, payload: { version: r.version, action: 'return_with_advice', advice: 'Try physio', reason: 'Conservative care first' } });
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(409);
    expect(b.json().message).toMatch(/changed by reviewer/);
  });

  it('refuses an illegal transition with a clear message', async () => {
    const r = (await submit(practice, validReferral({ priority: '2ww', reason: { system: 'icd10', code: 'C43.9' } }))).json();
    const res = await t.app.inject({ method: 'POST', url: `/api/referrals/${r.id}/decisions`, headers: reviewer, payload: { version: r.version, action: 'divert', serviceCode: 'CMSK', reason: 'x' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/cannot be diverted/);
  });

  it('needs prior approval before forwarding a listed procedure', async () => {
    let r = (await submit(practice, validReferral({ procedureCode: 'W85.1' }))).json();
    expect(r.needsPriorApproval).toBe(true);
    const blocked = await t.app.inject({ method: 'POST', url: `/api/referrals/${r.id}/decisions`, headers: reviewer, payload: { version: r.version, action: 'forward', reason: 'ok' } });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error).toBe('prior_approval_needed');
    r = (await t.app.inject({ method: 'POST', url: `/api/referrals/${r.id}/prior-approval`, headers: reviewer, payload: { version: r.version, approvalReference: 'PA-2025-17', reason: 'Locking knee' } })).json();
    const ok = await t.app.inject({ method: 'POST', url: `/api/referrals/${r.id}/decisions`, headers: reviewer, payload: { version: r.version, action: 'forward', reason: 'Approved' } });
    expect(ok.statusCode).toBe(200);
  });

  it('re-categorises keeping the original code', async () => {
    const r = (await submit(practice, validReferral())).json();
    const res = await t.app.inject({ method: 'POST', url: `/api/referrals/${r.id}/recategorise`, headers: reviewer, payload: { version: r.version, tfc: '330', reasonCode: 'L40.0', reason: 'This is psoriasis, not knee OA' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ tfc: '330', reason: { code: 'L40.0' }, originalTfc: '110', originalReason: { system: 'icd10', code: 'M17.1' } });
  });
});
