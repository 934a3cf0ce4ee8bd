import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestUser } from '../../testing/factories.js';
import { csvText } from '../../testing/sample-csv.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { sampleWeights, WEIGHTS_HEADER } from '../../testing/weights.js';

vi.setConfig({ testTimeout: 30_000 });
let t: TestApp;
const headers: Record<string, Record<string, string>> = {};
beforeAll(async () => {
  t = await createTestApp();
  for (const role of ['finance', 'commissioner', 'admin', 'board'] as const) {
    await createTestUser(t.database.db, role, role);
    headers[role] = await t.signIn(role);
  }
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.database.db.deleteFrom('capitation_weight').execute();
});

const upload = (body: string, as = 'finance') =>
  t.app.inject({ method: 'POST', url: '/api/imports/weights', headers: { 'content-type': 'text/csv', 'x-file-name': 'weights.csv', ...headers[as] }, payload: body });
const stored = () => t.database.db.selectFrom('capitation_weight').select(['service_line', 'sex', 'age_band', 'weight', 'import_run_id'])
  .orderBy('service_line').orderBy('sex').orderBy('age_band').execute();

describe('POST /api/imports/weights', () => {
  it('stores every band of each service line, and re-importing changes only what changed', async () => {
    const elective = sampleWeights('elective', (_s, _b, i) => (1 + i / 8).toFixed(3));
    const first = await upload(csvText([WEIGHTS_HEADER, ...elective, ...sampleWeights('ae')]));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ kind: 'weights', status: 'succeeded', rowsRead: 80, inserted: 80, updated: 0, unchanged: 0, summary: { serviceLines: 2 } });
    const rows = await stored();
    expect(rows).toHaveLength(80);
    expect(rows.find((r) => r.service_line === 'elective' && r.sex === 'M' && r.age_band === '5-9')).toMatchObject({ weight: 1.125 });

    // The same weights written differently (1 as 1.000000) are unchanged; one changed weight is updated.
    const again = sampleWeights('ae', (sex, band) => (sex === 'F' && band === '95+' ? '2.5' : '1.000000'));
    const second = await upload(csvText([WEIGHTS_HEADER, ...again]));
    expect(second.json()).toMatchObject({ status: 'succeeded', rowsRead: 40, inserted: 0, updated: 1, unchanged: 39 });
    const after = await stored();
    const changed = after.find((r) => r.service_line === 'ae' && r.sex === 'F' && r.age_band === '95+')!;
    expect(changed.weight).toBe(2.5);
    expect(changed.import_run_id).toBe(second.json<{ id: number }>().id);
    // Elective, not in the second file, keeps its weights.
    expect(after.filter((r) => r.service_line === 'elective')).toEqual(rows.filter((r) => r.service_line === 'elective'));
  });

  it('refuses a file that leaves out a band of a service line, naming what is missing, and stores nothing', async () => {
    const partial = sampleWeights('community').filter(([, sex, band]) => !(sex === 'M' && band === '85-89'));
    const res = await upload(csvText([WEIGHTS_HEADER, ...partial, ...sampleWeights('mental_health').slice(0, 20)]));
    expect(res.statusCode).toBe(422);
    const report = res.json<{ report: { message: string; errors: { column: string; value: string; message: string }[] } }>().report;
    expect(report.errors).toEqual([
      { column: 'service_line', value: 'community', message: expect.stringMatching(/^has no weight for males aged 85-89: each service line needs a weight for every sex/) },
      { column: 'service_line', value: 'mental_health', message: expect.stringMatching(/^has no weight for 20 of the 40 sex and age bands \(F 0-4, F 5-9, .* and 8 more\)/) },
    ]);
    expect(report.message).toMatch(/was not imported: 2 problems found\. Nothing was stored\./);
    expect(await stored()).toEqual([]);
  });

  it('reports bad rows and duplicates by row and column', async () => {
    const rows = sampleWeights('elective');
    rows[0] = ['elective', 'M', '0-4', '0'];
    rows[1] = ['Non-Elective', 'X', '0-5', '1.2345678'];
    const res = await upload(csvText([WEIGHTS_HEADER, ...rows, ['ELECTIVE', 'm', '10-14', '1.5']]));
    expect(res.statusCode).toBe(422);
    expect(res.json<{ details: unknown[] }>().details).toEqual([
      { row: 2, column: 'weight', value: '0', message: 'must be a number greater than 0 with at most 6 decimal places, like 1.25' },
      { row: 3, column: 'service_line', value: 'Non-Elective', message: expect.stringMatching(/^must be a service line/) },
      { row: 3, column: 'sex', value: 'X', message: 'must be M or F' },
      { row: 3, column: 'age_band', value: '0-5', message: expect.stringMatching(/^must be an age band/) },
      { row: 3, column: 'weight', value: '1.2345678', message: expect.stringMatching(/at most 6 decimal places/) },
      { row: 42, value: 'service line elective, sex M, age band 10-14', message: expect.stringMatching(/is a duplicate: .* is also in row 4/) },
    ]);
    expect(await stored()).toEqual([]);
  });

  it('needs budget.manage: finance and commissioners may, administrators and the board may not', async () => {
    const file = csvText([WEIGHTS_HEADER, ...sampleWeights('prescribing')]);
    expect((await upload(file, 'admin')).statusCode).toBe(403);
    expect((await upload(file, 'board')).statusCode).toBe(403);
    expect((await upload(file, 'commissioner')).statusCode).toBe(200);
    expect(await stored()).toHaveLength(40);
  });
});
