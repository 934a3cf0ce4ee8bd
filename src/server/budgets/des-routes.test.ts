/**
 * DES payments and invoices through HTTP (FIN-7): the 75/25 split stored with each payment; the
 * pot of a group; invoices entered, refused when larger than the pot, approved (the pot falls) or
 * rejected by the board with notes, never by whoever entered them, and marked paid; who sees what;
 * the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';

const YEAR = '2025/26';

let t: TestApp;
let db: Db;
let finance: Record<string, string>, board: Record<string, string>, practice: Record<string, string>, commissioner: Record<string, string>;

type Pot = { groupCode: string | null; heldPence: number; approvedPence: number; paidPence: number; awaitingPence: number; remainingPence: number; groups: { groupCode: string; remainingPence: number }[] };
type Invoice = { id: number; groupCode: string; practiceCode: string | null; status: string; statusLabel: string; decidedBy: string | null; notes: string; paidBy: string | null };

const post = (url: string, payload: object, headers = finance) => t.app.inject({ method: 'POST', url, headers, payload });
const pot = async (query: string, headers = finance) => {
  const res = await t.app.inject({ url: `/api/des/pot?year=${YEAR}${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Pot>();
};
const invoice = async (payload: object, headers = finance) => {
  const res = await post('/api/des/invoices', { year: YEAR, supplier: 'Herts Training Ltd', description: 'Locality training day', ...payload }, headers);
  return res;
};
const decide = (id: number, decision: 'approved' | 'rejected', notes = '', headers = board) => post(`/api/des/invoices/${id}/decision`, { decision, notes }, headers);

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  await buildOrgTree(db, { practices: ['E82001', 'E82002', 'E82003'], patientsPerBand: 0 }); // E82001, E82003 in NORTH; E82002 in SOUTH
  await createTestUser(db, 'finance', 'finance');
  await createTestUser(db, 'board', 'board');
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'commissioner', 'commissioner');
  [finance, board, practice, commissioner] = await Promise.all([t.signIn('finance'), t.signIn('board'), t.signIn('practice-e82001'), t.signIn('commissioner')]);
});
afterAll(() => t.close());

describe('DES payments', () => {
  it('records each payment with its split: 25% held rounded down, the odd penny to the practice', async () => {
    const res = await post('/api/des/payments', { practiceCode: 'E82001', year: YEAR, description: 'PBC DES 2025/26', amountPence: 400_003, paidOn: '2025-06-30' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ practiceCode: 'E82001', groupCode: 'NORTH', amountPence: 400_003, directPence: 300_003, heldPence: 100_000, recordedBy: 'finance' });
    expect((await post('/api/des/payments', { practiceCode: 'E82003', year: YEAR, description: 'PBC DES 2025/26', amountPence: 400_000, paidOn: '2025-06-30' })).statusCode).toBe(201);
    expect((await post('/api/des/payments', { practiceCode: 'E82002', year: YEAR, description: 'PBC DES 2025/26', amountPence: 200_000, paidOn: '2025-06-30' })).statusCode).toBe(201);
    const audit = await db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'des.payment').execute();
    expect(audit).toHaveLength(3);
    expect(audit[0]).toMatchObject({ actor: 'finance', details: { amountPence: 400_003, heldPence: 100_000, directPence: 300_003 } });
  });

  it('refuses a payment dated outside the year, and from those who cannot manage budgets', async () => {
    const outside = await post('/api/des/payments', { practiceCode: 'E82001', year: YEAR, description: 'x', amountPence: 100, paidOn: '2026-04-01' });
    expect(outside.statusCode).toBe(422);
    expect(outside.json()).toMatchObject({ message: 'The date paid must be in 2025/26.' });
    expect((await post('/api/des/payments', { practiceCode: 'E82001', year: YEAR, description: 'x', amountPence: 100, paidOn: '2025-05-01' }, practice)).statusCode).toBe(403);
    expect((await post('/api/des/payments', { practiceCode: 'E82001', year: YEAR, description: 'x', amountPence: 0, paidOn: '2025-05-01' })).statusCode).toBe(400);
  });

  it('shows a practice only its own payments', async () => {
    const res = await t.app.inject({ url: `/api/des/payments?year=${YEAR}`, headers: practice });
    expect(res.json<{ practiceCode: string }[]>().map((p) => p.practiceCode)).toEqual(['E82001']);
  });
});

describe('the pot and its invoices', () => {
  let first: number;

  it('holds 25% of each group’s payments', async () => {
    expect(await pot('&group=NORTH')).toMatchObject({ groupCode: 'NORTH', heldPence: 200_000, remainingPence: 200_000 });
    const all = await pot('');
    expect(all).toMatchObject({ groupCode: null, heldPence: 250_000, remainingPence: 250_000 });
    expect(all.groups.map((g) => [g.groupCode, g.remainingPence])).toEqual([['NORTH', 200_000], ['SOUTH', 50_000]]);
  });

  it('takes an invoice awaiting approval without touching the pot; refuses one larger than the pot', async () => {
    const res = await invoice({ groupCode: 'NORTH', amountPence: 150_000 });
    expect(res.statusCode, res.body).toBe(201);
    first = res.json<Invoice>().id;
    expect(res.json()).toMatchObject({ groupCode: 'NORTH', practiceCode: null, status: 'submitted', statusLabel: 'Awaiting approval' });
    expect(await pot('&group=NORTH')).toMatchObject({ awaitingPence: 150_000, remainingPence: 200_000 });

    const tooBig = await invoice({ groupCode: 'NORTH', amountPence: 200_001 });
    expect(tooBig.statusCode).toBe(422);
    expect(tooBig.json()).toMatchObject({
      error: 'exceeds_pot', details: [{ field: 'amountPence' }],
      message: 'The invoice (£2,000.01) is more than the pot has left (£2,000.00): 25% of DES payments held is £2,000.00, of which £0.00 is already approved or paid.',
    });
  });

  it('lets the board approve it, and the pot falls by its amount', async () => {
    const res = await decide(first, 'approved', 'Agreed at the board, 12 Nov');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'approved', decidedBy: 'board', notes: 'Agreed at the board, 12 Nov' });
    expect(await pot('&group=NORTH')).toMatchObject({ approvedPence: 150_000, awaitingPence: 0, remainingPence: 50_000 });
    expect((await decide(first, 'approved')).statusCode).toBe(409); // already decided
    const audit = await db.selectFrom('audit_log').select(['actor', 'entity_id', 'details']).where('action', '=', 'des.invoice.decide').execute();
    expect(audit).toEqual([{ actor: 'board', entity_id: String(first), details: expect.objectContaining({ from: 'submitted', to: 'approved', amountPence: 150_000, submittedBy: 'finance' }) }]);
  });

  it('lets a practice enter an invoice for itself, against its group’s pot, and see only its own', async () => {
    const tooBig = await invoice({ amountPence: 50_001 }, practice);
    expect(tooBig.statusCode).toBe(422);
    const ok = await invoice({ amountPence: 30_000 }, practice);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ practiceCode: 'E82001', groupCode: 'NORTH' });
    expect((await invoice({ practiceCode: 'E82002', amountPence: 100 }, practice)).statusCode).toBe(404);
    const mine = await t.app.inject({ url: `/api/des/invoices?year=${YEAR}`, headers: practice });
    expect(mine.json<Invoice[]>().map((i) => i.practiceCode)).toEqual(['E82001']);
    expect((await t.app.inject({ url: `/api/des/invoices/${first}`, headers: practice })).statusCode).toBe(404);
    // The practice's view of the pot is its own group's, whatever it asks for.
    expect(await pot('', practice)).toMatchObject({ groupCode: 'NORTH', remainingPence: 50_000 });
    expect((await t.app.inject({ url: `/api/des/pot?year=${YEAR}&group=SOUTH`, headers: practice })).statusCode).toBe(404);
  });

  it('re-checks the pot on approval, so two invoices cannot together overdraw it', async () => {
    const a = (await invoice({ groupCode: 'NORTH', amountPence: 40_000 })).json<Invoice>().id;
    const pending = (await t.app.inject({ url: `/api/des/invoices?year=${YEAR}&status=submitted`, headers: finance })).json<Invoice[]>();
    const fromPractice = pending.find((i) => i.practiceCode === 'E82001')!.id;
    expect((await decide(fromPractice, 'approved')).statusCode).toBe(200); // 50,000 − 30,000 = 20,000 left
    const refused = await decide(a, 'approved');
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: 'exceeds_pot' });
    expect((await db.selectFrom('des_invoice').select('status').where('id', '=', a).executeTakeFirstOrThrow()).status).toBe('submitted');
  });

  it('rejects with a reason, and never lets anyone decide on an invoice they entered', async () => {
    const a = (await db.selectFrom('des_invoice').select('id').where('status', '=', 'submitted').executeTakeFirstOrThrow()).id;
    const noReason = await decide(a, 'rejected', '  ');
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json()).toMatchObject({ error: 'notes_required', details: [{ field: 'notes' }] });
    expect((await decide(a, 'rejected', 'Over the pot; resubmit next quarter')).json()).toMatchObject({ status: 'rejected', notes: 'Over the pot; resubmit next quarter' });
    expect((await decide(a, 'approved')).statusCode).toBe(409);

    // No role both enters and approves invoices today; the rule holds whatever the grants become.
    const own = await db.insertInto('des_invoice').values({ group_code: 'SOUTH', year: YEAR, supplier: 'S', description: 'D', amount_pence: 100, submitted_by: 'board' })
      .returning('id').executeTakeFirstOrThrow();
    const refused = await decide(Number(own.id), 'approved');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'own_invoice', message: 'You submitted this invoice, so someone else must decide on it.' });
    expect((await decide(Number(own.id), 'approved', '', finance)).statusCode).toBe(403);
    expect((await invoice({ groupCode: 'SOUTH', amountPence: 100 }, board)).statusCode).toBe(403);
  });

  it('marks an approved invoice paid (finance), which keeps it off the pot', async () => {
    expect((await post(`/api/des/invoices/${first}/paid`, { notes: 'BACS 4471' }, board)).statusCode).toBe(403);
    const res = await post(`/api/des/invoices/${first}/paid`, { notes: 'BACS 4471' }, commissioner);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'paid', paidBy: 'commissioner', notes: 'Agreed at the board, 12 Nov\nPaid: BACS 4471' });
    expect(await pot('&group=NORTH')).toMatchObject({ approvedPence: 30_000, paidPence: 150_000, remainingPence: 20_000 });
    expect((await post(`/api/des/invoices/${first}/paid`, {})).statusCode).toBe(409);
  });

  it('downloads the invoices as CSV', async () => {
    const res = await t.app.inject({ url: `/api/des/invoices?year=${YEAR}&format=csv`, headers: board });
    expect(res.statusCode).toBe(200);
    const rows = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]).toBe('Invoice,Year,Group,Practice,Supplier,Description,Amount (£),Status,Submitted by,Submitted,Decided by,Decided,Notes');
    expect(rows.some((r) => r.startsWith(`${first},2025/26,NORTH locality,,Herts Training Ltd,Locality training day,1500.00,Paid,finance,`))).toBe(true);
  });
});
