/**
 * The fair-shares API through HTTP, on the whole application.
 *
 * The numbers, by hand. Elective weights: boys under 5 weigh 2, women 70-74 weigh 3, all else 1.
 *   E82001 (NORTH): 10 boys under 5, 5 women 70-74 → raw 15, Σ patients × weight 20 + 15 = 35
 *   E82002 (SOUTH): 10 girls under 5               → raw 10, Σ 10
 *   E82003 (NORTH): 5 boys under 5                 → raw 5,  Σ 10
 *   E82004 (SOUTH): no population                  → raw 0,  Σ 0
 * N = 30, U = 55, scaling factor 30/55 = 6/11; weighted 210/11, 60/11, 60/11, 0 (adding up to 30).
 * Shares 7/11, 2/11, 2/11, 0. Of £999.99 (99,999p): 63,635.73, 18,181.64, 18,181.64 → floors
 * 63,635 + 18,181 + 18,181 = 99,997; two pence left: E82001 (remainder .73) and, of the equal
 * remainders .64, E82002 before E82003 → 63,636 + 18,182 + 18,181 = 99,999.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { csvText } from '../../testing/sample-csv.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { sampleWeights, WEIGHTS_HEADER } from '../../testing/weights.js';
import { importOrgFile } from '../org/import/import-file.js';

let t: TestApp;
let database: Database;
let app: FastifyInstance;
let finance: Record<string, string>, practice: Record<string, string>, reviewer: Record<string, string>;

const signIn = (username: string) => t.signIn(username);

const get = (url: string, headers = finance) => app.inject({ url, headers });
const ok = async <T = Record<string, unknown>>(url: string, headers = finance) => {
  const res = await get(url, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};

beforeAll(async () => {
  t = await createTestApp();
  ({ app, database } = t);
  const db = database.db;

  await buildOrgTree(db, { practices: ['E82001', 'E82002', 'E82003', 'E82004'], patientsPerBand: 0 });
  const period = '2025-10-01';
  await db.insertInto('population').values([
    { practice_code: 'E82001', period, sex: 'M', age_band: '0-4', patients: 10 },
    { practice_code: 'E82001', period, sex: 'F', age_band: '70-74', patients: 5 },
    { practice_code: 'E82002', period, sex: 'F', age_band: '0-4', patients: 10 },
    { practice_code: 'E82003', period, sex: 'M', age_band: '0-4', patients: 5 },
    // A period whose population is all zero.
    { practice_code: 'E82001', period: '2025-07-01', sex: 'M', age_band: '0-4', patients: 0 },
  ]).execute();
  const weights = sampleWeights('elective', (sex, band) => (sex === 'M' && band === '0-4' ? '2' : sex === 'F' && band === '70-74' ? '3.000' : '1'));
  const report = await importOrgFile(db, 'weights', Readable.from([csvText([WEIGHTS_HEADER, ...weights])]), { fileName: 'weights-2025.csv', actor: 'finance' });
  expect(report.status).toBe('succeeded');
  // A line with no weight for women 70-74 (written directly: the import would refuse it).
  await db.insertInto('capitation_weight').values(sampleWeights('ae').filter(([, s, b]) => !(s === 'F' && b === '70-74'))
    .map(([service_line, sex, age_band, weight]) => ({ service_line: service_line!, sex: sex as 'M' | 'F', age_band: age_band!, weight: Number(weight), import_run_id: null }))).execute();

  await createTestUser(db, 'finance', 'finance');
  await createTestUser(db, 'gp3', 'practice', 'E82003');
  await createTestUser(db, 'reviewer', 'reviewer');
  finance = await signIn('finance');
  practice = await signIn('gp3');
  reviewer = await signIn('reviewer');
});
afterAll(async () => {
  await t?.close();
});

const FAIR = '/api/budgets/fair-shares?serviceLine=elective&total=99999';

describe('GET /api/budgets/capitation', () => {
  it('lists the service lines with weights and the population periods', async () => {
    const options = await ok<{ serviceLines: { serviceLine: string; label: string; bands: number; fileName: string | null }[]; periods: string[] }>('/api/budgets/capitation');
    expect(options.serviceLines).toEqual([
      expect.objectContaining({ serviceLine: 'elective', label: 'Elective', bands: 40, fileName: 'weights-2025.csv' }),
      expect.objectContaining({ serviceLine: 'ae', label: 'A&E', bands: 39, fileName: null }),
    ]);
    expect(options.periods).toEqual(['2025-10-01', '2025-07-01']);
  });
});

describe('GET /api/budgets/fair-shares', () => {
  it('gives every practice its share, group subtotals and a total that add up to the penny', async () => {
    const body = await ok<Record<string, unknown>>(FAIR);
    expect(body).toMatchObject({
      serviceLine: 'elective', serviceLineLabel: 'Elective', period: '2025-10-01', commissioner: { code: 'QM7' }, totalPence: 99_999,
      scale: '0.545454545', leftoverPence: 2, otherPractices: null, withoutPopulation: ['E82004'],
      weights: { fileName: 'weights-2025.csv' },
    });
    expect(body.practices).toEqual([
      { practiceCode: 'E82001', practiceName: 'Practice E82001', groupCode: 'NORTH', groupName: 'NORTH locality', rawPopulation: 15, weightedPopulation: '19.090909', share: '0.6363636364', fairSharePence: 63_636, extraPenny: true },
      { practiceCode: 'E82003', practiceName: 'Practice E82003', groupCode: 'NORTH', groupName: 'NORTH locality', rawPopulation: 5, weightedPopulation: '5.454545', share: '0.1818181818', fairSharePence: 18_181, extraPenny: false },
      { practiceCode: 'E82002', practiceName: 'Practice E82002', groupCode: 'SOUTH', groupName: 'SOUTH locality', rawPopulation: 10, weightedPopulation: '5.454545', share: '0.1818181818', fairSharePence: 18_182, extraPenny: true },
      { practiceCode: 'E82004', practiceName: 'Practice E82004', groupCode: 'SOUTH', groupName: 'SOUTH locality', rawPopulation: 0, weightedPopulation: '0.000000', share: '0.0000000000', fairSharePence: 0, extraPenny: false },
    ]);
    expect(body.groups).toEqual([
      { groupCode: 'NORTH', groupName: 'NORTH locality', practices: 2, rawPopulation: 20, weightedPopulation: '24.545455', share: '0.8181818182', fairSharePence: 81_817 },
      { groupCode: 'SOUTH', groupName: 'SOUTH locality', practices: 2, rawPopulation: 10, weightedPopulation: '5.454545', share: '0.1818181818', fairSharePence: 18_182 },
    ]);
    expect(body.total).toEqual({ practices: 4, rawPopulation: 30, weightedPopulation: '30.000000', share: '1.0000000000', fairSharePence: 99_999 });
    expect(body.rounding).toMatch(/largest fractions of a penny left, equal fractions in practice code order/);
  });

  it('chooses the period: asked for, the latest before the year ends, or the latest', async () => {
    expect((await ok(`${FAIR}&year=2025/26`)).period).toBe('2025-10-01');
    const before = await get(`${FAIR}&year=2024/25`);
    expect(before.statusCode).toBe(422);
    expect(before.json()).toMatchObject({ error: 'no_population', message: expect.stringMatching(/before the end of 2024\/25\. Periods with population: 2025-10-01, 2025-07-01/) });
  });

  it('refuses what cannot be shared with a clear reason', async () => {
    const cases: [string, number, string, RegExp][] = [
      ['&period=2024-01-01', 422, 'no_population', /no registered population for 2024-01-01/],
      ['&period=2025-07-01', 422, 'zero_population', /registered population is 0/],
      ['&period=2025-02-30', 400, 'invalid_request', /request is not valid/],
    ];
    for (const [extra, status, error, message] of cases) {
      const res = await get(`${FAIR}${extra}`);
      expect(res.statusCode, extra).toBe(status);
      expect(res.json(), extra).toMatchObject({ error, message: expect.stringMatching(message) });
    }
    const missing = await get('/api/budgets/fair-shares?serviceLine=ae&total=100');
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({
      error: 'missing_weights', message: expect.stringMatching(/no ae weight for females aged 70-74/),
      details: [{ message: 'no ae weight for females aged 70-74 (5 patients at E82001)' }],
    });
    const unknown = await get('/api/budgets/fair-shares?serviceLine=dentistry&total=100');
    expect(unknown.json()).toMatchObject({ error: 'no_weights', message: expect.stringMatching(/no weights for dentistry.*Service lines with weights: elective, ae/) });
    const negative = await get('/api/budgets/fair-shares?serviceLine=elective&total=-5');
    expect(negative.statusCode).toBe(400);
    expect(negative.json().details).toEqual([{ field: 'querystring.total', message: 'must not be negative' }]);
    expect((await get('/api/budgets/fair-shares?serviceLine=elective')).statusCode).toBe(400);
    expect((await get('/api/budgets/fair-shares?serviceLine=elective&total=1.5')).statusCode).toBe(400);
    expect((await get(`${FAIR}&commissioner=QQ1`)).statusCode).toBe(404);
  });

  it('shows a practice user its own practice, the others as one sum, and the total', async () => {
    const body = await ok<Record<string, unknown>>(FAIR, practice);
    expect((body.practices as { practiceCode: string }[]).map((p) => p.practiceCode)).toEqual(['E82003']);
    expect(body.groups).toEqual([]);
    expect(body.withoutPopulation).toEqual([]);
    expect(body.otherPractices).toEqual({ practices: 3, rawPopulation: 25, weightedPopulation: '24.545455', share: '0.8181818182', fairSharePence: 81_818 });
    expect(body.total).toMatchObject({ practices: 4, fairSharePence: 99_999 });
  });

  it('needs budget.view', async () => {
    expect((await get(FAIR, reviewer)).statusCode).toBe(403);
    expect((await app.inject({ url: FAIR })).statusCode).toBe(401);
  });

  it('downloads as CSV with subtotals and the total, and as XLSX', async () => {
    const csv = await get(`${FAIR}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="fair-shares-elective-2025-10-01.csv"');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toEqual([
      'Group,Practice code,Practice,Raw population,Weighted population,Share,Fair share (£)',
      'NORTH locality,E82001,Practice E82001,15,19.090909,0.6363636364,636.36',
      'NORTH locality,E82003,Practice E82003,5,5.454545,0.1818181818,181.81',
      'NORTH locality,Subtotal NORTH,NORTH locality (2 practices),20,24.545455,0.8181818182,818.17',
      'SOUTH locality,E82002,Practice E82002,10,5.454545,0.1818181818,181.82',
      'SOUTH locality,E82004,Practice E82004,0,0,0,0.00',
      'SOUTH locality,Subtotal SOUTH,SOUTH locality (2 practices),10,5.454545,0.1818181818,181.82',
      ',Total,Commissioner QM7 (4 practices),30,30,1,999.99',
    ]);
    const xlsx = await get(`${FAIR}&format=xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Fair shares')!;
    const values: unknown[][] = [];
    sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    expect(values.at(-1)).toEqual(['', 'Total', 'Commissioner QM7 (4 practices)', 30, 30, 1, 999.99]);
  });
});

describe('GET /api/budgets/fair-shares/:practiceCode', () => {
  it('shows the arithmetic band by band, from raw list to fair share', async () => {
    const a = await ok<Record<string, unknown> & { bands: unknown[] }>('/api/budgets/fair-shares/E82001?serviceLine=elective&total=99999');
    expect(a).toMatchObject({
      practice: { code: 'E82001', name: 'Practice E82001', groupCode: 'NORTH' },
      rawPopulation: 15, unscaledWeighted: '35', commissionerTotals: { practices: 4, rawPopulation: 30, unscaledWeighted: '55' },
      scale: '0.545454545', scaleFraction: '6/11', weightedPopulation: '19.090909', weightedPopulationFraction: '210/11',
      share: '0.6363636364', shareFraction: '7/11', exactPence: '63635.7273', fairSharePence: 63_636, extraPenny: true, leftoverPence: 2,
    });
    expect(a.bands).toHaveLength(40);
    expect(a.bands[0]).toEqual({ sex: 'M', ageBand: '0-4', patients: 10, weight: '2', weighted: '20' });
    expect(a.bands[34]).toEqual({ sex: 'F', ageBand: '70-74', patients: 5, weight: '3', weighted: '15' });
    expect(a.bands[1]).toEqual({ sex: 'M', ageBand: '5-9', patients: 0, weight: '1', weighted: '0' });
  });

  it('lets a practice user see its own arithmetic only (another practice: 404)', async () => {
    expect((await ok('/api/budgets/fair-shares/E82003?serviceLine=elective&total=99999', practice)).fairSharePence).toBe(18_181);
    expect((await get('/api/budgets/fair-shares/E82001?serviceLine=elective&total=99999', practice)).statusCode).toBe(404);
    expect((await get('/api/budgets/fair-shares/E89999?serviceLine=elective&total=99999')).statusCode).toBe(404);
  });

  it('downloads the bands as CSV', async () => {
    const csv = await get('/api/budgets/fair-shares/E82001?serviceLine=elective&total=99999&format=csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Sex,Age band,Patients,Weight,Patients × weight');
    expect(lines[1]).toBe('M,0-4,10,2,20');
    expect(lines.at(-1)).toBe('Total,,15,,35');
  });
});
