import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertActivity } from '../../testing/activity.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { addVariation, createContract } from './contracts.js';
import { activityCost, activityLines, activitySummary, contractMonitoring, OUT_OF_AREA } from './monitoring.js';
import { refreshActivitySummary } from './summary.js';

let t: TestApp;
const as: Record<string, Record<string, string>> = {};
const year = '2025/26';

/*
 * Hand-computed case. Practices: E82001 and E82003 in NORTH, E82002 in SOUTH; W99999 is outside
 * the commissioner.
 *   L1 RWG E82001 OPFA 110 10 Apr  £100.00
 *   L2 RWG E82002 OPFU 110 20 Apr   £50.00
 *   L7 RWG E82002 NEL  300 25 Apr  £300.00
 *   L3 RWG E82001 OPFA 110  2 May  £100.00
 *   L5 RWG W99999 OPFA 110  3 May  £120.00  out of area
 *   L6 RQW E82003 DC   130 12 Apr  £600.00
 *   L4 RQW E82003 DC   130 15 May  unpriced
 * Contracts: RWG even, OPFA 110 £1,200 + OPFU (all) £1,200 a year, and +£600 from October;
 * RQW by profile 2,2,1,1,1,1,1,1,1,1,0,0 (sum 12), DC 130 £1,200 a year.
 */
beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await buildOrgTree(db, { providers: ['RWG', 'RQW', 'RAL'] });
  for (const role of ['commissioner', 'finance', 'reviewer'] as const) {
    await createTestUser(db, role, role);
    as[role] = await t.signIn(role);
  }
  await createTestUser(db, 'practice', 'practice', 'E82001');
  as.practice = await t.signIn('practice');

  await insertActivity(db, [
    { activity_id: 'L1', practice_code: 'E82001', pod: 'OPFA', tfc: '110', activity_date: '2025-04-10', tariff_price_pence: 10_000, patient_pseudo: 'pseudo-one' },
    { activity_id: 'L2', practice_code: 'E82002', pod: 'OPFU', tfc: '110', activity_date: '2025-04-20', tariff_price_pence: 5_000 },
    { activity_id: 'L7', practice_code: 'E82002', pod: 'NEL', tfc: '300', activity_date: '2025-04-25', tariff_price_pence: 30_000 },
    { activity_id: 'L3', practice_code: 'E82001', pod: 'OPFA', tfc: '110', activity_date: '2025-05-02', tariff_price_pence: 10_000 },
    { activity_id: 'L5', practice_code: 'W99999', in_area: false, pod: 'OPFA', tfc: '110', activity_date: '2025-05-03', tariff_price_pence: 12_000 },
    { activity_id: 'L6', provider_code: 'RQW', practice_code: 'E82003', pod: 'DC', tfc: '130', activity_date: '2025-04-12', tariff_price_pence: 60_000 },
    { activity_id: 'L4', provider_code: 'RQW', practice_code: 'E82003', pod: 'DC', tfc: '130', activity_date: '2025-05-15', tariff_price_pence: null, tariff_basis: null },
  ]);
  // 60 lines the year before, for paging.
  await insertActivity(db, Array.from({ length: 60 }, (_v, i) => ({ activity_date: `2024-06-${String((i % 28) + 1).padStart(2, '0')}`, activity_id: `P${String(i).padStart(3, '0')}` })));

  const user: AuthenticatedUser = { id: 0, username: 'commissioner', role: 'commissioner', practiceCode: null, displayName: 'C', isDemo: false };
  const base = { year, c2cAllowed: false, followUpCaps: [], kpis: [] };
  const rwg = await createContract(db, user, {
    ...base, providerCode: 'RWG', reference: 'RWG-1', phasing: 'even', profile: null,
    lines: [{ pod: 'OPFA', tfc: '110', plannedVolume: 12, plannedValuePence: 120_000 }, { pod: 'OPFU', tfc: '', plannedVolume: 24, plannedValuePence: 120_000 }],
  });
  await addVariation(db, user, rwg.id, { effectiveFrom: '2025-10-01', reason: 'More activity', valueChangePence: 60_000 });
  await createContract(db, user, {
    ...base, providerCode: 'RQW', reference: 'RQW-1', phasing: 'profile', profile: [2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0],
    lines: [{ pod: 'DC', tfc: '130', plannedVolume: 12, plannedValuePence: 120_000 }],
  });
});
afterAll(() => t.close());

