/**
 * Groupings through HTTP (issue 7, item 8): who sees which groupings (private ones are "not found"
 * to everyone but their owner), who may make shared ones, bad practice codes named, pasted codes
 * imported all or nothing, practice users never shown other practices' names, exports, and the
 * audit trail. practicesInGrouping (what the insight pages use for grouping=<id>) obeys the same rules.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import type { Actor } from '../../domain/access/roles.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { practicesInGrouping } from './groupings.js';

const PRACTICES = ['E82001', 'E82002', 'E82003', 'E82004', 'E82005', 'E82006'];

let t: TestApp;
let db: Db;
type Headers = Record<string, string>;
let commissioner: Headers, admin: Headers, reviewer: Headers, finance: Headers, practice: Headers, booking: Headers;
let reviewerActor: Actor, financeActor: Actor;

interface Summary { id: number; name: string; kind: string; shared: boolean; owner: string | null; mine: boolean; memberCount: number; includesOwnPractice: boolean | null; canChange: boolean }
interface Detail extends Summary { members: { practiceCode: string; practiceName: string; groupCode: string; groupName: string }[] | null }
interface Problem { message: string; details: { field?: string; value?: string; message: string }[] }

const get = (url: string, headers: Headers) => t.app.inject({ url, headers });
const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, headers: Headers, payload?: object) => t.app.inject({ method, url, headers, payload });
const create = async (headers: Headers, body: object) => {
  const res = await send('POST', '/api/groupings', headers, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Detail>();
};
const auditOf = (action: string, id: number) => db.selectFrom('audit_log').select(['actor', 'details'])
  .where('action', '=', action).where('entity_id', '=', String(id)).orderBy('id').execute();

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  await buildOrgTree(db, { practices: PRACTICES, patientsPerBand: 0 });
  await createTestUser(db, 'commissioner', 'commissioner');
  await createTestUser(db, 'admin', 'admin');
  const r = await createTestUser(db, 'reviewer', 'reviewer');
  const f = await createTestUser(db, 'finance', 'finance');
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'booking', 'booking');
  reviewerActor = { id: r.id, username: 'reviewer', role: 'reviewer', practiceCode: null };
  financeActor = { id: f.id, username: 'finance', role: 'finance', practiceCode: null };
  [commissioner, admin, reviewer, finance, practice, booking] = await Promise.all([
    t.signIn('commissioner'), t.signIn('admin'), t.signIn('reviewer'), t.signIn('finance'), t.signIn('practice-e82001'), t.signIn('booking'),
  ]);
});
afterAll(() => t.close());

describe('creating and seeing groupings', () => {
  let shared: Detail;
  let caseload: Detail;

  beforeAll(async () => {
    shared = await create(commissioner, { name: '  North and   South federation ', kind: 'federation', shared: true, practiceCodes: ['E82001', 'e82002', 'E82003', 'E82002'] });
    caseload = await create(reviewer, { name: 'My caseload', kind: 'caseload', practiceCodes: ['E82004', 'E82005'] });
  });

  it('stores the name tidied and the codes upper-cased once each, owned by its creator', () => {
    expect(shared).toMatchObject({ name: 'North and South federation', kind: 'federation', shared: true, owner: 'commissioner', mine: true, memberCount: 3, canChange: true, includesOwnPractice: null });
    expect(shared.members!.map((m) => m.practiceCode)).toEqual(['E82001', 'E82002', 'E82003']);
    expect(shared.members![0]).toEqual({ practiceCode: 'E82001', practiceName: 'Practice E82001', groupCode: 'NORTH', groupName: 'NORTH locality' });
    expect(caseload).toMatchObject({ shared: false, owner: 'reviewer', memberCount: 2 });
  });

  it('lists shared groupings for everyone with insight.view and private ones for their owner only', async () => {
    const names = async (h: Headers) => (await get('/api/groupings', h)).json<Summary[]>().map((g) => [g.name, g.memberCount]);
    expect(await names(reviewer)).toEqual([['My caseload', 2], ['North and South federation', 3]]);
    expect(await names(commissioner)).toEqual([['North and South federation', 3]]);
    expect(await names(finance)).toEqual([['North and South federation', 3]]);
    expect((await get('/api/groupings', booking)).statusCode).toBe(403);
  });

  it('answers "not found" for someone else’s private grouping, to everyone including administrators', async () => {
    for (const h of [commissioner, admin, finance, practice]) {
      expect((await get(`/api/groupings/${caseload.id}`, h)).statusCode).toBe(404);
      expect((await send('PUT', `/api/groupings/${caseload.id}`, h, { name: 'Mine now' })).statusCode).toBe(404);
      expect((await send('DELETE', `/api/groupings/${caseload.id}`, h)).statusCode).toBe(404);
      expect((await send('POST', `/api/groupings/${caseload.id}/members`, h, { codes: 'E82006' })).statusCode).toBe(404);
      expect((await get(`/api/groupings/${caseload.id}/practices?format=csv`, h)).statusCode).toBe(404);
    }
    expect((await get(`/api/groupings/${caseload.id}`, reviewer)).json<Detail>().members!.map((m) => m.practiceCode)).toEqual(['E82004', 'E82005']);
    expect((await get('/api/groupings/999999', reviewer)).statusCode).toBe(404);
  });

  it('gives the insight pages the same rules through practicesInGrouping', async () => {
    expect(await practicesInGrouping(db, caseload.id, reviewerActor)).toEqual(['E82004', 'E82005']);
    await expect(practicesInGrouping(db, caseload.id, financeActor)).rejects.toMatchObject({ statusCode: 404 });
    expect(await practicesInGrouping(db, shared.id, financeActor)).toEqual(['E82001', 'E82002', 'E82003']);
  });

  it('lets only grouping.manage make shared groupings; others keep private ones; practices keep none', async () => {
    const refused = await send('POST', '/api/groupings', reviewer, { name: 'Everyone’s', shared: true });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<Problem>().message).toMatch(/Only commissioning managers and administrators can create shared groupings/);
    expect((await send('POST', '/api/groupings', finance, { name: 'Sharing', kind: 'custom', shared: true })).statusCode).toBe(403);
    expect((await send('POST', '/api/groupings', practice, { name: 'My peers', practiceCodes: ['E82002'] })).statusCode).toBe(403);
    expect((await send('POST', '/api/groupings', booking, { name: 'Mine' })).statusCode).toBe(403);
    const byAdmin = await create(admin, { name: 'PCN 1', kind: 'network', shared: true });
    expect(byAdmin).toMatchObject({ shared: true, memberCount: 0, members: [] });
    // Sharing a private grouping later needs grouping.manage too.
    const mine = await create(finance, { name: 'Finance watch list', practiceCodes: ['E82006'] });
    expect((await send('PUT', `/api/groupings/${mine.id}`, finance, { shared: true })).statusCode).toBe(403);
  });

  it('names every bad code, stores nothing, and says what is wrong with the other fields', async () => {
    const before = await db.selectFrom('practice_grouping').select('id').execute();
    const res = await send('POST', '/api/groupings', commissioner, { name: 'Bad', practiceCodes: ['E82001', 'Z99999', 'E8200', 'Y11111'] });
    expect(res.statusCode).toBe(422);
    expect(res.json<Problem>().details).toEqual([
      { field: 'practiceCodes', value: 'E8200', message: 'E8200 is not a practice code: one letter and five digits, like E82044' },
      { field: 'practiceCodes', value: 'Z99999', message: 'Z99999 is not a practice the hub knows' },
      { field: 'practiceCodes', value: 'Y11111', message: 'Y11111 is not a practice the hub knows' },
    ]);
    expect(res.json<Problem>().message).toBe('3 practice codes are not valid: E8200, Z99999, Y11111.');
    expect(await db.selectFrom('practice_grouping').select('id').execute()).toEqual(before);

    const noName = await send('POST', '/api/groupings', commissioner, { name: '   ', kind: 'region' });
    expect(noName.statusCode).toBe(400);
    expect(noName.json<Problem>().details.map((d) => d.field).sort()).toEqual(['body.kind', 'body.name']);
  });
});

describe('changing a grouping', () => {
  let g: Detail;
  beforeAll(async () => {
    g = await create(commissioner, { name: 'Locality A', kind: 'locality', shared: true, practiceCodes: ['E82001', 'E82002'] });
  });

  it('renames it and replaces its members, auditing before and after', async () => {
    const res = await send('PUT', `/api/groupings/${g.id}`, commissioner, { name: 'Locality East', practiceCodes: ['E82002', 'E82003', 'E82004'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Detail>()).toMatchObject({ name: 'Locality East', kind: 'locality', memberCount: 3 });
    const audit = (await auditOf('grouping.update', g.id)).at(-1)!;
    expect(audit).toEqual({
      actor: 'commissioner',
      details: { before: { name: 'Locality A', kind: 'locality', shared: true, practiceCodes: ['E82001', 'E82002'] }, after: { name: 'Locality East', practiceCodes: ['E82002', 'E82003', 'E82004'] } },
    });
    expect((await send('PUT', `/api/groupings/${g.id}`, commissioner, {})).statusCode).toBe(400);
  });

  it('keeps its members when a replacement list has a bad code', async () => {
    const res = await send('PUT', `/api/groupings/${g.id}`, commissioner, { practiceCodes: ['E82001', 'X00000'] });
    expect(res.statusCode).toBe(422);
    expect(res.json<Problem>().details).toEqual([{ field: 'practiceCodes', value: 'X00000', message: 'X00000 is not a practice the hub knows' }]);
    expect(await practicesInGrouping(db, g.id, financeActor)).toEqual(['E82002', 'E82003', 'E82004']);
  });

  it('lets another grouping.manage user change a shared grouping, but not those who may only look', async () => {
    expect((await send('PUT', `/api/groupings/${g.id}`, admin, { kind: 'network' })).statusCode).toBe(200);
    const refused = await send('PUT', `/api/groupings/${g.id}`, finance, { name: 'Finance’s now' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<Problem>().message).toMatch(/Only its owner, a commissioning manager or an administrator/);
    expect((await send('POST', `/api/groupings/${g.id}/members`, reviewer, { codes: 'E82005' })).statusCode).toBe(403);
    expect((await send('DELETE', `/api/groupings/${g.id}`, practice)).statusCode).toBe(403);
    const listed = (await get('/api/groupings', finance)).json<Summary[]>().find((x) => x.id === g.id)!;
    expect(listed.canChange).toBe(false);
  });

  it('imports pasted codes all or nothing, naming each bad one, and says which were already members', async () => {
    const bad = await send('POST', `/api/groupings/${g.id}/members`, commissioner, { codes: 'E82005\nE82006, Q12345 nonsense' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<Problem>().details.map((d) => [d.field, d.value])).toEqual([['codes', 'nonsense'], ['codes', 'Q12345']]);
    expect(await practicesInGrouping(db, g.id, financeActor)).toEqual(['E82002', 'E82003', 'E82004']);

    const empty = await send('POST', `/api/groupings/${g.id}/members`, commissioner, { codes: ' \n, ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json<Problem>().details).toEqual([{ field: 'codes', message: 'Enter or paste at least one practice code' }]);

    // As pasted from an Excel column with its heading, with a CRLF and a quoted CSV cell.
    const ok = await send('POST', `/api/groupings/${g.id}/members`, commissioner, { codes: 'practice_code\r\ne82005\r\n"E82006"\r\nE82002\r\n' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ added: ['E82005', 'E82006'], alreadyMembers: ['E82002'], grouping: { memberCount: 5 } });
    expect(await auditOf('grouping.members_add', g.id)).toEqual([{ actor: 'commissioner', details: { added: ['E82005', 'E82006'] } }]);
  });

  it('takes one practice out', async () => {
    const res = await send('DELETE', `/api/groupings/${g.id}/members/e82006`, commissioner);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Detail>().members!.map((m) => m.practiceCode)).toEqual(['E82002', 'E82003', 'E82004', 'E82005']);
    expect((await send('DELETE', `/api/groupings/${g.id}/members/E82006`, commissioner)).statusCode).toBe(404);
    expect(await auditOf('grouping.member_remove', g.id)).toEqual([{ actor: 'commissioner', details: { practiceCode: 'E82006' } }]);
  });

  it('is deleted by its owner or grouping.manage, with its members, and audited', async () => {
    const mine = await create(reviewer, { name: 'Short-lived', practiceCodes: ['E82001'] });
    expect((await send('DELETE', `/api/groupings/${mine.id}`, reviewer)).statusCode).toBe(204);
    expect((await get(`/api/groupings/${mine.id}`, reviewer)).statusCode).toBe(404);
    expect(await db.selectFrom('practice_grouping_member').select('practice_code').where('grouping_id', '=', mine.id).execute()).toEqual([]);
    expect(await auditOf('grouping.delete', mine.id)).toEqual([{
      actor: 'reviewer', details: { name: 'Short-lived', kind: 'custom', shared: false, owner: 'reviewer', practiceCodes: ['E82001'] },
    }]);
    expect((await send('DELETE', `/api/groupings/${g.id}`, admin)).statusCode).toBe(204);
    expect(await auditOf('grouping.create', g.id)).toEqual([{
      actor: 'commissioner', details: { name: 'Locality A', kind: 'locality', shared: true, practiceCodes: ['E82001', 'E82002'] },
    }]);
  });
});

describe('what a practice user sees', () => {
  let withOwn: Detail;
  let without: Detail;
  beforeAll(async () => {
    withOwn = await create(commissioner, { name: 'PCN with E82001', kind: 'network', shared: true, practiceCodes: ['E82001', 'E82003', 'E82005'] });
    without = await create(commissioner, { name: 'PCN without', kind: 'network', shared: true, practiceCodes: ['E82002', 'E82004'] });
  });

  it('sees a shared grouping’s size and whether its own practice is in it, never the members', async () => {
    const list = (await get('/api/groupings', practice)).json<Summary[]>();
    expect(list.find((g) => g.id === withOwn.id)).toMatchObject({ memberCount: 3, includesOwnPractice: true, canChange: false });
    expect(list.find((g) => g.id === without.id)).toMatchObject({ memberCount: 2, includesOwnPractice: false });
    const detail = await get(`/api/groupings/${withOwn.id}`, practice);
    expect(detail.statusCode).toBe(200);
    expect(detail.json<Detail>()).toMatchObject({ members: null, memberCount: 3, includesOwnPractice: true });
    for (const body of [detail.body, (await get('/api/groupings', practice)).body]) {
      expect(body).not.toMatch(/E82003|E82005|Practice E8200[2-6]/);
    }
  });

  it('cannot download the members, nor learn them by changing the grouping', async () => {
    const csv = await get(`/api/groupings/${withOwn.id}/practices?format=csv`, practice);
    expect(csv.statusCode).toBe(403);
    expect(csv.body).not.toMatch(/E82003/);
    const add = await send('POST', `/api/groupings/${without.id}/members`, practice, { codes: 'E82001' });
    expect(add.statusCode).toBe(403);
    expect(add.body).not.toMatch(/E82002|E82004/);
  });
});

describe('exports', () => {
  let g: Detail;
  beforeAll(async () => {
    g = await create(commissioner, { name: '=HYPERLINK("x") network', kind: 'network', shared: true, practiceCodes: ['E82002', 'E82001'] });
  });

  it('downloads the members as CSV', async () => {
    const res = await get(`/api/groupings/${g.id}/practices?format=csv`, finance);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="grouping-${g.id}-practices.csv"`);
    expect(res.body.replace(/^\uFEFF/, '').trim().split('\r\n')).toEqual([
      'Practice code,Practice,Group code,Group',
      'E82001,Practice E82001,NORTH,NORTH locality',
      'E82002,Practice E82002,SOUTH,SOUTH locality',
    ]);
  });

  it('downloads the members as XLSX with the grouping named above them', async () => {
    const res = await get(`/api/groupings/${g.id}/practices?format=xlsx`, reviewer);
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Practices')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('=HYPERLINK("x") network (primary care network): 2 practices');
    const values = sheet.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1));
    expect(values.slice(-2)).toEqual([['E82001', 'Practice E82001', 'NORTH', 'NORTH locality'], ['E82002', 'Practice E82002', 'SOUTH', 'SOUTH locality']]);
  });
});
