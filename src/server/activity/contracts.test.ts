import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { contractProblems, type ContractInput } from './contracts.js';

let t: TestApp;
const as: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await buildOrgTree(db, { providers: ['RWG', 'RQW', 'RAL'] });
  for (const role of ['commissioner', 'finance', 'board', 'reviewer'] as const) {
    await createTestUser(db, role, role);
    as[role] = await t.signIn(role);
  }
  await createTestUser(db, 'practice', 'practice', 'E82001');
  as.practice = await t.signIn('practice');
});
afterAll(() => t.close());

const contract = (overrides: Partial<ContractInput> = {}): ContractInput => ({
  providerCode: 'RWG', year: '2025/26', reference: 'RWG-2025-26', phasing: 'even', profile: null, c2cAllowed: false,
  lines: [
    { pod: 'OPFA', tfc: '110', plannedVolume: 1200, plannedValuePence: 12_000_000 },
    { pod: 'OPFU', tfc: '', plannedVolume: 2400, plannedValuePence: 1_000 },
  ],
  followUpCaps: [{ tfc: '110', maxRatio: 2.5 }, { tfc: '', maxRatio: 3 }],
  kpis: [{ name: '18-week RTT', direction: '>=', threshold: 0.92, actual: 0.9, period: 'Q1' }, { name: 'DNA rate', direction: '<=', threshold: 0.08, actual: null, period: null }],
  ...overrides,
});

const post = (url: string, who: string, payload: object) => t.app.inject({ method: 'POST', url, headers: as[who], payload });
const put = (url: string, who: string, payload: object) => t.app.inject({ method: 'PUT', url, headers: as[who], payload });
const get = (url: string, who: string) => t.app.inject({ method: 'GET', url, headers: as[who] });
const uploadLines = (id: number, who: string, body: string, fileName = 'lines.csv') =>
  t.app.inject({ method: 'POST', url: `/api/contracts/${id}/lines.csv`, headers: { ...as[who], 'content-type': 'text/csv', 'x-file-name': fileName }, payload: body });

let rwg: number;

