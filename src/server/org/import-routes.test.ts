import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestUser } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { csvText, junkBytes, POPULATION_HEADER, PRACTICE_HEADER, samplePopulation, samplePractices } from '../../testing/sample-csv.js';

// Database work (and 50 MB of junk) can outlast the default 5 s on a busy CI machine.
vi.setConfig({ testTimeout: 30_000 });
let t: TestApp;
let commissioner: Record<string, string>;
let finance: Record<string, string>;
let reviewer: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  await createTestUser(t.database.db, 'commissioner', 'commissioner');
  await createTestUser(t.database.db, 'finance', 'finance');
  await createTestUser(t.database.db, 'reviewer', 'reviewer');
  commissioner = await t.signIn('commissioner');
  finance = await t.signIn('finance');
  reviewer = await t.signIn('reviewer');
});
afterAll(() => t.close());

const upload = (kind: string, body: string | Buffer, headers: Record<string, string>, url = `/api/imports/${kind}`) =>
  t.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/csv', ...headers }, payload: body });
const count = async (table: 'practice' | 'population') =>
  Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('POST /api/imports/:kind', () => {
  it('refuses roles that may not import (403), and anonymous callers (401)', async () => {
    const denied = await upload('practices', csvText([PRACTICE_HEADER, ...samplePractices()]), finance);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error).toBe('forbidden');
    expect((await upload('practices', 'x', {})).statusCode).toBe(401);
    expect(await count('practice')).toBe(0);
  });

  it('imports the uploaded file and returns the report, named by X-File-Name', async () => {
    const res = await upload('practices', csvText([PRACTICE_HEADER, ...samplePractices()]), { ...commissioner, 'x-file-name': 'C:\\exports\\practices%20Oct.csv' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'practices', fileName: 'practices Oct.csv', status: 'succeeded', rowsRead: 3, inserted: 3, errors: [], errorCount: 0 });
    expect(await count('practice')).toBe(3);
  });

  it('accepts the content types spreadsheets and browsers send, and ?fileName=', async () => {
    const body = csvText([POPULATION_HEADER, ...samplePopulation()]);
    const first = await upload('population', body, { ...commissioner, 'content-type': 'text/csv; charset=utf-8' }, '/api/imports/population?fileName=pop.csv');
    expect(first.json()).toMatchObject({ status: 'succeeded', fileName: 'pop.csv', inserted: 120 });
    for (const type of ['application/vnd.ms-excel', 'application/octet-stream']) {
      const again = await upload('population', body, { ...commissioner, 'content-type': type });
      expect(again.json()).toMatchObject({ status: 'succeeded', fileName: 'population.csv', unchanged: 120 });
    }
    expect(await count('population')).toBe(120);
  });

  it('answers 422 with each row error when the file is rejected, and stores nothing', async () => {
    const rows = samplePopulation();
    rows[5]![4] = '-3';
    rows[9]![0] = 'E99999';
    const res = await upload('population', csvText([POPULATION_HEADER, ...rows]).replace('2025-10-01', '2025-11-01'), commissioner);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body).toMatchObject({ error: 'import_failed', message: 'population.csv was not imported: 2 problems found. Nothing was stored.' });
    expect(body.details).toEqual([
      { row: 7, column: 'patients', value: '-3', message: 'must be a whole number of 0 or more' },
      { row: 11, column: 'practice_code', value: 'E99999', message: 'is not a practice in the database; import it in practices.csv first' },
    ]);
    expect(body.report).toMatchObject({ status: 'failed', errorCount: 2, inserted: 0 });
    const periods = await t.database.db.selectFrom('population').select('period').distinct().execute();
    expect(periods).toEqual([{ period: '2025-10-01' }]);
  });

  it('rejects 50 MB of junk with a clear 422, storing nothing', async () => {
    const before = await count('practice');
    const res = await upload('practices', junkBytes(50 * 1024 * 1024), commissioner);
    expect(res.statusCode).toBe(422);
    expect(res.json().details).toEqual([{ row: 1, message: 'the file is not UTF-8; save it as CSV UTF-8' }]);
    expect(await count('practice')).toBe(before);
  });

  it('treats a missing body as an empty file and refuses other content types', async () => {
    const empty = await t.app.inject({ method: 'POST', url: '/api/imports/providers', headers: commissioner });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().details[0].message).toMatch(/^the file is empty/);
    const json = await t.app.inject({ method: 'POST', url: '/api/imports/providers', headers: commissioner, payload: { a: 1 } });
    expect(json.statusCode).toBe(415);
    const form = await upload('providers', 'a=1', { ...commissioner, 'content-type': 'multipart/form-data; boundary=x' });
    expect(form.statusCode).toBe(415);
  });

  it('rejects an unknown kind', async () => {
    expect((await upload('tariffs', 'x', commissioner)).statusCode).toBe(400);
  });
});

describe('GET /api/imports', () => {
  it('lists recent runs with who, when, what and how it went; newest first', async () => {
    const res = await t.app.inject({ url: '/api/imports?limit=3', headers: commissioner });
    expect(res.statusCode).toBe(200);
    const runs = res.json();
    expect(runs).toHaveLength(3);
    expect(runs[0]).toMatchObject({ kind: 'providers', status: 'failed', actor: 'commissioner', errorCount: 1 });
    expect(new Date(runs[0].startedAt).getTime()).toBeLessThanOrEqual(new Date(runs[0].finishedAt).getTime());
    const practices = (await t.app.inject({ url: '/api/imports?kind=practices', headers: commissioner })).json();
    expect(practices.map((r: { fileName: string }) => r.fileName)).toContain('practices Oct.csv');
  });

  it('shows one run with its errors', async () => {
    const [latest] = (await t.app.inject({ url: '/api/imports?kind=population&limit=10', headers: commissioner })).json();
    const res = await t.app.inject({ url: `/api/imports/${latest.id}`, headers: commissioner });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: latest.id, status: 'failed', errors: [{ row: 7, column: 'patients' }, { row: 11 }] });
    expect((await t.app.inject({ url: '/api/imports/999999', headers: commissioner })).statusCode).toBe(404);
  });

  it('is closed to roles that may not import, open to finance (who import activity)', async () => {
    expect((await t.app.inject({ url: '/api/imports', headers: reviewer })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/imports', headers: finance })).statusCode).toBe(200);
  });

  it('lets finance import tariff and activity but not organisation files', async () => {
    const post = (kind: string) => t.app.inject({ method: 'POST', url: `/api/imports/${kind}`, headers: { ...finance, 'content-type': 'text/csv' }, payload: 'year,pod,price\n2025/26,OPFA,160\n' });
    expect((await post('practices')).statusCode).toBe(403);
    const tariff = await post('tariff');
    expect(tariff.statusCode, tariff.body).toBe(200);
    expect(tariff.json()).toMatchObject({ kind: 'tariff', inserted: 1, quarantined: 0, summary: {} });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/imports/{kind}', '/api/imports', '/api/imports/{id}']));
  });
});
