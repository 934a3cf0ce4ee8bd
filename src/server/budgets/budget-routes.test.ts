import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertActivity } from '../../testing/activity.js';
import { budgetTestApp, PRACTICES, type BudgetTestApp } from '../../testing/budgets.js';

let t: BudgetTestApp;
beforeAll(async () => {
  t = await budgetTestApp();
  // Last year's (2024/25) elective activity: day cases in scope (110 T&O) and out of scope (320 cardiology).
  await insertActivity(t.db, [
    ...PRACTICES.flatMap((practice_code, i) => Array.from({ length: 4 + i }, (_, k) => ({
      practice_code, pod: 'DC' as const, tfc: '110', activity_date: `2024-0${4 + (k % 5)}-10`, tariff_price_pence: 100_000, patient_pseudo: `${practice_code}-${k}`,
    }))),
    { practice_code: 'E82001', pod: 'DC', tfc: '320', activity_date: '2024-05-10', tariff_price_pence: 5_000_000 },
  ]);
});
afterAll(() => t.close());

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, as: string, payload?: object) =>
  t.app.inject({ method, url, headers: t.as[as], ...(payload && { payload }) });

const DRAFT = {
  year: '2025/26', serviceLine: 'elective', commissionerTotalPence: 3_000_000, pace: 0.5, floorPercent: 0.02, topSlicePercent: 0.01,
  highCostThresholdPence: 150_000, sharingRule: 'group', phasing: 'even',
};

interface Totals { historicPence: number; fairSharePence: number; budgetPence: number; currentBudgetPence: number; practices: number }
interface View {
  id: number; status: string; version: number; commissionerTotalPence: number; topSlicePence: number; practicesTotalPence: number; historicTotalPence: number;
  historicSource: string; scope: { tfcs: string[] | null };
  practices: (Totals & { practiceCode: string; groupCode: string; changePence: number; floorApplied: boolean })[];
  groups: (Totals & { groupCode: string })[]; total: Totals;
}

/** Group and commissioner totals are the sums of their practices. */
function expectTotalsAgree(v: View) {
  for (const key of ['historicPence', 'fairSharePence', 'budgetPence', 'currentBudgetPence'] as const) {
    expect(v.total[key]).toBe(sum(v.practices.map((p) => p[key])));
    for (const g of v.groups) expect(g[key]).toBe(sum(v.practices.filter((p) => p.groupCode === g.groupCode).map((p) => p[key])));
  }
}

async function publishedDraft(body: object = {}) {
  const created = await inject('POST', '/api/budgets/settings', 'finance', { ...DRAFT, ...body });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<View>().id;
  expect((await inject('POST', `/api/budgets/settings/${id}/review`, 'commissioner')).statusCode).toBe(200);
  const published = await inject('POST', `/api/budgets/settings/${id}/publish`, 'finance');
  expect(published.statusCode, published.body).toBe(200);
  return published.json<View>();
}