const get = (url: string, who: string) => t.app.inject({ method: 'GET', url, headers: as[who] });
const pick = <T extends object>(rows: T[], ...keys: (keyof T)[]) => rows.map((r) => keys.map((k) => r[k]));

describe('activityCost: the one query for activity and cost', () => {
  it('totals lines and cost by provider and month, unpriced lines beside the cost', async () => {
    const rows = await activityCost(t.database.db, { year }, ['provider', 'month']);
    expect(pick(rows, 'provider', 'month', 'lines', 'pricedLines', 'unpricedLines', 'costPence')).toEqual([
      ['RQW', 1, 1, 1, 0, 60_000],
      ['RQW', 2, 1, 0, 1, 0],
      ['RWG', 1, 3, 3, 0, 45_000],
      ['RWG', 2, 2, 2, 0, 22_000],
    ]);
  });

  it('groups out-of-area practices as Out of area, and filters by any dimension', async () => {
    const db = t.database.db;
    const byGroup = await activityCost(db, { year }, ['group']);
    expect(pick(byGroup, 'group', 'lines', 'unpricedLines', 'costPence')).toEqual([['NORTH', 4, 1, 80_000], [OUT_OF_AREA, 1, 0, 12_000], ['SOUTH', 2, 0, 35_000]]);
    expect(pick(await activityCost(db, { year, group: [OUT_OF_AREA] }, ['practice']), 'practice', 'costPence')).toEqual([['W99999', 12_000]]);
    expect(pick(await activityCost(db, { year, tfc: ['110'], pod: ['OPFA'] }, ['month']), 'month', 'lines', 'costPence')).toEqual([[1, 1, 10_000], [2, 2, 22_000]]);
    expect(pick(await activityCost(db, { year, practice: ['E82002'], month: [1] }, ['pod']), 'pod', 'costPence')).toEqual([['NEL', 30_000], ['OPFU', 5_000]]);
    expect(await activityCost(db, { year, provider: [] }, ['provider'])).toEqual([]);
    expect(pick(await activityCost(db, { year }, ['inArea']), 'inArea', 'lines', 'costPence')).toEqual([[false, 1, 12_000], [true, 6, 115_000]]);
    expect(await activityCost(db, { year }, [])).toEqual([{ lines: 7, pricedLines: 6, unpricedLines: 1, costPence: 127_000, providerChargedPence: 70_000 }]);
  });

  it('names the groups in a summary, and gives the total from the same query', async () => {
    const summary = await activitySummary(t.database.db, { year }, ['group', 'tfc']);
    expect(summary.total).toEqual({ lines: 7, pricedLines: 6, unpricedLines: 1, costPence: 127_000, providerChargedPence: 70_000 });
    expect(summary.rows.find((r) => r.group === OUT_OF_AREA)).toMatchObject({ groupName: 'Out of area', tfc: '110', costPence: 12_000 });
    expect(summary.rows.find((r) => r.group === 'SOUTH' && r.tfc === '300')).toMatchObject({ groupName: 'SOUTH locality', costPence: 30_000 });
  });
});