describe('contracts', () => {
  it('creates a contract with its lines, caps and KPIs, phased by month, and audits it', async () => {
    const res = await post('/api/contracts', 'commissioner', contract());
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    rwg = body.id;
    expect(body).toMatchObject({
      providerCode: 'RWG', providerName: 'Provider RWG', year: '2025/26', phasing: 'even', lineCount: 2, plannedVolume: 3600,
      plannedValuePence: 12_001_000, variationsPence: 0, totalValuePence: 12_001_000, updatedBy: 'commissioner',
    });
    expect(body.lines).toEqual([
      { pod: 'OPFA', podName: 'Outpatient first attendance', tfc: '110', tfcName: expect.stringMatching(/orthopaedic/i), plannedVolume: 1200, plannedValuePence: 12_000_000 },
      { pod: 'OPFU', podName: 'Outpatient follow-up', tfc: '', tfcName: 'All specialties', plannedVolume: 2400, plannedValuePence: 1_000 },
    ]);
    expect(body.followUpCaps).toEqual([{ tfc: '', tfcName: 'Any other specialty', maxRatio: 3 }, { tfc: '110', tfcName: expect.any(String), maxRatio: 2.5 }]);
    expect(body.kpis.map((k: { name: string; met: boolean | null }) => [k.name, k.met])).toEqual([['18-week RTT', false], ['DNA rate', null]]);
    // £120,010.00 over 12 months: £10,000.83 and £10,000.84 (1000p / 12 = 83.33p: four months get 84p).
    expect(body.monthly).toHaveLength(12);
    expect(body.monthly[0]).toEqual({ month: 1, label: 'Apr 2025', plannedVolume: 300, plannedValuePence: 1_000_084, variationsPence: 0, totalValuePence: 1_000_084 });
    expect(body.monthly[11].plannedValuePence).toBe(1_000_083);
    expect(body.monthly.reduce((a: number, m: { totalValuePence: number }) => a + m.totalValuePence, 0)).toBe(12_001_000);

    const audit = await t.database.db.selectFrom('audit_log').select(['actor', 'action', 'entity_id']).where('action', '=', 'contract.create').execute();
    expect(audit).toEqual([{ actor: 'commissioner', action: 'contract.create', entity_id: String(rwg) }]);
  });

  it('refuses a second contract for the same provider and year (409)', async () => {
    const res = await post('/api/contracts', 'finance', contract({ reference: 'again' }));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'contract_exists' });
  });

  it('names every problem: a profile missing, a repeated line, an unknown provider, a bad cap', async () => {
    const res = await post('/api/contracts', 'commissioner', contract({
      providerCode: 'ZZZ', phasing: 'profile', profile: null,
      lines: [{ pod: 'OPFA', tfc: '110', plannedVolume: 1, plannedValuePence: 1 }, { pod: 'OPFA', tfc: '110', plannedVolume: 2, plannedValuePence: 2 }],
      followUpCaps: [{ tfc: '', maxRatio: 2.555 }],
    }));
    expect(res.statusCode).toBe(400);
    expect(res.json().details.map((d: { field: string }) => d.field).sort()).toEqual(['followUpCaps.0.maxRatio', 'lines.1.tfc', 'profile', 'providerCode']);
    const shape = await post('/api/contracts', 'commissioner', { ...contract(), lines: [{ pod: 'XX', plannedVolume: -1, plannedValuePence: 1.5 }] });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().error).toBe('invalid_request');
    expect(contractProblems(contract({ year: '2025/27' }))).toEqual([{ field: 'year', message: expect.stringMatching(/consecutive/) }]);
  });

  it('lets finance replace the terms, lines, caps and KPIs; profile phasing shows in the months', async () => {
    const profile = [2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
    const res = await put(`/api/contracts/${rwg}`, 'finance', contract({
      reference: 'RWG/25/26', phasing: 'profile', profile, c2cAllowed: true,
      lines: [{ pod: 'OPFA', tfc: '', plannedVolume: 120, plannedValuePence: 120_000 }], followUpCaps: [], kpis: [],
    }));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id: rwg, reference: 'RWG/25/26', phasing: 'profile', profile, c2cAllowed: true, lineCount: 1, updatedBy: 'finance', followUpCaps: [], kpis: [] });
    expect(body.monthly.map((m: { plannedValuePence: number }) => m.plannedValuePence)).toEqual([20_000, 20_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 0, 0]);
  });

  it('records a variation, which changes the plan from its effective month on', async () => {
    const res = await post(`/api/contracts/${rwg}/variations`, 'commissioner', { effectiveFrom: '2026-01-05', reason: 'Extra hip capacity', valueChangePence: 30_000 });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.variations).toEqual([expect.objectContaining({ effectiveFrom: '2026-01-05', effectiveMonth: 10, reason: 'Extra hip capacity', valueChangePence: 30_000, recordedBy: 'commissioner' })]);
    // The profile gives January 1 and February and March 0: all £300 in January.
    expect(body.monthly.map((m: { variationsPence: number }) => m.variationsPence)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 30_000, 0, 0]);
    expect(body).toMatchObject({ variationsPence: 30_000, totalValuePence: 150_000 });

    const outside = await post(`/api/contracts/${rwg}/variations`, 'commissioner', { effectiveFrom: '2026-04-01', reason: 'Next year', valueChangePence: 1 });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().details).toEqual([{ field: 'effectiveFrom', message: expect.stringMatching(/2025\/26/) }]);

    // A PUT keeps the variations.
    const again = await put(`/api/contracts/${rwg}`, 'finance', contract({ lines: [] }));
    expect(again.json()).toMatchObject({ variationsPence: 30_000, lineCount: 0 });
  });

  it('lists contracts by year and shows one; 404 for none', async () => {
    await post('/api/contracts', 'commissioner', contract({ providerCode: 'RQW', reference: 'RQW-1', lines: [{ pod: 'DC', tfc: '130', plannedVolume: 10, plannedValuePence: 500_000 }] }));
    await post('/api/contracts', 'commissioner', contract({ providerCode: 'RQW', year: '2024/25', reference: 'RQW-0', lines: [] }));
    const list = await get('/api/contracts?year=2025/26', 'board');
    expect(list.statusCode).toBe(200);
    expect(list.json().map((c: { providerCode: string; plannedValuePence: number; variationsPence: number }) => [c.providerCode, c.plannedValuePence, c.variationsPence]))
      .toEqual([['RQW', 500_000, 0], ['RWG', 0, 30_000]]);
    expect((await get('/api/contracts', 'board')).json()).toHaveLength(3);
    expect((await get(`/api/contracts/${rwg}`, 'board')).statusCode).toBe(200);
    expect((await get('/api/contracts/999999', 'board')).statusCode).toBe(404);
  });

  it('keeps contracts from practices (403) and changes from roles without contract.manage', async () => {
    expect((await get('/api/contracts', 'practice')).statusCode).toBe(403);
    expect((await get(`/api/contracts/${rwg}`, 'practice')).statusCode).toBe(403);
    expect((await get('/api/contracts', 'reviewer')).statusCode).toBe(403);
    expect((await post('/api/contracts', 'board', contract({ providerCode: 'RAL' }))).statusCode).toBe(403);
    expect((await put(`/api/contracts/${rwg}`, 'board', contract())).statusCode).toBe(403);
    expect((await post(`/api/contracts/${rwg}/variations`, 'board', { effectiveFrom: '2025-05-01', reason: 'x', valueChangePence: 1 })).statusCode).toBe(403);
    expect((await uploadLines(rwg, 'board', 'x')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/contracts' })).statusCode).toBe(401);
    const denied = await t.database.db.selectFrom('audit_log').select('actor').where('outcome', '=', 'denied').where('actor', '=', 'practice').execute();
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });
});