describe('budget setting', () => {
  let first: View;

  it('drafts budgets from fair shares and last year’s activity in scope, adding up exactly', async () => {
    const res = await inject('POST', '/api/budgets/settings', 'finance', DRAFT);
    expect(res.statusCode, res.body).toBe(201);
    first = res.json<View>();
    expect(first).toMatchObject({ status: 'draft', version: 1, commissionerTotalPence: 3_000_000, topSlicePence: 30_000, practicesTotalPence: 2_970_000, historicSource: 'activity' });
    // Only the year-1 specialties: the cardiology day case is out of scope.
    expect(first.scope.tfcs).toContain('110');
    expect(first.scope.tfcs).not.toContain('320');
    // Practices by group (NORTH: E82001, E82003, E82005; SOUTH: E82002, E82004), then code.
    expect(first.practices.map((p) => p.historicPence)).toEqual([400_000, 600_000, 800_000, 500_000, 700_000]);
    expect(first.historicTotalPence).toBe(3_000_000);
    expect(sum(first.practices.map((p) => p.budgetPence))).toBe(2_970_000);
    expect(sum(first.practices.map((p) => p.fairSharePence))).toBe(2_970_000);
    expectTotalsAgree(first);
    // The derived history is kept, marked as from activity.
    const kept = await t.db.selectFrom('historic_spend').selectAll().where('year', '=', '2024/25').where('service_line', '=', 'elective').execute();
    expect(kept.map((k) => [k.practice_code, Number(k.amount_pence), k.source])).toContainEqual(['E82001', 400_000, 'activity']);
  });

  it('refuses bad inputs with the reason, storing nothing', async () => {
    const count = async () => Number((await t.db.selectFrom('budget_setting').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const pace = await inject('POST', '/api/budgets/settings', 'finance', { ...DRAFT, pace: 1.5 });
    expect(pace.statusCode).toBe(400);
    expect(pace.json<{ details: { field: string }[] }>().details.map((d) => d.field)).toContain('body.pace');
    expect((await inject('POST', '/api/budgets/settings', 'finance', { ...DRAFT, commissionerTotalPence: -5 })).statusCode).toBe(400);
    const notDevolved = await inject('POST', '/api/budgets/settings', 'finance', { ...DRAFT, serviceLine: 'ae' });
    expect(notDevolved.statusCode).toBe(422);
    expect(notDevolved.json()).toMatchObject({ error: 'not_devolved' });
    // A 2% floor on £30,000 of history needs at least £29,400 for the practices.
    const tooSmall = await inject('POST', '/api/budgets/settings', 'finance', { ...DRAFT, commissionerTotalPence: 2_000_000 });
    expect(tooSmall.statusCode).toBe(422);
    expect(tooSmall.json()).toMatchObject({ error: 'budget_below_floor', message: expect.stringMatching(/too small for the floor/) });
    const noPopulation = await inject('POST', '/api/budgets/settings', 'finance', { ...DRAFT, populationPeriod: '2019-01-01' });
    expect(noPopulation.statusCode).toBe(422);
    const profile = await inject('POST', '/api/budgets/settings', 'finance', { ...DRAFT, phasing: 'profile', profile: Array(12).fill(0) });
    expect(profile.statusCode).toBe(422);
    const imported = await inject('POST', '/api/budgets/settings', 'finance', { ...DRAFT, historicSource: 'imported' });
    expect(imported.json()).toMatchObject({ error: 'missing_historic' });
    expect(await count()).toBe(before);
  });

  it('lets only the right roles change budgets', async () => {
    expect((await inject('POST', '/api/budgets/settings', 'p1', DRAFT)).statusCode).toBe(403);
    // A draft is not shown to practices until it is published.
    expect((await inject('GET', `/api/budgets/settings/${first.id}`, 'p1')).statusCode).toBe(404);
    expect((await inject('GET', '/api/budgets/settings?year=2025/26', 'p1')).json()).toEqual([]);
    expect((await inject('POST', '/api/budgets/settings', 'board', DRAFT)).statusCode).toBe(403);
    expect((await inject('POST', `/api/budgets/settings/${first.id}/review`, 'board')).statusCode).toBe(403);
    // Publishing needs a reviewed version, and budget.publish (finance, not commissioner).
    expect((await inject('POST', `/api/budgets/settings/${first.id}/publish`, 'finance')).json()).toMatchObject({ error: 'not_reviewed' });
    expect((await inject('POST', `/api/budgets/settings/${first.id}/review`, 'commissioner')).statusCode).toBe(200);
    expect((await inject('POST', `/api/budgets/settings/${first.id}/publish`, 'commissioner')).statusCode).toBe(403);
    const published = await inject('POST', `/api/budgets/settings/${first.id}/publish`, 'finance');
    expect(published.json()).toMatchObject({ status: 'published', version: 1 });
  });

  it('never edits a published version: changes are variations or a new version that supersedes it', async () => {
    expect((await inject('DELETE', `/api/budgets/settings/${first.id}`, 'finance')).statusCode).toBe(409);
    const variation = await inject('POST', `/api/budgets/settings/${first.id}/variations`, 'finance', {
      practiceCode: 'E82003', fromMonth: 7, amountPence: 12_000, reason: 'Transfer of a community clinic', method: 'service_change',
    });
    expect(variation.statusCode, variation.body).toBe(201);
    const varied = variation.json<View & { variations: unknown[] }>();
    expect(varied.variations).toHaveLength(1);
    expect(varied.practices.find((p) => p.practiceCode === 'E82003')!.currentBudgetPence - varied.practices.find((p) => p.practiceCode === 'E82003')!.budgetPence).toBe(12_000);
    expect(varied.total.currentBudgetPence).toBe(2_970_000 + 12_000);
    expectTotalsAgree(varied);
    // No reason: refused.
    expect((await inject('POST', `/api/budgets/settings/${first.id}/variations`, 'finance', { practiceCode: 'E82003', fromMonth: 7, amountPence: 5, reason: ' ', method: 'other' })).statusCode).toBe(400);

    const second = await publishedDraft({ pace: 1, basedOnId: first.id });
    expect(second.version).toBe(2);
    const list = await inject('GET', '/api/budgets/settings?year=2025/26&serviceLine=elective', 'board');
    expect(list.json<{ version: number; status: string }[]>().map((s) => [s.version, s.status])).toEqual([[2, 'published'], [1, 'superseded']]);
    // Variations only on the published version.
    expect((await inject('POST', `/api/budgets/settings/${first.id}/variations`, 'finance', { practiceCode: 'E82003', fromMonth: 1, amountPence: 5, reason: 'x', method: 'other' })).statusCode).toBe(409);
    // A draft can be discarded.
    const draft = await inject('POST', '/api/budgets/settings', 'finance', DRAFT);
    expect((await inject('DELETE', `/api/budgets/settings/${draft.json<View>().id}`, 'commissioner')).statusCode).toBe(204);
    const actions = await t.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'budget_setting').where('outcome', '=', 'ok').execute();
    expect(new Set(actions.map((a) => a.action))).toEqual(new Set(['budget.draft.create', 'budget.review', 'budget.publish', 'budget.variation', 'budget.discard']));
    first = second;
  });

  it('shows a practice its own line, its group and the commissioner’s total, never another practice', async () => {
    const full = (await inject('GET', `/api/budgets/settings/${first.id}`, 'finance')).json<View>();
    const own = await inject('GET', `/api/budgets/settings/${first.id}`, 'p1');
    expect(own.statusCode).toBe(200);
    const view = own.json<View>();
    expect(view.practices.map((p) => p.practiceCode)).toEqual(['E82001']);
    expect(view.groups.map((g) => g.groupCode)).toEqual(['NORTH']);
    expect(view.groups[0]).toEqual(full.groups.find((g) => g.groupCode === 'NORTH'));
    expect(view.total).toEqual(full.total);
    const csv = await inject('GET', `/api/budgets/settings/${first.id}?format=csv`, 'p1');
    expect(csv.body).not.toMatch(/E82003/);
  });

  it('exports the budgets with totals that are the sums of the practices', async () => {
    const res = await inject('GET', `/api/budgets/settings/${first.id}?format=xlsx`, 'finance');
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const rows: (string | number | null)[][] = [];
    sheet.eachRow((row) => rows.push((row.values as (string | number | null)[]).slice(1)));
    const header = rows.findIndex((r) => r[0] === 'Code');
    const budgetCol = rows[header]!.indexOf('Budget (£)');
    const body = rows.slice(header + 1);
    const practiceBudgets = body.filter((r) => /^E\d{5}$/.test(String(r[0]))).map((r) => Number(r[budgetCol]));
    const north = body.find((r) => r[0] === 'NORTH')!;
    const all = body.find((r) => r[0] === 'Practices')!;
    const total = body.find((r) => r[0] === 'Total')!;
    expect(Math.round(sum(practiceBudgets) * 100)).toBe(Math.round(Number(all[budgetCol]) * 100));
    expect(Math.round(Number(total[budgetCol]) * 100)).toBe(3_000_000);
    const northCodes = ['E82001', 'E82003', 'E82005'];
    expect(Math.round(Number(north[budgetCol]) * 100)).toBe(Math.round(sum(body.filter((r) => northCodes.includes(String(r[0]))).map((r) => Number(r[budgetCol]))) * 100));
  });
});

describe('in-year monitoring', () => {
  beforeAll(async () => {
    // This year's spend: April and May day cases for every practice; E82002 has one high-cost patient.
    await insertActivity(t.db, [
      ...PRACTICES.flatMap((practice_code, i) => [4, 5].flatMap((m) => Array.from({ length: 1 + (i % 3) }, (_, k) => ({
        practice_code, pod: 'DC' as const, tfc: '130', activity_date: `2025-0${m}-12`, tariff_price_pence: 10_000, patient_pseudo: `${practice_code}-y${k}`,
      })))),
      { practice_code: 'E82002', pod: 'EL', tfc: '110', activity_date: '2025-05-20', tariff_price_pence: 400_000, patient_pseudo: 'costly' },
      { practice_code: 'E82004', pod: 'OPFA', tfc: '110', activity_date: '2025-05-20', tariff_price_pence: 9_999_999 }, // outpatients: not elective spend
    ]);
  });

  interface Series { budgetByMonth: number[]; spendByMonth: number[]; yearBudgetPence: number; ytdBudgetPence: number; ytdSpendPence: number; variancePence: number; rag: string; forecast: { straightLinePence: number | null; seasonalPence: number | null } }
  interface Report { monthsElapsed: number; practices: (Series & { practiceCode: string; groupCode: string })[]; groups: (Series & { groupCode: string })[]; serviceLines: (Series & { pods: string[]; tfcs: string[] | null })[]; total: Series }

  function expectReportTotalsAgree(r: Report) {
    for (const key of ['yearBudgetPence', 'ytdBudgetPence', 'ytdSpendPence', 'variancePence'] as const) {
      expect(r.total[key]).toBe(sum(r.practices.map((p) => p[key])));
      for (const g of r.groups) expect(g[key]).toBe(sum(r.practices.filter((p) => p.groupCode === g.groupCode).map((p) => p[key])));
    }
    for (let m = 0; m < 12; m++) {
      expect(r.total.budgetByMonth[m]).toBe(sum(r.practices.map((p) => p.budgetByMonth[m]!)));
      expect(r.total.spendByMonth[m]).toBe(sum(r.practices.map((p) => p.spendByMonth[m]!)));
    }
    expect(r.total.forecast.straightLinePence).toBe(sum(r.practices.map((p) => p.forecast.straightLinePence!)));
  }

  it('phases each budget by month against spend in scope, with variance, forecasts and RAG', async () => {
    const res = await inject('GET', '/api/budgets/monitoring?year=2025/26&serviceLine=elective', 'finance');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<Report>();
    expect(r.monthsElapsed).toBe(2);
    expect(r.practices).toHaveLength(5);
    expectReportTotalsAgree(r);
    expect(r.total.yearBudgetPence).toBe(2_970_000);
    const e82002 = r.practices.find((p) => p.practiceCode === 'E82002')!;
    expect(e82002.spendByMonth.slice(0, 2)).toEqual([20_000, 20_000 + 400_000]);
    expect(e82002.ytdSpendPence).toBe(440_000);
    expect(e82002.forecast.straightLinePence).toBe(440_000 * 6);
    expect(e82002.rag).toBe('red');
    expect(r.serviceLines[0]).toMatchObject({ pods: ['DC', 'EL'] });
    // The outpatient line is not elective spend.
    expect(r.practices.find((p) => p.practiceCode === 'E82004')!.ytdSpendPence).toBe(20_000);
  });

  it('narrows a practice user to its own practice, its group and the total; another practice is 404', async () => {
    const full = (await inject('GET', '/api/budgets/monitoring?year=2025/26', 'finance')).json<Report>();
    const own = (await inject('GET', '/api/budgets/monitoring?year=2025/26', 'p2')).json<Report>();
    expect(own.practices.map((p) => p.practiceCode)).toEqual(['E82002']);
    expect(own.groups.map((g) => g.groupCode)).toEqual(['SOUTH']);
    expect(own.groups[0]).toEqual(full.groups.find((g) => g.groupCode === 'SOUTH'));
    expect(own.total).toEqual(full.total);
    expect((await inject('GET', '/api/budgets/monitoring?year=2025/26&practice=E82001', 'p2')).statusCode).toBe(404);
    const csv = await inject('GET', '/api/budgets/monitoring?year=2025/26&format=csv', 'p2');
    expect(csv.body).not.toMatch(/E82001|E82003/);
  });

  it('exports months across and lines down, the totals the sums of the practices', async () => {
    const r = (await inject('GET', '/api/budgets/monitoring?year=2025/26&serviceLine=elective', 'finance')).json<Report>();
    const res = await inject('GET', '/api/budgets/monitoring?year=2025/26&serviceLine=elective&format=xlsx', 'finance');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows: (string | number | null)[][] = [];
    book.worksheets[0]!.eachRow((row) => rows.push((row.values as (string | number | null)[]).slice(1)));
    const header = rows.findIndex((x) => x[0] === 'Code');
    expect(rows[header]!.slice(5, 8)).toEqual(['Apr 2025 (£)', 'May 2025 (£)', 'Jun 2025 (£)']);
    const body = rows.slice(header + 1);
    expect(body.map((x) => x[4]).slice(0, 3)).toEqual(['Budget', 'Spend', 'Variance']);
    // Practice blocks are three lines each: Budget, Spend, Variance.
    const spendRows = body.filter((x, i) => x[4] === 'Spend' && /^E\d{5}$/.test(String(body[i - 1]![0])));
    const totalIndex = body.findIndex((x) => x[0] === 'Total');
    for (let m = 0; m < 12; m++) {
      const practices = Math.round(sum(spendRows.map((x) => Number(x[5 + m] ?? 0))) * 100);
      expect(Math.round(Number(body[totalIndex + 1]![5 + m] ?? 0) * 100)).toBe(practices);
      expect(practices).toBe(r.total.spendByMonth[m]);
    }
  });
});

describe('savings and reinvestment', () => {
  it('counts high-cost patients to the pool, shares within groups, and approves proposals only within the savings', async () => {
    const res = await inject('GET', '/api/budgets/savings?year=2025/26', 'finance');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json<{
      basis: string; settings: { pool: { chargedPence: number } }[];
      practices: { practiceCode: string; groupCode: string; savingsPence: number; highCostExcessPence: number; reinvestablePence: number }[];
      groups: { groupCode: string; savingsPence: number; reinvestablePence: number; headroomPence: number }[]; total: { savingsPence: number };
    }>();
    expect(s.basis).toBe('forecast');
    // The costly patient's £4,000 is £2,500 above the £1,500 threshold.
    expect(s.practices.find((p) => p.practiceCode === 'E82002')!.highCostExcessPence).toBe(250_000);
    expect(s.settings[0]!.pool.chargedPence).toBe(250_000);
    expect(s.total.savingsPence).toBe(sum(s.practices.map((p) => p.savingsPence)));
    for (const g of s.groups) expect(g.savingsPence).toBe(sum(s.practices.filter((p) => p.groupCode === g.groupCode).map((p) => p.savingsPence)));
    const north = s.groups.find((g) => g.groupCode === 'NORTH')!;
    expect(north.reinvestablePence).toBeGreaterThan(0);

    const tooMuch = await inject('POST', '/api/budgets/reinvestment', 'commissioner', { year: '2025/26', groupCode: 'NORTH', title: 'A new clinic', amountPence: north.reinvestablePence + 1 });
    expect(tooMuch.statusCode).toBe(201);
    expect((await inject('POST', `/api/budgets/reinvestment/${tooMuch.json<{ id: number }>().id}/decision`, 'finance', { decision: 'approved' })).json()).toMatchObject({ error: 'exceeds_savings' });
    const fits = await inject('POST', '/api/budgets/reinvestment', 'commissioner', { year: '2025/26', groupCode: 'NORTH', title: 'Physiotherapy in the practice', amountPence: 10_000 });
    const decided = await inject('POST', `/api/budgets/reinvestment/${fits.json<{ id: number }>().id}/decision`, 'finance', { decision: 'approved', notes: 'Agreed at the board' });
    expect(decided.json()).toMatchObject({ status: 'approved', decidedBy: 'finance' });
    expect((await inject('POST', `/api/budgets/reinvestment/${fits.json<{ id: number }>().id}/decision`, 'finance', { decision: 'rejected' })).statusCode).toBe(409);
    expect((await inject('POST', '/api/budgets/reinvestment', 'p1', { year: '2025/26', groupCode: 'NORTH', title: 'x', amountPence: 1 })).statusCode).toBe(403);
    const after = (await inject('GET', '/api/budgets/savings?year=2025/26', 'finance')).json<{ groups: { groupCode: string; approvedPence: number; headroomPence: number }[] }>();
    expect(after.groups.find((g) => g.groupCode === 'NORTH')).toMatchObject({ approvedPence: 10_000, headroomPence: north.reinvestablePence - 10_000 });
    // A practice sees its own group's proposals only.
    // The download: the total row is the sum of the practice rows, column by column.
    const csv = (await inject('GET', '/api/budgets/savings?year=2025/26&format=csv', 'finance')).body.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    const savingsCol = csv[0]!.indexOf('Savings (£)');
    const practiceRows = csv.filter((r) => /^E\d{5}$/.test(r[0]!));
    const pence = (cell: string | undefined) => Math.round(Number(cell) * 100);
    expect(pence(csv.find((r) => r[0] === 'Total')![savingsCol])).toBe(sum(practiceRows.map((r) => pence(r[savingsCol]))));
    const p2 = (await inject('GET', '/api/budgets/savings?year=2025/26', 'p2')).json<{ practices: unknown[]; proposals: unknown[]; groups: { groupCode: string }[] }>();
    expect(p2.practices).toHaveLength(1);
    expect(p2.proposals).toEqual([]);
    expect(p2.groups.map((g) => g.groupCode)).toEqual(['SOUTH']);
  });
});

describe('scenarios', () => {
  it('values an N% reduction per practice and in total, consultant-to-consultant apart from other new attendances', async () => {
    await insertActivity(t.db, [
      { practice_code: 'E82001', pod: 'OPFA', tfc: '300', activity_date: '2025-06-01', tariff_price_pence: 20_000, referral_source: 'GP' },
      { practice_code: 'E82001', pod: 'OPFA', tfc: '300', activity_date: '2025-06-01', tariff_price_pence: 30_000, referral_source: 'C2C' },
      { practice_code: 'E82001', pod: 'OPFU', tfc: '300', activity_date: '2025-06-01', tariff_price_pence: 10_000 },
      { practice_code: 'E82003', pod: 'NEL', tfc: '300', activity_date: '2025-06-01', tariff_price_pence: 250_050 },
    ]);
    const res = await inject('GET', '/api/budgets/scenarios?year=2025/26&percent=1', 'finance');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<{ practices: { code: string; groupCode: string; valuePence: number; measures: Record<string, { lines: number; valuePence: number }> }[]; groups: { groupCode: string; valuePence: number }[]; total: { valuePence: number } }>();
    const e82001 = r.practices.find((p) => p.code === 'E82001')!;
    expect(e82001.measures.c2c_first).toMatchObject({ lines: 1, valuePence: 300 });
    expect(e82001.measures.follow_ups).toMatchObject({ lines: 1, valuePence: 100 });
    expect(r.practices.find((p) => p.code === 'E82003')!.measures.unplanned_admissions).toMatchObject({ lines: 1, valuePence: 2501 }); // 2,500.5 → 2,501
    expect(r.total.valuePence).toBe(sum(r.practices.map((p) => p.valuePence)));
    for (const g of r.groups) expect(g.valuePence).toBe(sum(r.practices.filter((p) => p.groupCode === g.groupCode).map((p) => p.valuePence)));
    expect((await inject('GET', '/api/budgets/scenarios?year=2025/26&percent=0', 'finance')).statusCode).toBe(400);
    expect((await inject('GET', '/api/budgets/scenarios?year=2025/26&percent=1.234', 'finance')).statusCode).toBe(400);
    const own = (await inject('GET', '/api/budgets/scenarios?year=2025/26&percent=2.5', 'p1')).json<{ practices: { code: string }[]; total: { valuePence: number } }>();
    expect(own.practices.map((p) => p.code)).toEqual(['E82001']);
    const xlsx = await inject('GET', '/api/budgets/scenarios?year=2025/26&percent=1&format=xlsx', 'finance');
    expect(xlsx.statusCode).toBe(200);
    const csv = (await inject('GET', '/api/budgets/scenarios?year=2025/26&percent=1&format=csv', 'finance')).body.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    const worth = csv[0]!.indexOf('Total worth of 1% (£)');
    const pence = (cell: string | undefined) => Math.round(Number(cell) * 100);
    expect(pence(csv.find((r) => r[0] === 'Total')![worth])).toBe(sum(csv.filter((r) => /^E\d{5}$/.test(r[0]!)).map((r) => pence(r[worth]))));
    expect(pence(csv.find((r) => r[0] === 'Total')![worth])).toBe(r.total.valuePence);
  });
});

describe('scope, history and other spend', () => {
  it('shows the scope in force and accepts imported history and other spend, all or nothing', async () => {
    const scope = (await inject('GET', '/api/budgets/scope?year=2027/28', 'p1')).json<{ lines: { serviceLine: string; devolved: boolean; tfcs: string[] | null }[] }>();
    expect(scope.lines.find((l) => l.serviceLine === 'ae')).toMatchObject({ devolved: true, tfcs: null });
    const bad = await inject('POST', '/api/budgets/historic', 'finance', { year: '2024/25', serviceLine: 'outpatients', rows: [{ practiceCode: 'E82001', amountPence: 5 }, { practiceCode: 'E99999', amountPence: 5 }] });
    expect(bad.statusCode).toBe(422);
    expect(await t.db.selectFrom('historic_spend').selectAll().where('service_line', '=', 'outpatients').execute()).toEqual([]);
    const good = await inject('POST', '/api/budgets/historic', 'finance', { year: '2024/25', serviceLine: 'outpatients', rows: PRACTICES.map((practiceCode) => ({ practiceCode, amountPence: 100_000 })) });
    expect(good.json()).toEqual({ stored: 5 });
    const draft = await inject('POST', '/api/budgets/settings', 'finance', { ...DRAFT, serviceLine: 'outpatients', commissionerTotalPence: 500_000, historicSource: 'imported', topSlicePercent: 0 });
    expect(draft.json()).toMatchObject({ historicSource: 'imported', historicTotalPence: 500_000 });
    const other = await inject('POST', '/api/budgets/other-spend', 'finance', { rows: [{ practiceCode: 'E82001', year: '2025/26', month: 1, serviceLine: 'elective', amountPence: 1_234 }] });
    expect(other.json()).toEqual({ stored: 1 });
    const r = (await inject('GET', '/api/budgets/monitoring?year=2025/26&serviceLine=elective&practice=E82001', 'finance')).json<{ practices: { spendByMonth: number[]; lines: { ytdOtherSpendPence: number }[] }[] }>();
    expect(r.practices[0]!.lines[0]!.ytdOtherSpendPence).toBe(1_234);
    expect((await inject('GET', '/api/budgets/reference', 'p1')).statusCode).toBe(200);
  });
});