describe('contract monitoring', () => {
  it('compares actual with the phased plan per provider, with forecasts both ways, variance and RAG (hand-computed)', async () => {
    const report = await contractMonitoring(t.database.db, { year });
    expect(report).toMatchObject({ monthsElapsed: 2, period: 'Apr 2025 to May 2025' });
    const [rqw, rwg] = report.providers;
    // RWG: plan £200/month (+£100/month Oct–Mar); in-area actual Apr £450 (L1, L2, L7), May £100 (L3).
    expect(rwg).toMatchObject({
      providerCode: 'RWG', contractId: expect.any(Number), reference: 'RWG-1', yearPlanPence: 300_000, ytdPlanPence: 40_000, ytdActualPence: 55_000,
      variancePence: 15_000, variancePercent: 37.5, rag: 'red',
      forecast: { straightLinePence: 330_000, seasonalPence: 330_000 }, forecastVariance: { straightLinePence: 30_000, seasonalPence: 30_000 },
      ytdActualVolume: 4, ytdPlanVolume: 6, outOfAreaLines: 1, outOfAreaCostPence: 12_000, ytdUnpricedLines: 0,
    });
    expect(rwg!.months.slice(0, 2).map((m) => [m.planPence, m.actualPence])).toEqual([[20_000, 45_000], [20_000, 10_000]]);
    expect(rwg!.months[6]!.planPence).toBe(30_000);
    // RQW: profile 2,2,1… of £1,200 → £200, £200, £100…; actual £600 in April and one unpriced line in May.
    // Straight line £600 × 12 / 2 = £3,600; seasonal £600 ÷ (4/12) = £1,800.
    expect(rqw).toMatchObject({
      providerCode: 'RQW', ytdPlanPence: 40_000, ytdActualPence: 60_000, variancePence: 20_000, variancePercent: 50, rag: 'red',
      forecast: { straightLinePence: 360_000, seasonalPence: 180_000 }, ytdUnpricedLines: 1, ytdActualVolume: 2,
    });
    // Total: plan £800 to date, actual £1,150; seasonal = £3,300 + £1,800.
    expect(report.total).toMatchObject({
      yearPlanPence: 420_000, ytdPlanPence: 80_000, ytdActualPence: 115_000, variancePence: 35_000, variancePercent: 43.8, rag: 'red',
      forecast: { straightLinePence: 690_000, seasonalPence: 510_000 }, ytdUnpricedLines: 1,
    });
    expect(report.lines).toBeNull();
  });

  it('rates against plan to date, and shows one provider line by line with variations and unplanned activity', async () => {
    const report = await contractMonitoring(t.database.db, { year, provider: 'RWG', throughMonth: 1 });
    expect(report.providers).toHaveLength(1);
    expect(report.monthsElapsed).toBe(1);
    expect(report.lines!.map((l) => [l.kind, l.pod, l.tfc, l.ytdPlanPence, l.ytdActualPence, l.rag, l.yearPlanPence])).toEqual([
      ['line', 'OPFA', '110', 10_000, 10_000, 'green', 120_000],
      ['line', 'OPFU', '', 10_000, 5_000, 'red', 120_000],
      ['variations', null, '', 0, 0, 'green', 60_000],
      ['unplanned', null, '', 0, 30_000, 'red', 0],
    ]);
  });

  it('counts a provider with activity and no contract as unplanned: red, its unpriced lines shown', async () => {
    const db = t.database.db;
    await insertActivity(db, [{ activity_id: 'X1', provider_code: 'RAL', activity_date: '2025-05-20', pod: 'AE', tfc: null, tariff_price_pence: null, tariff_basis: null }]);
    try {
      const report = await contractMonitoring(db, { year });
      expect(report.providers.map((p) => p.providerCode)).toEqual(['RAL', 'RQW', 'RWG']);
      expect(report.providers[0]).toMatchObject({
        contractId: null, reference: null, yearPlanPence: 0, ytdActualPence: 0, ytdActualVolume: 1, ytdUnpricedLines: 1, rag: 'red',
        forecast: { straightLinePence: 0, seasonalPence: 0 },
      });
      expect(report.total).toMatchObject({ ytdUnpricedLines: 2, ytdActualPence: 115_000, forecast: { seasonalPence: 510_000 } });
    } finally {
      await db.deleteFrom('activity').where('activity_id', '=', 'X1').execute();
      await refreshActivitySummary(db, [{ providerCode: 'RAL', year, month: 2 }]);
    }
    const none = await contractMonitoring(db, { year: '2030/31' });
    expect(none).toMatchObject({ monthsElapsed: 0, period: null, providers: [], total: { ytdActualPence: 0, forecast: { straightLinePence: null, seasonalPence: null } } });
  });
});

