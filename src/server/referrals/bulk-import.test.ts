import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { buildReferralCatalogue } from '../../testing/referrals.js';
import { csvText } from '../../testing/sample-csv.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { verifyAuditLog } from '../audit/audit-log.js';
import { referralFromCells } from './bulk-import.js';

let t: TestApp;
let practice: Record<string, string>, other: Record<string, string>, reviewer: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await buildOrgTree(db, { providers: ['RWG', 'RQW', 'NT4'] });
  await buildReferralCatalogue(db);
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'practice-e82002', 'practice', 'E82002');
  await createTestUser(db, 'reviewer', 'reviewer');
  practice = await t.signIn('practice-e82001');
  other = await t.signIn('practice-e82002');
  reviewer = await t.signIn('reviewer');
});
afterAll(() => t.close());

const HEADER = ['external_id', 'practice_code', 'clinician', 'nhs_number', 'family_name', 'given_name', 'birth_date', 'sex', 'postcode',
  'tfc', 'reason_system', 'reason_code', 'priority', 'chosen_providers', 'pathway', 'referral_date'];
type Row = Record<(typeof HEADER)[number], string>;

const row = (overrides: Partial<Row> = {}): Row => ({
  external_id: 'EMIS-1', practice_code: 'E82001', clinician: 'Dr A Patel', nhs_number: '943 476 5919', family_name: 'Smith', given_name: 'Jo',
  birth_date: '1956-03-27', sex: 'F', postcode: 'al1 3ew', tfc: '110', reason_system: 'icd10', reason_code: 'M17.1', priority: 'routine',
  chosen_providers: 'RWG;RQW', pathway: 'knee-pain', referral_date: '2025-10-01', ...overrides,
});
const file = (rows: Row[], header = HEADER) => csvText([header, ...rows.map((r) => header.map((h) => r[h] ?? ''))]);

const upload = (headers: Record<string, string>, body: string, fileName = 'referrals.csv') =>
  t.app.inject({ method: 'POST', url: '/api/referrals/imports', headers: { ...headers, 'content-type': 'text/csv', 'x-file-name': fileName }, payload: body });

const count = async (table: 'referral' | 'referral_event' | 'referral_choice') =>
  Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

const goodFile = () => file([
  row({ external_id: 'BULK-1' }),
  row({ external_id: 'BULK-2', nhs_number: '9000000009', family_name: 'Jones', given_name: 'Sam', sex: 'M', priority: '2ww', tfc: '330', reason_code: 'C43.9', chosen_providers: 'NT4', pathway: '' }),
  row({ external_id: 'BULK-3', sex: 'unknown', reason_system: 'SNOMED CT', reason_code: '239873007', chosen_providers: ' RQW ; RWG ', pathway: '' }),
]);

