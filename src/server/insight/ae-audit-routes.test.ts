/**
 * A&E audit sheets through HTTP (REF-10): a practice records an audit of its patients' A&E
 * attendances and completes it; NHS numbers are kept only as pseudonyms; the practice sees its
 * patients re-identified, the commissioner and board pseudonyms only, other practices nothing;
 * every view is audited; the summary adds up on a hand-built case; exports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { formatNhsNumber } from '../../domain/patient/nhs-number.js';
import { entryBody, testNhsNumber } from '../../testing/ae-audits.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let db: Db;
// E82001 and E82003 are in the NORTH locality, E82002 in SOUTH (buildOrgTree alternates).
let north1: Record<string, string>, north3: Record<string, string>, south2: Record<string, string>;
let commissioner: Record<string, string>, board: Record<string, string>, finance: Record<string, string>;

type Entry = { id: number; patient: string; reidentified: boolean; ageBand: string; attendedAt: string; inHours: boolean; outcome: string; reason: string };
type Sheet = { id: number; status: string; practiceCode: string; entryCount: number; completedBy: string | null; entries: Entry[]; choices: { reasons: string[] } };
type Figures = {
  attendances: number; couldSee: Record<string, number>; shareCouldSee: number | null; shareInterval: { lower: number; upper: number } | null;
  inHours: number; outOfHours: number; byOutcome: Record<string, number>; topReasons: { reason: string; attendances: number }[];
  byAgeGroup: { ageGroup: string; attendances: number }[];
};
type Summary = { from: string; to: string; practices: (Figures & { practiceCode: string; practiceName: string; audits: number })[]; overall: Figures & { label: string; practices: number; audits: number } };

const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
  t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const get = (url: string, headers: Record<string, string>) => t.app.inject({ url, headers });
const auditOf = (action: string) => db.selectFrom('audit_log').select(['actor', 'entity_id', 'outcome', 'details']).where('action', '=', action).orderBy('id').execute();

async function startAudit(headers: Record<string, string>, title = 'October A&E attendances', periodStart = '2025-10-01', periodEnd = '2025-10-31') {
  const res = await send('POST', '/api/ae-audits', headers, { title, periodStart, periodEnd });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number }>().id;
}

async function addEntry(headers: Record<string, string>, id: number, body: ReturnType<typeof entryBody>) {
  const res = await send('POST', `/api/ae-audits/${id}/entries`, headers, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Entry>();
}

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  await buildOrgTree(db, { patientsPerBand: 0 });
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'practice-e82002', 'practice', 'E82002');
  await createTestUser(db, 'practice-e82003', 'practice', 'E82003');
  await createTestUser(db, 'commissioner', 'commissioner');
  await createTestUser(db, 'board', 'board');
  await createTestUser(db, 'finance', 'finance');
  [north1, north3, south2, commissioner, board, finance] = await Promise.all([
    t.signIn('practice-e82001'), t.signIn('practice-e82003'), t.signIn('practice-e82002'), t.signIn('commissioner'), t.signIn('board'), t.signIn('finance'),
  ]);
});
afterAll(() => t.close());

describe('recording an audit', () => {
  let id: number;
  const nhs = [testNhsNumber(0), testNhsNumber(1), testNhsNumber(2), testNhsNumber(3)];

  beforeAll(async () => {
    id = await startAudit(north1);
  });

  it('lets only a practice start one, and names a bad period', async () => {
    expect((await send('POST', '/api/ae-audits', commissioner, { title: 'x', periodStart: '2025-10-01', periodEnd: '2025-10-31' })).statusCode).toBe(403);
    const bad = await send('POST', '/api/ae-audits', north1, { title: 'Backwards', periodStart: '2025-10-31', periodEnd: '2025-10-01' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ message: 'End of the period must be the same as or after the start', details: [{ field: 'periodEnd' }] });
    expect((await auditOf('aeaudit.create')).map((a) => [a.actor, a.entity_id])).toEqual([['practice-e82001', String(id)]]);
  });

  it('adds attendances, working out in hours and the age band from a date of birth', async () => {
    const first = await addEntry(north1, id, entryBody({ nhsNumber: formatNhsNumber(nhs[0]!), attendedAt: '2025-10-14T10:30' })); // Tuesday morning
    expect(first).toMatchObject({ patient: formatNhsNumber(nhs[0]!), reidentified: true, inHours: true, ageBand: '30-34' });
    const second = await addEntry(north1, id, entryBody({
      nhsNumber: nhs[1]!, ageBand: null, dateOfBirth: '2023-03-02', attendedAt: '2025-10-18T11:00', reason: 'Fever or infection in a child', // Saturday
    }));
    expect(second).toMatchObject({ ageBand: '0-4', inHours: false, attendedAt: '2025-10-18T11:00' });
    await addEntry(north1, id, entryBody({ nhsNumber: nhs[2]!, attendedAt: '2025-10-14T19:00', primaryCareCouldSee: 'no', outcome: 'admitted', reason: 'Chest pain', ageBand: '65-69' }));
    await addEntry(north1, id, entryBody({ nhsNumber: nhs[3]!, attendedAt: '2025-10-17T08:00', primaryCareCouldSee: 'unsure', outcome: 'left', reason: 'Abdominal pain', ageBand: '20-24' }));
  });

  it('refuses an attendance outside the audit period, naming the field', async () => {
    const res = await send('POST', `/api/ae-audits/${id}/entries`, north1, entryBody({ attendedAt: '2025-11-01T09:00' }));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      error: 'invalid_request', message: 'Date of attendance must be within the audit period, 1 October 2025 to 31 October 2025',
      details: [{ field: 'attendedAt', message: 'Date of attendance must be within the audit period, 1 October 2025 to 31 October 2025' }],
    });
  });

  it('refuses an NHS number that fails modulus 11, and choices that are not on the list', async () => {
    const wrong = `${nhs[0]!.slice(0, 9)}${(Number(nhs[0]![9]) + 1) % 10}`;
    const res = await send('POST', `/api/ae-audits/${id}/entries`, north1, entryBody({ nhsNumber: wrong }));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ details: [{ field: 'nhsNumber', message: 'NHS number is not a valid NHS number: the check digit does not match' }] });
    const outcome = await send('POST', `/api/ae-audits/${id}/entries`, north1, { ...entryBody(), outcome: 'cured' });
    expect(outcome.statusCode).toBe(400);
    expect(outcome.json<{ details: { field: string }[] }>().details[0]!.field).toBe('body.outcome');
  });

  it('never stores an NHS number or a date of birth in ae_audit_entry; the identity is sealed for the practice', async () => {
    const rows = await db.selectFrom('ae_audit_entry').selectAll().execute();
    expect(rows).toHaveLength(4);
    const stored = JSON.stringify(rows);
    for (const n of nhs) expect(stored).not.toContain(n);
    expect(stored).not.toContain('2023-03-02');
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.patient_pseudo))).toBe(true);
    const identities = await db.selectFrom('patient_identity').select(['patient_pseudo', 'practice_code', 'nhs_number_sealed']).execute();
    expect(identities.filter((i) => rows.some((r) => r.patient_pseudo === i.patient_pseudo)).map((i) => i.practice_code)).toEqual(['E82001', 'E82001', 'E82001', 'E82001']);
    for (const n of nhs) expect(JSON.stringify(identities)).not.toContain(n);
    // Nor in the audit log of the changes.
    expect(JSON.stringify(await auditOf('aeaudit.entry_add'))).not.toContain(nhs[0]!);
  });

  it('shows the practice its own patients by NHS number, and audits the view', async () => {
    const res = await get(`/api/ae-audits/${id}`, north1);
    expect(res.statusCode, res.body).toBe(200);
    const sheet = res.json<Sheet>();
    expect(sheet.entries.map((e) => e.patient)).toEqual([formatNhsNumber(nhs[0]!), formatNhsNumber(nhs[2]!), formatNhsNumber(nhs[3]!), formatNhsNumber(nhs[1]!)]);
    expect(sheet.entries.every((e) => e.reidentified)).toBe(true);
    expect(sheet.choices.reasons).toContain('Could not get a GP appointment');
    const views = await auditOf('aeaudit.view');
    expect(views.at(-1)).toMatchObject({ actor: 'practice-e82001', entity_id: String(id), details: { practiceCode: 'E82001', reidentified: 4 } });
    expect((views.at(-1)!.details as { patients: string[] }).patients).toHaveLength(4);
  });

  it('shows the commissioner and board pseudonyms only, audited too', async () => {
    for (const [who, headers] of [['commissioner', commissioner], ['board', board]] as const) {
      const res = await get(`/api/ae-audits/${id}`, headers);
      expect(res.statusCode, res.body).toBe(200);
      const sheet = res.json<Sheet>();
      expect(sheet.entries.every((e) => !e.reidentified && /^P-[0-9A-F]{8}$/.test(e.patient))).toBe(true);
      for (const n of nhs) {
        expect(res.body).not.toContain(n);
        expect(res.body).not.toContain(formatNhsNumber(n));
      }
      expect((await auditOf('aeaudit.view')).at(-1)).toMatchObject({ actor: who, details: { reidentified: 0 } });
    }
    expect((await get('/api/ae-audits', commissioner)).json<Sheet[]>().map((a) => a.practiceCode)).toEqual(['E82001']);
  });

  it('hides the audit from another practice (404, audited) and from roles without access (403)', async () => {
    expect((await get(`/api/ae-audits/${id}`, south2)).statusCode).toBe(404);
    expect((await send('POST', `/api/ae-audits/${id}/entries`, south2, entryBody())).statusCode).toBe(404);
    expect((await send('POST', `/api/ae-audits/${id}/complete`, north3)).statusCode).toBe(404);
    expect((await get('/api/ae-audits', south2)).json()).toEqual([]);
    const denied = (await db.selectFrom('audit_log').select(['actor', 'action', 'entity_id']).where('outcome', '=', 'denied').where('entity_type', '=', 'ae_audit').execute());
    expect(denied).toEqual(expect.arrayContaining([
      { actor: 'practice-e82002', action: 'aeaudit.view', entity_id: String(id) },
      { actor: 'practice-e82003', action: 'aeaudit.record', entity_id: String(id) },
    ]));
    expect((await get(`/api/ae-audits/${id}`, finance)).statusCode).toBe(403);
    expect((await send('POST', `/api/ae-audits/${id}/entries`, commissioner, entryBody())).statusCode).toBe(403);
    expect((await get('/api/ae-audits/999999', commissioner)).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/ae-audits/${id}` })).statusCode).toBe(401);
  });

  it('changes and removes entries while open; once completed the audit is read-only', async () => {
    const extra = await addEntry(north1, id, entryBody({ nhsNumber: testNhsNumber(9), reason: 'Typo' }));
    const changed = await send('PUT', `/api/ae-audits/${id}/entries/${extra.id}`, north1, entryBody({ nhsNumber: testNhsNumber(9), reason: 'Rash or skin problem', outcome: 'other' }));
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ reason: 'Rash or skin problem', outcome: 'other' });
    expect((await auditOf('aeaudit.entry_change')).at(-1)).toMatchObject({ details: { entryId: extra.id, before: { reason: 'Typo' }, after: { reason: 'Rash or skin problem' } } });
    expect((await send('DELETE', `/api/ae-audits/${id}/entries/${extra.id}`, north1)).statusCode).toBe(204);
    expect((await send('DELETE', `/api/ae-audits/${id}/entries/${extra.id}`, north1)).statusCode).toBe(404);

    const done = await send('POST', `/api/ae-audits/${id}/complete`, north1);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', completedBy: 'practice-e82001', entryCount: 4 });
    const [first] = (await get(`/api/ae-audits/${id}`, north1)).json<Sheet>().entries;
    for (const res of [
      await send('POST', `/api/ae-audits/${id}/entries`, north1, entryBody()),
      await send('PUT', `/api/ae-audits/${id}/entries/${first!.id}`, north1, entryBody()),
      await send('DELETE', `/api/ae-audits/${id}/entries/${first!.id}`, north1),
      await send('POST', `/api/ae-audits/${id}/complete`, north1),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: 'audit_completed' });
    }
    expect(await db.selectFrom('ae_audit_entry').select('id').where('audit_id', '=', id).execute()).toHaveLength(4);
  });

  it('refuses to complete an audit with no attendances', async () => {
    const empty = await startAudit(north1, 'Empty', '2025-11-01', '2025-11-30');
    const res = await send('POST', `/api/ae-audits/${empty}/complete`, north1);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ details: [{ field: 'entries' }] });
  });
});

describe('the summary', () => {
  beforeAll(async () => {
    // E82001 (NORTH) is completed above: yes 2, no 1, unsure 1; in hours 2 (Tue 10:30, Fri 08:00), out 2.
    const north = await startAudit(north3);
    await addEntry(north3, north, entryBody({ nhsNumber: testNhsNumber(20), primaryCareCouldSee: 'yes', attendedAt: '2025-10-20T14:00', reason: 'minor injury (sprain, cut, bruise)' }));
    await addEntry(north3, north, entryBody({ nhsNumber: testNhsNumber(21), primaryCareCouldSee: 'no', attendedAt: '2025-10-25T09:00', outcome: 'admitted', reason: 'Chest pain', ageBand: '80-84' }));
    expect((await send('POST', `/api/ae-audits/${north}/complete`, north3)).statusCode).toBe(200);
    const south = await startAudit(south2);
    await addEntry(south2, south, entryBody({ nhsNumber: testNhsNumber(30), primaryCareCouldSee: 'no', attendedAt: '2025-10-02T03:00', outcome: 'admitted', reason: 'Shortness of breath', ageBand: '75-79' }));
    await addEntry(south2, south, entryBody({ nhsNumber: testNhsNumber(31), primaryCareCouldSee: 'no', attendedAt: '2025-10-03T12:00', reason: 'Chest pain', ageBand: '50-54' }));
    expect((await send('POST', `/api/ae-audits/${south}/complete`, south2)).statusCode).toBe(200);
    // An open audit is left out unless asked for.
    const open = await startAudit(south2, 'Still going', '2025-10-01', '2025-10-31');
    await addEntry(south2, open, entryBody({ nhsNumber: testNhsNumber(32) }));
  });

  const url = '/api/ae-audits/summary?from=2025-10-01&to=2025-10-31';

  it('adds up per practice and overall for the commissioner (hand-built: 3 of 8 could have been seen)', async () => {
    const res = await get(url, commissioner);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json<Summary>();
    expect(s.practices.map((p) => [p.practiceCode, p.attendances, p.couldSee.yes])).toEqual([['E82001', 4, 2], ['E82002', 2, 0], ['E82003', 2, 1]]);
    const e82001 = s.practices[0]!;
    expect(e82001.shareCouldSee).toBe(0.5);
    // Wilson 2 of 4: centre 0.5, half 1.96 / 1.9604 × √(0.0625 + 0.0600250) = 0.349965
    expect(e82001.shareInterval!.lower).toBeCloseTo(0.150035, 4);
    expect(e82001.shareInterval!.upper).toBeCloseTo(0.849965, 4);
    expect([e82001.inHours, e82001.outOfHours]).toEqual([2, 2]);

    const o = s.overall;
    expect(o).toMatchObject({ label: 'All practices', practices: 3, audits: 3, attendances: 8, couldSee: { yes: 3, no: 4, unsure: 1 }, shareCouldSee: 0.375, inHours: 4, outOfHours: 4 });
    // Wilson 3 of 8: centre (0.375 + 0.2401) / 1.4802 = 0.415552; half 1.96 / 1.4802 × √(0.0292969 + 0.0150063) = 0.278710
    expect(o.shareInterval!.lower).toBeCloseTo(0.136842, 4);
    expect(o.shareInterval!.upper).toBeCloseTo(0.694262, 4);
    expect(o.byOutcome).toEqual({ discharged: 4, admitted: 3, referred: 0, left: 1, other: 0 });
    expect(o.topReasons.slice(0, 2)).toEqual([{ reason: 'Chest pain', attendances: 3 }, { reason: 'Minor injury (sprain, cut, bruise)', attendances: 2 }]);
    expect(o.byAgeGroup.map((g) => g.attendances)).toEqual([1, 0, 1, 2, 1, 1, 2]);

    const all = (await get(`${url}&status=all`, commissioner)).json<Summary>();
    expect(all.overall.attendances).toBe(9);
    const south = (await get(`${url}&group=SOUTH`, board)).json<Summary>();
    expect(south.practices.map((p) => p.practiceCode)).toEqual(['E82002']);
    expect(south.overall).toMatchObject({ label: 'SOUTH locality', attendances: 2 });
  });

  it('gives a practice its own figures and its locality’s, never another practice by name', async () => {
    const res = await get(`${url}&group=SOUTH&practice=E82002`, north1);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json<Summary>();
    expect(s.practices.map((p) => [p.practiceCode, p.attendances])).toEqual([['E82001', 4]]);
    expect(s.overall).toMatchObject({ label: 'Your locality: NORTH locality', attendances: 6, couldSee: { yes: 3, no: 2, unsure: 1 } });
    expect(res.body).not.toContain('E82003');
    expect(res.body).not.toContain('E82002');
  });

  it('has zeros, not NaN, for a period with nothing audited', async () => {
    const s = (await get('/api/ae-audits/summary?from=2024-01-01&to=2024-01-31', south2)).json<Summary>();
    expect(s.practices).toMatchObject([{ practiceCode: 'E82002', attendances: 0, shareCouldSee: null, shareInterval: null }]);
    expect(s.overall).toMatchObject({ attendances: 0, shareCouldSee: null });
    expect((await get('/api/ae-audits/summary?from=2025-11-01&to=2025-10-01', commissioner)).json()).toMatchObject({ details: [{ field: 'querystring.from' }] });
  });

  it('exports to CSV and XLSX', async () => {
    const csv = await get(`${url}&format=csv`, commissioner);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^Practice code,Practice,Audits,Attendances audited,Primary care could have seen: yes,/);
    expect(lines).toHaveLength(5); // header, three practices, overall
    expect(lines[4]).toMatch(/^,All practices,3,8,3,4,1,37\.5,13\.7,69\.4,4,4,/);
    const xlsx = await get(`${url}&format=xlsx`, commissioner);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