describe('GET /api/activity/summary', () => {
  it('answers the totals with names', async () => {
    const res = await get(`/api/activity/summary?year=${year}&by=provider,month`, 'finance');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.by).toEqual(['provider', 'month']);
    expect(body.rows[2]).toEqual({
      provider: 'RWG', providerName: 'Provider RWG', month: 1, monthLabel: 'Apr 2025', lines: 3, pricedLines: 3, unpricedLines: 0, costPence: 45_000, providerChargedPence: 30_000,
    });
    expect(body.total).toMatchObject({ lines: 7, unpricedLines: 1, costPence: 127_000 });
  });

  it('shows a practice user its own practice only, and 404 for another practice', async () => {
    const res = await get(`/api/activity/summary?year=${year}&by=provider`, 'practice');
    expect(res.statusCode).toBe(200);
    expect(pick(res.json().rows as { provider: string; lines: number; costPence: number }[], 'provider', 'lines', 'costPence')).toEqual([['RWG', 2, 20_000]]);
    expect(res.json().total.costPence).toBe(20_000);
    expect((await get(`/api/activity/summary?year=${year}&practice=E82002`, 'practice')).statusCode).toBe(404);
    expect((await get(`/api/activity/summary?year=${year}&practice=E82001&group=SOUTH`, 'practice')).json().rows).toEqual([]);
  });

  it('refuses roles without activity.view, and bad filters', async () => {
    expect((await get(`/api/activity/summary?year=${year}`, 'reviewer')).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/activity/summary?year=${year}` })).statusCode).toBe(401);
    expect((await get('/api/activity/summary?year=2025/27', 'finance')).statusCode).toBe(400);
    expect((await get(`/api/activity/summary?year=${year}&by=colour`, 'finance')).statusCode).toBe(400);
    expect((await get(`/api/activity/summary?year=${year}&pod=XX`, 'finance')).statusCode).toBe(400);
  });

  it('downloads as CSV (pounds) and XLSX (money as numbers), with the total row', async () => {
    const csv = await get(`/api/activity/summary?year=${year}&by=provider&format=csv`, 'finance');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="activity-2025-26-by-provider.csv"');
    const records = parse(csv.body, { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toEqual([
      { 'Provider code': 'RQW', Provider: 'Provider RQW', Lines: '2', 'Priced lines': '1', 'Unpriced lines': '1', 'Cost at tariff (£)': '600.00', 'Provider charged (£)': '200.00' },
      { 'Provider code': 'RWG', Provider: 'Provider RWG', Lines: '5', 'Priced lines': '5', 'Unpriced lines': '0', 'Cost at tariff (£)': '670.00', 'Provider charged (£)': '500.00' },
      { 'Provider code': 'Total', Provider: '', Lines: '7', 'Priced lines': '6', 'Unpriced lines': '1', 'Cost at tariff (£)': '1270.00', 'Provider charged (£)': '700.00' },
    ]);

    const xlsx = await get(`/api/activity/summary?year=${year}&by=group&format=xlsx`, 'finance');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Activity')!;
    const header = sheet.getRow(6);
    expect(header.values).toEqual([undefined, 'Group code', 'Group', 'Lines', 'Priced lines', 'Unpriced lines', 'Cost at tariff (£)', 'Provider charged (£)']);
    expect(sheet.getRow(8).getCell(2).value).toBe('Out of area');
    expect(sheet.getRow(8).getCell(6).value).toBe(120);
  });
});

describe('GET /api/activity/monitoring', () => {
  it('answers plan against actual for commissioners, and a CSV with a row per provider and the total', async () => {
    const res = await get(`/api/activity/monitoring?year=${year}`, 'commissioner');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().total.forecast).toEqual({ straightLinePence: 690_000, seasonalPence: 510_000 });
    expect(res.json().methods.seasonal).toMatch(/share of the contract’s phasing profile/);

    const csv = await get(`/api/activity/monitoring?year=${year}&format=csv`, 'commissioner');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const records = parse(csv.body, { bom: true, columns: true }) as Record<string, string>[];
    expect(records.map((r) => [r['Provider code'], r['YTD actual (£)'], r.RAG, r['Forecast, seasonal (£)'], r['Apr 2025 actual (£)']])).toEqual([
      ['RQW', '600.00', 'red', '1800.00', '600.00'],
      ['RWG', '550.00', 'red', '3300.00', '450.00'],
      ['Total', '1150.00', 'red', '5100.00', '1050.00'],
    ]);

    const xlsx = await get(`/api/activity/monitoring?year=${year}&provider=RWG&format=xlsx`, 'finance');
    expect(xlsx.headers['content-disposition']).toContain('contract-monitoring-2025-26-RWG.xlsx');
  });

  it('keeps contract plans from practice users (403) and needs activity.view', async () => {
    expect((await get(`/api/activity/monitoring?year=${year}`, 'practice')).statusCode).toBe(403);
    expect((await get(`/api/activity/monitoring?year=${year}`, 'reviewer')).statusCode).toBe(403);
  });
});

describe('GET /api/activity/lines: the lines behind a total', () => {
  it('lists the lines of a total, pseudonymised, 50 a page, and audits the view', async () => {
    const res = await get(`/api/activity/lines?year=${year}&provider=RWG&month=1`, 'finance');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ page: 1, pageSize: 50, total: 3 });
    expect(body.rows.map((r: { activityId: string }) => r.activityId)).toEqual(['L1', 'L2', 'L7']);
    expect(body.rows[0]).toMatchObject({ providerCode: 'RWG', practiceCode: 'E82001', patientPseudo: 'pseudo-one', pod: 'OPFA', tfc: '110', tariffPricePence: 10_000, activityDate: '2025-04-10', month: 1 });
    expect(JSON.stringify(body)).not.toMatch(/nhs/i);
    const audit = await t.database.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'activity.lines').execute();
    expect(audit.at(-1)).toEqual({ actor: 'finance', details: expect.objectContaining({ page: 1, lines: 3 }) });
  });

  it('pages, and drills into unpriced lines and groups', async () => {
    const page1 = (await get('/api/activity/lines?year=2024/25', 'finance')).json();
    const page2 = (await get('/api/activity/lines?year=2024/25&page=2', 'finance')).json();
    const page9 = (await get('/api/activity/lines?year=2024/25&page=9', 'finance')).json();
    expect([page1.total, page1.rows.length, page2.total, page2.rows.length, page9.total, page9.rows.length]).toEqual([60, 50, 60, 10, 60, 0]);
    const ids = [...page1.rows, ...page2.rows].map((r: { activityId: string }) => r.activityId);
    expect(new Set(ids).size).toBe(60);
    const unpriced = (await get(`/api/activity/lines?year=${year}&unpriced=true`, 'finance')).json();
    expect(unpriced.rows.map((r: { activityId: string; tariffPricePence: number | null }) => [r.activityId, r.tariffPricePence])).toEqual([['L4', null]]);
    const outOfArea = (await get(`/api/activity/lines?year=${year}&group=${OUT_OF_AREA}`, 'finance')).json();
    expect(outOfArea.rows.map((r: { activityId: string; inArea: boolean }) => [r.activityId, r.inArea])).toEqual([['L5', false]]);
    expect((await activityLines(t.database.db, { year, tfc: ['999'] })).total).toBe(0);
  });

  it('shows a practice user its own lines only', async () => {
    const mine = (await get(`/api/activity/lines?year=${year}`, 'practice')).json();
    expect(mine.rows.map((r: { activityId: string }) => r.activityId)).toEqual(['L1', 'L3']);
    expect((await get(`/api/activity/lines?year=${year}&practice=E82003`, 'practice')).statusCode).toBe(404);
  });

  it('downloads every matching line as CSV or XLSX', async () => {
    const csv = await get(`/api/activity/lines?year=${year}&provider=RQW&format=csv`, 'finance');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const records = parse(csv.body, { bom: true, columns: true }) as Record<string, string>[];
    expect(records.map((r) => [r['Activity id'], r['Tariff price (£)'], r['Priced by']])).toEqual([['L6', '600.00', 'pod'], ['L4', '', 'Unpriced']]);
    const xlsx = await get(`/api/activity/lines?year=${year}&provider=RQW&format=xlsx`, 'finance');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Lines')!.getRow(7).getCell(2).value).toBe('L6');
  });
});