describe('contract lines from CSV', () => {
  const HEADER = 'provider_code,year,pod,tfc,planned_volume,planned_value';

  it('replaces the contract’s lines with the file’s, pounds to pence, and audits it', async () => {
    const res = await uploadLines(rwg, 'finance', [HEADER, 'RWG,2025/26,OPFA,110,1200,"120,000.50"', 'rwg,2025/26,opfu,,2400,96000', 'RWG,2025/26,AE,,5000,750000.05', ''].join('\r\n'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'succeeded', rowsRead: 3, lines: 3, replaced: 0, plannedVolume: 8600, plannedValuePence: 12_000_050 + 9_600_000 + 75_000_005, errors: [], errorCount: 0 });
    const view = (await get(`/api/contracts/${rwg}`, 'finance')).json();
    expect(view.lines.map((l: { pod: string; tfc: string; plannedValuePence: number }) => [l.pod, l.tfc, l.plannedValuePence]))
      .toEqual([['AE', '', 75_000_005], ['OPFA', '110', 12_000_050], ['OPFU', '', 9_600_000]]);
    const audit = await t.database.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'contract.lines_import').execute();
    expect(audit).toEqual([{ actor: 'finance', details: expect.objectContaining({ fileName: 'lines.csv', lines: 3, replaced: 0 }) }]);
  });

  it('stores nothing when any row is wrong, naming each problem by row and column', async () => {
    const res = await uploadLines(rwg, 'finance', [
      HEADER,
      'RWG,2025/26,OPFA,110,10,100',
      'RQW,2025/26,OPFA,120,10,100', // another provider
      'RWG,2025/26,XX,11,ten,1.234', // wrong pod, tfc, volume and value
      'RWG,2025/26,OPFA,110,5,50', // repeats row 2
      'RWG,2024/25,DC,130,1,1', // another year
    ].join('\n'), 'bad.csv');
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body).toMatchObject({ error: 'import_failed', message: 'bad.csv was not imported: 7 problems found. Nothing was stored.' });
    expect(body.details.map((d: { row: number; column: string }) => `${d.row}:${d.column}`)).toEqual([
      '3:provider_code', '4:pod', '4:tfc', '4:planned_volume', '4:planned_value', '5:tfc', '6:year',
    ]);
    expect(body.details[5].message).toMatch(/repeats row 2/);
    expect(body.report.errorCount).toBe(7);
    expect((await get(`/api/contracts/${rwg}`, 'finance')).json().lineCount).toBe(3);
  });

  it('refuses a file without the columns, or without lines', async () => {
    const missing = await uploadLines(rwg, 'finance', 'provider_code,year,pod\nRWG,2025/26,OPFA\n');
    expect(missing.statusCode).toBe(422);
    expect(missing.json().details.map((d: { column: string }) => d.column)).toEqual(['tfc', 'planned_volume', 'planned_value']);
    const empty = await uploadLines(rwg, 'finance', `${HEADER}\n`);
    expect(empty.statusCode).toBe(422);
    expect(empty.json().details[0].message).toMatch(/no contract lines/);
    expect((await uploadLines(999_999, 'finance', `${HEADER}\n`)).statusCode).toBe(404);
  });
});