describe('POST /api/referrals/imports', () => {
  it('stores a good file: every referral checked, queued or forwarded, with its events, choices and one audit entry', async () => {
    const res = await upload(practice, goodFile(), 'clinic list.csv');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ kind: 'referrals', status: 'succeeded', fileName: 'clinic list.csv', rowsRead: 3, inserted: 3, unchanged: 0, errorCount: 0, errors: [] });
    expect(report.message).toBe('Imported 3 referrals from clinic list.csv: 3 new, 0 already sent (unchanged).');

    const db = t.database.db;
    const stored = await db.selectFrom('referral').selectAll().where('source', '=', 'bulk').orderBy('external_id').execute();
    expect(stored.map((r) => [r.external_id, r.status, r.sex, r.nhs_number, r.postcode, r.reason_system, r.forwarded_to])).toEqual([
      ['BULK-1', 'awaiting_triage', 'female', '9434765919', 'AL1 3EW', 'icd10', null],
      ['BULK-2', 'forwarded', 'male', '9000000009', 'AL1 3EW', 'icd10', 'NT4'],
      ['BULK-3', 'awaiting_triage', 'unknown', '9434765919', 'AL1 3EW', 'snomed', null],
    ]);
    expect(stored[0]!.reference).toMatch(/^R-\d{4}-\d{6}$/);
    expect(stored[0]!.triage_due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((stored[0]!.pathway_check as { id: string; met: boolean }[]).map((c) => c.id)).toContain('xray');

    // The referral reads back through the API like one sent through the form.
    const view = (await t.app.inject({ url: `/api/referrals/${stored[2]!.id}`, headers: practice })).json();
    expect(view.chosenProviders.map((c: { code: string }) => c.code)).toEqual(['RQW', 'RWG']);
    expect(view.events.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([['received', 'practice-e82001'], ['queue_for_triage', 'gateway']]);
    expect(view.events[0].details).toEqual({ source: 'bulk' });

    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'import.referrals').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'practice-e82001', entity_type: 'referral_import', entity_id: report.id, outcome: 'ok' });
    expect((audit[0]!.details as { referrals: string[] }).referrals.sort()).toEqual(stored.map((r) => r.id).sort());
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('treats a repeat upload as the same referrals: nothing new, each reported unchanged', async () => {
    const before = { referrals: await count('referral'), events: await count('referral_event'), choices: await count('referral_choice') };
    const res = await upload(practice, goodFile());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'succeeded', rowsRead: 3, inserted: 0, unchanged: 3 });
    expect({ referrals: await count('referral'), events: await count('referral_event'), choices: await count('referral_choice') }).toEqual(before);

    // One new row alongside the old ones: only it is stored.
    const more = await upload(practice, file([row({ external_id: 'BULK-1' }), row({ external_id: 'BULK-4' })]));
    expect(more.json()).toMatchObject({ status: 'succeeded', inserted: 1, unchanged: 1 });
    expect(await count('referral')).toBe(before.referrals + 1);
  });

  it('refuses a file with bad rows, naming the row and column of each problem, and stores nothing', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const before = await count('referral');
    const res = await upload(practice, file([
      row({ external_id: 'BAD-OK' }),
      row({ external_id: 'BAD-1', nhs_number: '9434765918' }),
      row({ external_id: 'BAD-2', practice_code: 'E89999' }),
      row({ external_id: 'BAD-3', chosen_providers: 'RWG;XXX' }),
      row({ external_id: 'BAD-4', referral_date: tomorrow }),
      row({ external_id: 'BAD-5', reason_code: 'banana' }),
      row({ external_id: 'BAD-6', sex: 'x', reason_system: 'icd9', tfc: '999', priority: 'soon' }),
      row({ external_id: 'BAD-1' }),
      row({ external_id: 'BAD-7', birth_date: '1956-13-01', referral_date: '2025-02-32' }),
    ]));
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json();
    expect(body.error).toBe('import_failed');
    expect(body.message).toMatch(/Nothing was stored/);
    const where = body.details.map((d: { row: number; column: string; value: string }) => [d.row, d.column, d.value]);
    expect(where).toEqual([
      [3, 'nhs_number', '9434765918'],
      [4, 'practice_code', 'E89999'],
      [5, 'chosen_providers', 'XXX'],
      [6, 'referral_date', tomorrow],
      [7, 'reason_code', 'banana'],
      [8, 'sex', 'x'],
      [8, 'reason_system', 'icd9'],
      [8, 'tfc', '999'],
      [8, 'priority', 'soon'],
      [9, 'external_id', 'BAD-1'],
      [10, 'birth_date', '1956-13-01'],
      [10, 'referral_date', '2025-02-32'],
    ]);
    const messages = Object.fromEntries(body.details.map((d: { row: number; column: string; message: string }) => [`${d.row} ${d.column}`, d.message]));
    expect(messages['3 nhs_number']).toMatch(/check digit/);
    expect(messages['4 practice_code']).toBe('E89999 is not a practice of this commissioner');
    expect(messages['5 chosen_providers']).toBe('XXX is not a known provider');
    expect(messages['6 referral_date']).toBe('Referral date cannot be in the future');
    expect(messages['7 reason_code']).toMatch(/not an ICD-10 code/);
    expect(messages['9 external_id']).toMatch(/duplicate.*row 3/);
    expect(messages['10 birth_date']).toBe('Date of birth must be a real date, like 1956-03-27');
    expect(body.report).toMatchObject({ status: 'failed', rowsRead: 9, inserted: 0, unchanged: 0, errorCount: 12 });
    expect(await count('referral')).toBe(before);
    const failed = await t.database.db.selectFrom('audit_log').select(['outcome', 'details']).where('action', '=', 'import.referrals').where('entity_id', '=', body.report.id).executeTakeFirstOrThrow();
    expect(failed.outcome).toBe('failed');
  });

  it('lets a practice send only its own referrals: another practice’s row is a row error', async () => {
    const before = await count('referral');
    const res = await upload(other, file([row({ external_id: 'OTHER-1', practice_code: 'E82002' }), row({ external_id: 'OTHER-2', practice_code: 'E82001' })]));
    expect(res.statusCode).toBe(422);
    expect(res.json().details).toEqual([{ row: 3, column: 'practice_code', value: 'E82001', message: 'you can only send referrals for your own practice (E82002)' }]);
    expect(await count('referral')).toBe(before);
  });

  it('refuses roles that do not send referrals, and reports header problems on row 1', async () => {
    expect((await upload(reviewer, goodFile())).statusCode).toBe(403);
    const noHeader = await upload(practice, file([row({ external_id: 'H-1' })], HEADER.filter((h) => h !== 'nhs_number')));
    expect(noHeader.statusCode).toBe(422);
    expect(noHeader.json().details[0]).toMatchObject({ row: 1, column: 'nhs_number' });
    const empty = await upload(practice, '');
    expect(empty.json().details[0]).toMatchObject({ row: 1, message: expect.stringMatching(/the file is empty/) });
    const json = await t.app.inject({ method: 'POST', url: '/api/referrals/imports', headers: practice, payload: { a: 1 } });
    expect(json.statusCode).toBe(415);
  });

  it('accepts a header in any order and case, without the optional pathway column', async () => {
    const header = ['Referral Date', ...HEADER.filter((h) => h !== 'pathway' && h !== 'referral_date').reverse(), 'notes'];
    const values = row({ external_id: 'ORDER-1' });
    const res = await upload(practice, csvText([header, ['2025-09-30', ...header.slice(1, -1).map((h) => values[h] ?? ''), 'ignored']]));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ inserted: 1, warnings: ['ignored column not used for referrals: notes'] });
  });
});

describe('referralFromCells', () => {
  it('maps M/F and words to the referral’s sex, splits providers and keeps the API’s length limits', () => {
    const { input, errors } = referralFromCells(row({ sex: 'Male', chosen_providers: 'RWG; ;RQW;' }));
    expect(errors).toEqual([]);
    expect(input).toMatchObject({ patient: { sex: 'male' }, chosenProviders: ['RWG', 'RQW'], pathwayCode: 'knee-pain' });
    expect(referralFromCells(row({ sex: 'f' })).input.patient.sex).toBe('female');
    expect(referralFromCells(row({ sex: 'Other' })).input.patient.sex).toBe('other');
    const long = referralFromCells(row({ family_name: 'x'.repeat(101), chosen_providers: 'A;B;C;D;E;F', external_id: '' }));
    expect(long.errors.map((e) => [e.column, e.message])).toEqual([
      ['external_id', expect.stringMatching(/is required/)],
      ['family_name', 'is too long: at most 100 characters'],
      ['chosen_providers', 'name at most five providers, separated by ;'],
    ]);
  });
});
