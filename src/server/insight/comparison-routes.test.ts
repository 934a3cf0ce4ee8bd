/**
 * Insight through HTTP on a locality worked by hand (src/testing/insight.ts buildHandLocality):
 * counts, crude and standardised rates with the expected counts, the empty practice, peer sets,
 * what a practice user may see, trends, CUSUM alerts with small-number suppression, exports, and
 * which version of a measure is used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { insertActivity } from '../../testing/activity.js';
import { buildHandLocality, insertReferrals, insertWeights, referralsLike } from '../../testing/insight.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { createTestUser } from '../../testing/factories.js';

let t: TestApp;
let db: Db;
let commissioner: Record<string, string>, practice: Record<string, string>;

type Row = {
  key: string; label: string; practiceCode: string | null; practiceName: string | null; highlighted: boolean;
  observed: number | null; patients: number | null; weightedPatients: number | null; denominatorEvents: number | null; expected: number;
  crudeRate: number | null; ratio: number | null; ratioLower: number | null; ratioUpper: number | null; rate: number | null;
  reason: string | null; position: string; decile: number | null; intervalMethod: string | null; x: number; y: number | null;
};
type Comparison = {
  measure: { code: string; version: number }; period: { from: string; to: string; months: number }; method: string;
  reference: { events: number; patients: number; rate: number | null; unplacedEvents: number };
  chart: { scale: string; curve: { x: number; lower95: number; upper95: number; lower998: number; upper998: number }[]; target: number | null };
  deciles: { percentile: number; value: number }[] | null; highlight: string | null; practiceView: boolean; practices: Row[];
};

const get = async <T>(url: string, headers = commissioner) => {
  const res = await t.app.inject({ url, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};
const row = (c: Comparison, code: string) => c.practices.find((p) => p.practiceCode === code)!;
const PERIOD = 'from=2025-04&to=2025-06';

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  await buildHandLocality(db);
  const young = { birthDate: '2003-01-01', sex: 'male' as const };
  const old = { birthDate: '1953-01-01', sex: 'female' as const };
  await insertReferrals(db, [
    ...referralsLike(2, { practiceCode: 'E82001', receivedAt: '2025-04-10', ...young }),
    ...referralsLike(3, { practiceCode: 'E82001', receivedAt: '2025-05-05', ...old }),
    ...referralsLike(3, { practiceCode: 'E82001', receivedAt: '2025-06-05', ...old }),
    { practiceCode: 'E82001', receivedAt: '2025-03-31T22:00:00Z', ...young }, // 31 March in London: before the period
    { practiceCode: 'E82001', receivedAt: '2025-06-30T23:30:00Z', ...young }, // 1 July in London: after it
    ...referralsLike(5, { practiceCode: 'E82002', receivedAt: '2025-05-20', ...young }),
    { practiceCode: 'E82002', receivedAt: '2025-04-01', birthDate: '1980-06-01', sex: 'unknown' },
    ...referralsLike(10, { practiceCode: 'E82003', receivedAt: '2025-06-10', ...old }),
    ...referralsLike(2, { practiceCode: 'E82003', receivedAt: '2025-06-11', ...old, tfc: '130' }),
  ]);
  const lines = (count: number, line: Parameters<typeof insertActivity>[1][number]) => Array.from({ length: count }, () => ({ ...line }));
  await insertActivity(db, [
    ...lines(10, { practice_code: 'E82001', activity_date: '2025-04-15' }),
    ...lines(2, { practice_code: 'E82001', activity_date: '2025-05-15', tfc: '130' }),
    { practice_code: 'E82001', activity_date: '2025-05-15', in_area: false },
    ...lines(20, { practice_code: 'E82001', activity_date: '2025-05-20', pod: 'OPFU' }),
    ...lines(4, { practice_code: 'E82002', activity_date: '2025-06-01' }),
    ...lines(4, { practice_code: 'E82002', activity_date: '2025-06-02', pod: 'OPFU' }),
    ...lines(6, { practice_code: 'E82003', activity_date: '2025-06-01' }),
    ...lines(6, { practice_code: 'E82003', activity_date: '2025-06-02', pod: 'OPFU' }),
    ...lines(60, { practice_code: 'E82001', activity_date: '2025-06-10', pod: 'NEL' }),
    ...lines(15, { practice_code: 'E82002', activity_date: '2025-06-10', pod: 'NEL' }),
    ...lines(15, { practice_code: 'E82003', activity_date: '2025-06-10', pod: 'NEL' }),
    ...lines(30, { practice_code: 'E82004', activity_date: '2025-05-10', pod: 'NEL' }),
  ]);
  await insertWeights(db, 'outpatients', { 'M 20-24': 1, 'F 70-74': 3 });
  await createTestUser(db, 'commissioner', 'commissioner');
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'reviewer', 'reviewer');
  [commissioner, practice] = await Promise.all([t.signIn('commissioner'), t.signIn('practice-e82001')]);
});
afterAll(() => t.close());

describe('referrals per 1,000, standardised by age and sex (worked by hand)', () => {
  // Commissioner: men 20-24 3,000 patients, 7 referrals; women 70-74 3,000, 18; 1 referral without a sex.
  // Placed 25 of 26, so band rates × 26/25: expected E82001 = (1000×7 + 1000×18)/3000 × 1.04 = 8.6667,
  // E82002 = 2000×7/3000 × 1.04 = 4.8533, E82003 = 2000×18/3000 × 1.04 = 12.48 (adding up to 26).
  it('counts, expected counts, ratios and rates', async () => {
    const c = await get<Comparison>(`/api/insight/comparison?measure=referrals_per_1000&${PERIOD}`);
    expect(c.period).toEqual({ from: '2025-04', to: '2025-06', months: 3 });
    expect(c.reference).toMatchObject({ events: 26, patients: 6000, unplacedEvents: 1 });
    expect(c.reference.rate).toBeCloseTo(26 / 6, 10);
    expect(c.practices.map((p) => [p.practiceCode, p.observed, p.patients])).toEqual([['E82001', 8, 2000], ['E82002', 6, 2000], ['E82003', 12, 2000], ['E82004', 0, 0]]);
    expect(row(c, 'E82001').expected).toBeCloseTo(25 / 3 * 1.04, 10);
    expect(row(c, 'E82002').expected).toBeCloseTo(14 / 3 * 1.04, 10);
    expect(row(c, 'E82003').expected).toBeCloseTo(12.48, 10);
    expect(row(c, 'E82001').ratio).toBeCloseTo(8 / 8.666667, 5);
    expect(row(c, 'E82002').ratio).toBeCloseTo(6 / 4.853333, 5);
    // Standardised rate = ratio × 26/6000 × 1000: E82001's is exactly 4 per 1,000.
    expect(row(c, 'E82001').rate).toBeCloseTo(4, 10);
    expect([row(c, 'E82001').crudeRate, row(c, 'E82002').crudeRate, row(c, 'E82003').crudeRate]).toEqual([4, 3, 6]);
    // 8 events: exact Poisson 95% limits 3.4538 to 15.7632 (published tables), over the expected count.
    expect(row(c, 'E82001').intervalMethod).toBe('exact Poisson');
    expect(row(c, 'E82001').ratioLower).toBeCloseTo(3.4538 / 8.666667, 3);
    expect(row(c, 'E82001').ratioUpper).toBeCloseTo(15.7632 / 8.666667, 3);
    expect(row(c, 'E82003').intervalMethod).toBe("Byar's approximation");
    expect(c.practices.slice(0, 3).map((p) => p.position)).toEqual(['within', 'within', 'within']);
    expect(c.chart.scale).toBe('ratio');
    expect(c.chart.target).toBe(1);
    expect(c.chart.curve.length).toBeGreaterThan(10);
    expect(c.chart.curve.every((p) => p.lower998 <= p.lower95 && p.lower95 <= 1 && 1 <= p.upper95 && p.upper95 <= p.upper998)).toBe(true);
    expect(c.method).toMatch(/Indirectly age\/sex standardised/);
    expect(c.method).toMatch(/Exact Poisson control limits/);
  });

  it('gives the practice with no registered patients nulls and the reason, never NaN', async () => {
    const res = await t.app.inject({ url: `/api/insight/comparison?measure=referrals_per_1000&${PERIOD}`, headers: commissioner });
    expect(res.body).not.toMatch(/NaN|Infinity/);
    const empty = row(res.json<Comparison>(), 'E82004');
    expect(empty).toMatchObject({ observed: 0, patients: 0, expected: 0, crudeRate: null, ratio: null, rate: null, reason: 'no registered patients', position: 'not assessable', decile: null, y: null });
    const nel = row(await get<Comparison>(`/api/insight/comparison?measure=non_elective_per_1000&${PERIOD}`), 'E82004');
    expect(nel).toMatchObject({ observed: 30, patients: 0, ratio: null, rate: null, reason: 'no registered patients' });
  });

  it('places referrals by the month received in UK time', async () => {
    const march = await get<Comparison>('/api/insight/comparison?measure=referrals_per_1000&from=2025-03&to=2025-03');
    expect(row(march, 'E82001').observed).toBe(1);
    const july = await get<Comparison>('/api/insight/comparison?measure=referrals_per_1000&from=2025-07&to=2025-07');
    expect(row(july, 'E82001').observed).toBe(1);
    const april = await get<Comparison>('/api/insight/comparison?measure=referrals_per_1000&from=2025-04&to=2025-04');
    expect([row(april, 'E82001').observed, row(april, 'E82002').observed]).toEqual([2, 1]);
  });
});

describe('activity measures', () => {
  // Outpatients weights: men 20-24 = 1, women 70-74 = 3. Weighted (unscaled) lists 4,000, 2,000, 6,000 of 12,000.
  it('standardises first attendances on capitation weights: expected = commissioner events × weighted list share', async () => {
    const c = await get<Comparison>(`/api/insight/comparison?measure=first_outpatient_per_1000&${PERIOD}`);
    expect(c.practices.map((p) => p.observed)).toEqual([12, 4, 6, 0]); // the out-of-area line is not counted
    expect(row(c, 'E82001').expected).toBeCloseTo(22 * 4000 / 12000, 10);
    expect(row(c, 'E82002').expected).toBeCloseTo(22 * 2000 / 12000, 10);
    expect(row(c, 'E82003').expected).toBeCloseTo(22 * 6000 / 12000, 10);
    expect(row(c, 'E82003').ratio).toBeCloseTo(6 / 11, 10);
    expect(c.method).toMatch(/capitation weight/);
    const tfc = await get<Comparison>(`/api/insight/comparison?measure=first_outpatient_per_1000&${PERIOD}&tfc=130`);
    expect(tfc.practices.map((p) => p.observed)).toEqual([2, 0, 0, 0]);
    expect(row(tfc, 'E82001').expected).toBeCloseTo(2 / 3, 10);
  });

  it('follow-ups per first attendance: a crude ratio around the commissioner’s 30/22', async () => {
    const c = await get<Comparison>(`/api/insight/comparison?measure=follow_up_to_first_ratio&${PERIOD}`);
    expect(c.chart.scale).toBe('rate');
    expect(c.chart.target).toBeCloseTo(30 / 22, 10);
    expect(row(c, 'E82001')).toMatchObject({ observed: 20, denominatorEvents: 12 });
    expect(row(c, 'E82001').rate).toBeCloseTo(20 / 12, 10);
    expect(row(c, 'E82001').expected).toBeCloseTo(12 * 30 / 22, 10);
    expect(row(c, 'E82004')).toMatchObject({ rate: null, position: 'not assessable' });
  });

  it('says when activity cannot be adjusted for age and sex (no weights for the service line)', async () => {
    const c = await get<Comparison>(`/api/insight/comparison?measure=non_elective_per_1000&${PERIOD}`);
    expect(c.method).toMatch(/Not adjusted for age and sex/);
    expect(row(c, 'E82001').expected).toBeCloseTo(120 * 2000 / 6000, 10);
  });
});

describe('peer sets, highlighting and deciles', () => {
  it('shows a group or a grouping as the peer set, still against the whole commissioner’s rates', async () => {
    const north = await get<Comparison>(`/api/insight/comparison?measure=referrals_per_1000&${PERIOD}&group=NORTH&highlight=E82003`);
    expect(north.practices.map((p) => p.practiceCode)).toEqual(['E82001', 'E82003']);
    expect(row(north, 'E82003').expected).toBeCloseTo(12.48, 10);
    expect(north.highlight).toBe('E82003');
    expect(row(north, 'E82003').highlighted).toBe(true);
    // Two values: nearest rank puts the 10th-50th percentiles at the lower, the 60th-90th at the higher.
    expect([row(north, 'E82001').decile, row(north, 'E82003').decile]).toEqual([1, 6]);
    const grouping = await db.insertInto('practice_grouping').values({ name: 'Caseload', created_by: 'commissioner' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('practice_grouping_member').values([{ grouping_id: grouping.id, practice_code: 'E82002' }, { grouping_id: grouping.id, practice_code: 'E82004' }]).execute();
    const set = await get<Comparison>(`/api/insight/comparison?measure=referrals_per_1000&${PERIOD}&grouping=${grouping.id}`);
    expect(set.practices.map((p) => p.practiceCode)).toEqual(['E82002', 'E82004']);
    expect((await t.app.inject({ url: `/api/insight/comparison?measure=referrals_per_1000&group=NOWHERE`, headers: commissioner })).statusCode).toBe(404);
  });

  it('refuses bad parameters naming the field', async () => {
    const bad = await t.app.inject({ url: '/api/insight/comparison?measure=referrals_per_1000&from=2025-13', headers: commissioner });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ details: [{ field: 'querystring.from' }] });
    const unknown = await t.app.inject({ url: '/api/insight/comparison?measure=no_such_measure', headers: commissioner });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ details: [{ field: 'querystring.measure' }] });
    const early = await t.app.inject({ url: '/api/insight/comparison?measure=referrals_per_1000&from=2019-01&to=2019-02', headers: commissioner });
    expect(early.statusCode).toBe(422);
  });
});

describe('a practice user', () => {
  it('sees its own practice named and every other practice only as a label and rates', async () => {
    const res = await t.app.inject({ url: `/api/insight/comparison?measure=referrals_per_1000&${PERIOD}&highlight=E82003`, headers: practice });
    expect(res.statusCode).toBe(200);
    for (const other of ['E82002', 'E82003', 'E82004', 'SOUTH']) expect(res.body).not.toContain(other);
    const c = res.json<Comparison>();
    expect(c.practiceView).toBe(true);
    expect(c.highlight).toBe('E82001');
    const own = c.practices.filter((p) => p.practiceCode !== null);
    expect(own.map((p) => [p.practiceCode, p.highlighted, p.observed])).toEqual([['E82001', true, 8]]);
    const peers = c.practices.filter((p) => p.practiceCode === null);
    expect(peers).toHaveLength(3);
    for (const peer of peers) {
      expect(peer.label).toMatch(/^Practice [A-Z]+$/);
      expect(peer).toMatchObject({ practiceName: null, observed: null, patients: null });
    }
    expect(peers.map((p) => p.rate).filter((r) => r !== null).sort()).toEqual([row(await get<Comparison>(`/api/insight/comparison?measure=referrals_per_1000&${PERIOD}`), 'E82002').rate, row(await get<Comparison>(`/api/insight/comparison?measure=referrals_per_1000&${PERIOD}`), 'E82003').rate].sort());
    // The same labels every time (a keyed hash, not the order of the rows).
    const again = await get<Comparison>(`/api/insight/comparison?measure=first_outpatient_per_1000&${PERIOD}`, practice);
    expect(again.practices.filter((p) => p.practiceCode === null).map((p) => p.label).sort()).toEqual(peers.map((p) => p.label).sort());
    const csv = await t.app.inject({ url: `/api/insight/comparison?measure=referrals_per_1000&${PERIOD}&format=csv`, headers: practice });
    for (const other of ['E82002', 'E82003', 'E82004']) expect(csv.body).not.toContain(other);
  });

  it('sees its own trend and alerts only', async () => {
    const other = await t.app.inject({ url: '/api/insight/trend?measure=referrals_per_1000&practice=E82002&to=2025-06', headers: practice });
    expect(other.statusCode).toBe(404);
    const alerts = await get<{ alerts: { practiceCode: string | null }[] }>('/api/insight/alerts?measure=non_elective_per_1000&months=6&to=2025-06', practice);
    expect(alerts.alerts.map((a) => a.practiceCode)).toEqual(['E82001']);
  });
});

describe('trend', () => {
  it('gives 12 months of the practice’s rate beside the peers’ median and band', async () => {
    const trend = await get<{ months: { month: string; observed: number; rate: number | null; peerMedian: number | null; peerP10: number | null; peerP90: number | null; peers: number }[] }>(
      '/api/insight/trend?measure=referrals_per_1000&practice=E82001&months=12&to=2025-06');
    expect(trend.months).toHaveLength(12);
    expect(trend.months[0]!.month).toBe('2024-07');
    const june = trend.months.at(-1)!;
    expect(june).toMatchObject({ month: '2025-06', observed: 3, peers: 2 });
    // E82002: no young men referred in June, so nothing expected and no rate. June: E82001 3 of expected (1000×0 + 1000×15/3000) = 5 → 0.6 × (15/6000 × 1000 = 2.5) = 1.5 per 1,000.
    expect(june.rate).toBeCloseTo(1.5, 10);
    expect(june.peerP10! <= june.peerMedian! && june.peerMedian! <= june.peerP90!).toBe(true);
    expect((await t.app.inject({ url: '/api/insight/trend?measure=referrals_per_1000&practice=E82001&months=6', headers: commissioner })).statusCode).toBe(400);
  });
});

describe('alerts', () => {
  type Alert = { practiceCode: string; signal: string | null; suppressed: boolean; judgement: string | null; month: string; message: string; direction: string };
  it('raises CUSUM alerts in plain words and suppresses them below the small-number threshold', async () => {
    const result = await get<{ alerts: Alert[]; smallNumber: number }>('/api/insight/alerts?measure=non_elective_per_1000&months=6&to=2025-06');
    expect(result.smallNumber).toBe(5);
    const by = new Map(result.alerts.map((a) => [a.practiceCode, a]));
    // June: 90 admissions over three equal lists, 30 expected each. E82001's 60 is a rise; 15 a fall (after May's 0 of 10).
    expect(by.get('E82001')).toMatchObject({ signal: 'increase', suppressed: false, judgement: 'concerning', month: '2025-06', direction: 'lower is better' });
    expect(by.get('E82001')!.message).toBe('Emergency (non-elective) admissions per 1,000 patients has risen above the expected level: a concerning change (lower is better).');
    expect(by.get('E82002')).toMatchObject({ signal: 'decrease', judgement: 'good' });
    // E82004 has no list: 30 admissions against 0 expected reach the threshold, but too few are expected to judge.
    expect(by.get('E82004')).toMatchObject({ signal: null, suppressed: true, judgement: null });
    expect(by.get('E82004')!.message).toMatch(/too small to judge/);
    expect(result.alerts.at(-1)!.practiceCode).toBe('E82004');
  });

  it('downloads the alerts as XLSX and CSV', async () => {
    const csv = await t.app.inject({ url: '/api/insight/alerts?measure=non_elective_per_1000&months=6&to=2025-06&format=csv', headers: commissioner });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Suppressed (small numbers)');
    const xlsx = await t.app.inject({ url: '/api/insight/alerts?months=6&to=2025-06&format=xlsx', headers: commissioner });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
  });
});

describe('exports', () => {
  it('downloads the comparison as CSV with formula cells neutralised', async () => {
    await db.updateTable('practice').set({ name: '=HYPERLINK("http://x")' }).where('code', '=', 'E82004').execute();
    const res = await t.app.inject({ url: `/api/insight/comparison?measure=referrals_per_1000&${PERIOD}&format=csv`, headers: commissioner });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="referrals_per_1000-2025-04-to-2025-06.csv"');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^Practice,Code,Observed,List size \(average\),Expected,"Crude rate per 1,000"/);
    expect(lines[1]).toMatch(/^Practice E82001 \(E82001\),E82001,8,2000,8\.67,4,/);
    expect(lines[4]).toMatch(/^"'=HYPERLINK/);
  });
});

describe('measure versions', () => {
  it('uses the version in force at the end of the period', async () => {
    const v2 = {
      code: 'referrals_per_1000', version: 2, name: 'Referrals per 1,000 patients (trauma and orthopaedics)',
      numerator: { events: 'referrals', filters: { specialties: ['110'] } }, denominator: { kind: 'registered_patients', per: 1000 },
      standardisation: 'indirect_age_sex', direction: 'no judgement', rationale: 'Orthopaedic referrals only, from June 2025.', validFrom: '2025-06-01',
    };
    const res = await t.app.inject({ method: 'POST', url: '/api/insight/measures', headers: commissioner, payload: v2 });
    expect(res.statusCode, res.body).toBe(201);
    const june = await get<Comparison>(`/api/insight/comparison?measure=referrals_per_1000&${PERIOD}`);
    expect(june.measure.version).toBe(2);
    expect(row(june, 'E82003').observed).toBe(10);
    const may = await get<Comparison>('/api/insight/comparison?measure=referrals_per_1000&from=2025-04&to=2025-05');
    expect(may.measure.version).toBe(1);
  });
});
