/**
 * Sign-off through HTTP (PLAN-5): naming signatories, reading a plan's sign-off, signing (the
 * holder of the role, in a session, with a fresh and correct password, once per role and
 * version, only while a version is with the signatories), the version and plan signed off when
 * the last role signs, and the incentive trigger firing once per plan — even when two
 * signatories sign at the same moment, and not again for a later version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { createApiToken } from '../auth/credentials.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { createTestPlan } from '../../testing/plans.js';
import { nameSignatory, sendForSignOff, startNewVersion, withdrawVersion } from '../../testing/signoff.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { TEST_PASSWORD } from '../../testing/factories.js';

let t: TestApp;
let db: Db;
type Headers = Record<string, string>;
let exec: Headers, chair: Headers, ceo: Headers, otherBoard: Headers, finance: Headers, northPractice: Headers, southPractice: Headers, southChair: Headers;
const ids: Record<string, number> = {};
let planId: number;

interface View {
  plan: { status: string; version: number };
  version: { version: number; status: string; signedAt: string | null } | null;
  signatories: { roleCode: string; holder: { displayName: string } | null; signedBy: string | null; signedAt: string | null }[];
  mayYouSign: string[];
  outstanding: string[];
  fullySigned: boolean;
  incentive: { version: number; practices: number; firedBy: string; firedAt: string } | null;
}

const sign = (headers: Headers, roleCode: string, password = TEST_PASSWORD, id = planId, confirm: unknown = true) =>
  t.app.inject({ method: 'POST', url: `/api/plans/${id}/sign`, headers, payload: { roleCode, password, confirm } as object });
const view = async (headers: Headers, id = planId) => {
  const res = await t.app.inject({ url: `/api/plans/${id}/sign-off`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<View>();
};
const auditOf = (action: string) => db.selectFrom('audit_log').select(['actor', 'entity_id', 'outcome', 'details']).where('action', '=', action).orderBy('id').execute();
const evidence = () => db.selectFrom('allowance_evidence').select(['practice_code', 'year', 'met', 'evidence', 'recorded_by', 'recorded_at'])
  .where('condition', '=', 'plan_signed_off').orderBy('practice_code').execute();

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  // NORTH: E82001, E82003, E82005; SOUTH: E82002, E82004.
  await buildOrgTree(db, { practices: ['E82001', 'E82002', 'E82003', 'E82004', 'E82005'], patientsPerBand: 0 });
  for (const [name, role, practice] of [
    ['exec', 'board', null], ['chair', 'board', null], ['ceo', 'commissioner', null], ['other-board', 'board', null], ['finance', 'finance', null],
    ['south-chair', 'board', null], ['practice-e82001', 'practice', 'E82001'], ['practice-e82002', 'practice', 'E82002'],
  ] as const) {
    ids[name] = (await createTestUser(db, name, role, practice)).id;
  }
  await nameSignatory(db, 'NORTH', 'executive_chair', ids.exec!);
  await nameSignatory(db, 'NORTH', 'committee_chair', ids.chair!);
  await nameSignatory(db, 'NORTH', 'chief_executive', ids.ceo!);
  [exec, chair, ceo, otherBoard, finance, northPractice, southPractice, southChair] = await Promise.all([
    t.signIn('exec'), t.signIn('chair'), t.signIn('ceo'), t.signIn('other-board'), t.signIn('finance'),
    t.signIn('practice-e82001'), t.signIn('practice-e82002'), t.signIn('south-chair'),
  ]);
  planId = (await createTestPlan(db, { groupCode: 'NORTH' })).id;
});
afterAll(() => t.close());

describe('signatories', () => {
  it('lists each group with each role and its holder; a practice sees only its own group', async () => {
    const all = await t.app.inject({ url: '/api/plans/signatories', headers: finance });
    expect(all.statusCode).toBe(200);
    const groups = all.json<{ groupCode: string; roles: { roleCode: string; holder: { username: string } | null }[] }[]>();
    expect(groups.map((g) => g.groupCode)).toEqual(['NORTH', 'SOUTH']);
    expect(groups[0]!.roles.map((r) => [r.roleCode, r.holder?.username ?? null])).toEqual([
      ['executive_chair', 'exec'], ['committee_chair', 'chair'], ['chief_executive', 'ceo'],
    ]);
    expect(groups[1]!.roles.every((r) => r.holder === null)).toBe(true);
    const own = await t.app.inject({ url: '/api/plans/signatories', headers: southPractice });
    expect(own.json<{ groupCode: string }[]>().map((g) => g.groupCode)).toEqual(['SOUTH']);
    expect((await t.app.inject({ url: '/api/plans/signatories?group=NORTH', headers: southPractice })).statusCode).toBe(404);
  });

  it('offers only board members and commissioners as holders', async () => {
    const res = await t.app.inject({ url: '/api/plans/signatories/candidates', headers: exec });
    expect(res.json<{ username: string; role: string }[]>().map((u) => u.username).sort()).toEqual(['ceo', 'chair', 'exec', 'other-board', 'south-chair']);
    expect((await t.app.inject({ url: '/api/plans/signatories/candidates', headers: finance })).statusCode).toBe(403);
  });

  it('names a holder (plan.manage), audited; refuses a user who is not board or commissioner, naming the field', async () => {
    const put = (headers: Headers, userId: number, group = 'SOUTH', role = 'executive_chair') =>
      t.app.inject({ method: 'PUT', url: `/api/plans/signatories/${group}/${role}`, headers, payload: { userId } });
    const ok = await put(ceo, ids['south-chair']!);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ groupCode: 'SOUTH', roles: [{ roleCode: 'executive_chair', holder: { username: 'south-chair', assignedBy: 'ceo' } }, { holder: null }, { holder: null }] });
    expect((await auditOf('plan.signatory')).at(-1)).toMatchObject({ actor: 'ceo', entity_id: 'SOUTH', details: { roleCode: 'executive_chair', before: null, after: { username: 'south-chair' } } });

    const practiceUser = await put(ceo, ids['practice-e82002']!);
    expect(practiceUser.statusCode).toBe(400);
    expect(practiceUser.json()).toMatchObject({ details: [{ field: 'userId', message: expect.stringContaining('not a board member or a commissioner') }] });
    expect((await put(ceo, ids.finance!)).statusCode).toBe(400);
    expect((await put(ceo, 99_999)).json()).toMatchObject({ details: [{ field: 'userId' }] });
    expect((await put(finance, ids.exec!)).statusCode).toBe(403);
    expect((await put(ceo, ids.exec!, 'NOWHERE')).statusCode).toBe(404);
    expect((await put(ceo, ids.exec!, 'SOUTH', 'treasurer')).statusCode).toBe(404);
  });
});

describe('signing', () => {
  it('refuses to sign a draft: there is no version with the signatories', async () => {
    const draft = await view(exec);
    expect(draft).toMatchObject({ version: null, mayYouSign: [], fullySigned: false, incentive: null });
    const res = await sign(exec, 'executive_chair');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'not_in_sign_off' });
  });

  it('shows the version with the signatories, and to each holder the role they may sign', async () => {
    await sendForSignOff(db, planId);
    const mine = await view(exec);
    expect(mine).toMatchObject({ version: { version: 1, status: 'in_sign_off' }, mayYouSign: ['executive_chair'], outstanding: ['executive_chair', 'committee_chair', 'chief_executive'] });
    expect(mine.signatories.map((s) => s.holder?.displayName)).toEqual(['exec', 'chair', 'ceo']);
    expect((await view(otherBoard)).mayYouSign).toEqual([]);
    expect((await view(northPractice)).mayYouSign).toEqual([]);
    expect((await t.app.inject({ url: `/api/plans/${planId}/sign-off`, headers: southPractice })).statusCode).toBe(404);
  });

  it('needs the signatory role: another board member gets 403, and a practice cannot sign at all', async () => {
    const res = await sign(otherBoard, 'executive_chair');
    expect(res.statusCode).toBe(403);
    expect((await sign(finance, 'executive_chair')).statusCode).toBe(403);
    expect((await sign(northPractice, 'executive_chair')).statusCode).toBe(403);
    expect((await auditOf('plan.sign')).filter((a) => a.outcome === 'denied' && a.actor === 'other-board')).toHaveLength(1);
  });

  it('is a personal act: an API token cannot sign, even the holder\'s', async () => {
    const { token } = await createApiToken(db, ids.exec!, 'script');
    const res = await t.app.inject({ method: 'POST', url: `/api/plans/${planId}/sign`, headers: { authorization: `Bearer ${token}` }, payload: { roleCode: 'executive_chair', password: TEST_PASSWORD, confirm: true } });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ message: string }>().message).toContain('API tokens cannot sign');
  });

  it('needs the password re-entered and right, and the declaration confirmed; a wrong password is audited', async () => {
    const wrong = await sign(exec, 'executive_chair', 'not my password');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: 'wrong_password', details: [{ field: 'password' }] });
    expect((await auditOf('plan.sign')).at(-1)).toMatchObject({ actor: 'exec', outcome: 'denied', details: { roleCode: 'executive_chair', reason: 'wrong password', version: 1 } });
    const empty = await sign(exec, 'executive_chair', '');
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ details: { field: string }[] }>().details.map((d) => d.field)).toContain('body.password');
    const unconfirmed = await sign(exec, 'executive_chair', TEST_PASSWORD, planId, false);
    expect(unconfirmed.json<{ details: { field: string; message: string }[] }>().details).toEqual([{ field: 'body.confirm', message: expect.stringContaining('Confirm') }]);
    expect(await db.selectFrom('plan_signature').selectAll().execute()).toEqual([]);
  });

  it('signs as the holder, audited with plan, version, role and user; the same role cannot sign twice', async () => {
    const res = await sign(exec, 'executive_chair');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ fullySigned: false, incentiveFired: false, signOff: { outstanding: ['committee_chair', 'chief_executive'], mayYouSign: [] } });
    expect(res.json<{ signOff: View }>().signOff.signatories[0]).toMatchObject({ signedBy: 'exec', signedAt: expect.any(String) });
    expect((await auditOf('plan.sign')).filter((a) => a.outcome === 'ok')).toEqual([
      { actor: 'exec', entity_id: String(planId), outcome: 'ok', details: expect.objectContaining({ version: 1, roleCode: 'executive_chair', userId: ids.exec, fullySigned: false }) },
    ]);
    const again = await sign(exec, 'executive_chair');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'already_signed' });
    expect(await db.selectFrom('plan_signature').select('role_code').execute()).toEqual([{ role_code: 'executive_chair' }]);
  });

  it('two signatories signing at the same moment leave the plan signed off and the trigger fired once', async () => {
    const [a, b] = await Promise.all([sign(chair, 'committee_chair'), sign(ceo, 'chief_executive')]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const results = [a.json<{ fullySigned: boolean; incentiveFired: boolean }>(), b.json<{ fullySigned: boolean; incentiveFired: boolean }>()];
    expect(results.filter((r) => r.fullySigned)).toHaveLength(1);
    expect(results.filter((r) => r.incentiveFired)).toHaveLength(1);

    const signed = await view(northPractice);
    expect(signed).toMatchObject({ plan: { status: 'signed', version: 1 }, version: { status: 'signed', signedAt: expect.any(String) }, fullySigned: true, outstanding: [] });
    expect(signed.signatories.map((s) => s.signedBy)).toEqual(['exec', 'chair', 'ceo']);
    expect(signed.incentive).toMatchObject({ version: 1, practices: 3 });
    expect(['chair', 'ceo']).toContain(signed.incentive!.firedBy);
    expect(await db.selectFrom('plan_incentive_trigger').selectAll().execute()).toHaveLength(1);
    expect(await auditOf('plan.signed_off')).toHaveLength(1);
    expect(await auditOf('plan.incentive')).toMatchObject([{ entity_id: String(planId), details: { version: 1, practices: ['E82001', 'E82003', 'E82005'] } }]);
  });

  it('records the plan_signed_off evidence as met for every practice of the group, for the plan\'s year, audited', async () => {
    const rows = await evidence();
    expect(rows.map((r) => [r.practice_code, r.year, r.met])).toEqual([['E82001', '2026/27', true], ['E82003', '2026/27', true], ['E82005', '2026/27', true]]);
    expect(rows[0]!.evidence).toMatch(/^Locality commissioning plan 2026\/27 of NORTH locality, version 1, signed off on \d{1,2} \w+ \d{4} by exec \(consortium executive chair\), chair \(joint commissioning committee chair\) and ceo \(commissioner chief executive\)\.$/);
    expect((await auditOf('allowance.evidence')).map((a) => a.entity_id)).toEqual(['E82001', 'E82003', 'E82005']);
    // The allowances report reads it: the incentive's plan condition is now met.
    const statement = await t.app.inject({ url: '/api/allowances/statement/E82001?year=2026/27', headers: finance });
    expect(statement.json<{ practice: { evidence: { condition: string; met: boolean }[] } }>().practice.evidence).toEqual([expect.objectContaining({ condition: 'plan_signed_off', met: true })]);
  });

  it('a signed version can never be signed again or changed, by anyone', async () => {
    expect((await sign(exec, 'executive_chair')).statusCode).toBe(409);
    await expect(db.updateTable('plan_signature').set({ signed_name: 'Someone else' }).where('plan_id', '=', planId).execute()).rejects.toThrow(/cannot be changed/);
    await expect(db.deleteFrom('plan_signature').where('plan_id', '=', planId).execute()).rejects.toThrow(/cannot be changed/);
    await expect(db.updateTable('plan_version').set({ status: 'withdrawn' }).where('plan_id', '=', planId).execute()).rejects.toThrow(/cannot change/);
  });

  it('does not fire again when a later version is signed off: one trigger row, the evidence untouched', async () => {
    const before = await evidence();
    await startNewVersion(db, planId);
    await sendForSignOff(db, planId);
    expect((await view(exec)).mayYouSign).toEqual(['executive_chair']);
    for (const [headers, role] of [[exec, 'executive_chair'], [chair, 'committee_chair'], [ceo, 'chief_executive']] as const) {
      const res = await sign(headers, role);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<{ incentiveFired: boolean }>().incentiveFired).toBe(false);
    }
    const after = await view(exec);
    expect(after).toMatchObject({ plan: { status: 'signed', version: 2 }, version: { version: 2, status: 'signed' }, fullySigned: true, incentive: { version: 1 } });
    expect(await db.selectFrom('plan_incentive_trigger').selectAll().execute()).toHaveLength(1);
    expect(await evidence()).toEqual(before);
    expect(await auditOf('plan.incentive')).toHaveLength(1);
    expect(await auditOf('plan.signed_off')).toHaveLength(2);
  });

  it('refuses to sign a withdrawn version', async () => {
    const other = await createTestPlan(db, { groupCode: 'NORTH', year: '2027/28' });
    await sendForSignOff(db, other.id);
    await withdrawVersion(db, other.id);
    const res = await sign(exec, 'executive_chair', TEST_PASSWORD, other.id);
    expect(res.statusCode).toBe(409);
    expect((await view(exec, other.id)).mayYouSign).toEqual([]);
  });

  it('refuses, for a while, a signatory who gives the wrong password again and again', async () => {
    const south = await createTestPlan(db, { groupCode: 'SOUTH' });
    await sendForSignOff(db, south.id);
    for (let i = 0; i < 5; i += 1) expect((await sign(southChair, 'executive_chair', `guess ${i}`, south.id)).statusCode).toBe(400);
    const locked = await sign(southChair, 'executive_chair', TEST_PASSWORD, south.id);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    expect(await db.selectFrom('plan_signature').select('role_code').where('plan_id', '=', south.id).execute()).toEqual([]);
    // Only that person: the others still sign (the NORTH signatories were not throttled by this).
    expect((await view(exec, planId)).fullySigned).toBe(true);
  });
});
