/**
 * Practices' feedback packs through HTTP on a locality worked by hand (src/testing/feedback-pack.ts):
 * the figures, who may see which pack (page and PDF), that a practice user's pack names no other
 * practice, the PDF's text, and the job that generates every practice's pack with progress and can
 * be cancelled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { budgetMonitoring } from '../budgets/budget-monitoring.js';
import { createTestUser } from '../../testing/factories.js';
import { buildPackLocality, PACK_MONTH } from '../../testing/feedback-pack.js';
import { pdfText } from '../../testing/pdf.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import type { FeedbackPack } from './feedback-pack.js';
import type { PackRun } from './feedback-pack-job.js';

let t: TestApp;
let db: Db;
const as: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  await buildPackLocality(db);
  for (const [username, role, practice] of [
    ['commissioner', 'commissioner', null], ['finance', 'finance', null], ['board', 'board', null], ['reviewer', 'reviewer', null],
    ['p1', 'practice', 'E82001'], ['p2', 'practice', 'E82002'],
  ] as const) {
    await createTestUser(db, username, role, practice);
    as[username] = await t.signIn(username);
  }
}, 60_000);
afterAll(() => t.close());

const packUrl = (code: string, pdf = false) => `/api/insight/practices/${code}/feedback-pack${pdf ? '.pdf' : ''}?month=${PACK_MONTH}`;
const getPack = async (code: string, who: string) => {
  const res = await t.app.inject({ url: packUrl(code), headers: as[who] });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<FeedbackPack>();
};
const otherPractices = ['E82002', 'E82003', 'E82004'];

describe('the pack of a practice for a month', () => {
  let pack: FeedbackPack;
  beforeAll(async () => { pack = await getPack('E82001', 'commissioner'); });

  it('compares its referral rates with the peers’ median and range, standardised for age and sex', () => {
    // June: men 20-24 refer 3 in 3,000, women 70-74 12 in 3,000; E82001 expects 1 + 4 = 5 and sent 4:
    // ratio 0.8 × the commissioner's 15 per 6,000 = 2 per 1,000. E82002 2.5; E82003 9/8 × 2.5.
    const total = pack.referrals.total;
    expect(total).toMatchObject({ tfc: null, observed: 4, position: 'within' });
    expect(total.expected).toBeCloseTo(5, 9);
    expect(total.rate).toBeCloseTo(2, 9);
    expect(total.peers).toMatchObject({ practices: 3, median: 2.5, p10: 2, min: 2 });
    expect(total.peers.p90).toBeCloseTo(2.8125, 9);
    expect(total.peers.max).toBeCloseTo(2.8125, 9);
    expect(pack.referrals.measure).toMatchObject({ code: 'referrals_per_1000', standardised: true });

    const [first, second] = pack.referrals.bySpecialty;
    // 110: men 2 in 3,000, women 12 in 3,000: E82001 expects 14/3 and sent 3; 3/(14/3) × 14/6 = 1.5.
    expect(first).toMatchObject({ tfc: '110', observed: 3 });
    expect(first!.expected).toBeCloseTo(14 / 3, 9);
    expect(first!.rate).toBeCloseTo(1.5, 9);
    // 130: only E82001's one young man: expected 1/3, ratio 3 × 1/6 = 0.5; E82002 0; E82003 expects none.
    expect(second).toMatchObject({ tfc: '130', observed: 1 });
    expect(second!.rate).toBeCloseTo(0.5, 9);
    expect(second!.peers).toMatchObject({ practices: 2, median: 0, min: 0 });
  });

  it('shows the last 12 months, the month last', () => {
    expect(pack.trend).toHaveLength(12);
    expect(pack.trend[0]!.month).toBe('2024-07');
    expect(pack.trend.at(-1)).toMatchObject({ month: '2025-06', observed: 4, peerMedian: 2.5 });
    expect(pack.trend.at(-1)!.rate).toBeCloseTo(2, 9);
    expect(pack.trend.slice(0, 11).every((m) => m.observed === 0)).toBe(true);
  });

  it('gives triage outcomes with shares against all practices’ (the latest decision; booked counts as forwarded)', () => {
    expect(pack.triage.total).toBe(4);
    const by = Object.fromEntries(pack.triage.outcomes.map((o) => [o.outcome, o]));
    expect(by.forwarded).toMatchObject({ count: 2, share: 0.5 });
    expect(by.forwarded!.peerShare).toBeCloseTo(5 / 15, 9);
    expect(by.diverted).toMatchObject({ count: 1, share: 0.25 });
    expect(by.awaiting_triage).toMatchObject({ count: 1, share: 0.25 });
    // E82003's referral asked for information and given it is back awaiting triage: 7 of 15 awaiting.
    expect(by.awaiting_triage!.peerShare).toBeCloseTo(7 / 15, 9);
    expect(by.returned_with_advice).toMatchObject({ count: 0, share: 0 });
    expect(by.returned_with_advice!.peerShare).toBeCloseTo(2 / 15, 9);
  });

  it('lists the pathway criteria most often missed, with all practices’ share', () => {
    expect(pack.criteria).toEqual([
      { pathwayCode: 'knee-pain', pathwayName: 'Knee pain (orthopaedics)', criterionId: 'duration', label: 'Months of symptoms', missed: 3, assessed: 3, share: 1, peerShare: 0.6 },
      { pathwayCode: 'knee-pain', pathwayName: 'Knee pain (orthopaedics)', criterionId: 'xray', label: 'Knee X-ray', missed: 1, assessed: 3, share: 1 / 3, peerShare: 0.6 },
    ]);
  });

  it('counts first attendances matched to referrals (by id, or by patient, provider and specialty) and their cost', () => {
    expect(pack.activity).toMatchObject({
      attendances: 3, matched: 2, matchedCostPence: 20_000, unmatchedCostPence: 15_000, costPence: 40_000, peerMatchRate: 0.5,
      byPod: [{ pod: 'OPFA', lines: 3, costPence: 35_000 }, { pod: 'OPFU', lines: 1, costPence: 5_000 }],
    });
    expect(pack.activity.matchRate).toBeCloseTo(2 / 3, 9);
  });

  it('gives the budget position to the end of the month, as budget monitoring works it out', async () => {
    const monitoring = await budgetMonitoring(db, { year: '2025/26', throughMonth: 3 });
    const own = monitoring.practices.find((p) => p.practiceCode === 'E82001')!;
    expect(pack.budget.year).toBe('2025/26');
    expect(pack.budget.figures).toMatchObject({ yearBudgetPence: 1_200_000, ytdBudgetPence: 300_000, ytdSpendPence: 40_000, variancePence: -260_000 });
    expect(pack.budget.figures!.forecastPence).toBe(own.forecast.straightLinePence);
  });

  it('says what stands out in plain words', () => {
    expect(pack.standsOut.length).toBeGreaterThan(0);
    for (const line of pack.standsOut) expect(line).toMatch(/\.$/);
  });

  it('is audited', async () => {
    const rows = await db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'feedback_pack.view').where('entity_id', '=', 'E82001').execute();
    expect(rows.some((r) => r.actor === 'commissioner' && (r.details as { month: string }).month === PACK_MONTH)).toBe(true);
  });

  it('refuses a month that is not a month, naming the field', async () => {
    const res = await t.app.inject({ url: '/api/insight/practices/E82001/feedback-pack?month=2025-13', headers: as.commissioner });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ details: { field: string }[] }>().details[0]!.field).toContain('month');
  });
});

describe('who may see a pack', () => {
  it('a practice user sees its own pack, the same as the commissioner sees it', async () => {
    const own = await getPack('E82001', 'p1');
    const commissioner = await getPack('E82001', 'commissioner');
    expect({ ...own, generatedAt: '' }).toEqual({ ...commissioner, generatedAt: '' });
  });

  it('a practice user cannot get another practice’s pack, as data or PDF (404, audited)', async () => {
    for (const url of [packUrl('E82001'), packUrl('E82001', true)]) {
      const res = await t.app.inject({ url, headers: as.p2 });
      expect(res.statusCode, url).toBe(404);
    }
    const denied = await db.selectFrom('audit_log').select('actor').where('outcome', '=', 'denied').where('entity_id', '=', 'E82001').execute();
    expect(denied.some((r) => r.actor === 'p2')).toBe(true);
  });

  it('finance and board see any practice; a GP reviewer none', async () => {
    expect((await t.app.inject({ url: packUrl('E82002'), headers: as.finance })).statusCode).toBe(200);
    expect((await t.app.inject({ url: packUrl('E82003'), headers: as.board })).statusCode).toBe(200);
    expect((await t.app.inject({ url: packUrl('E82001'), headers: as.reviewer })).statusCode).toBe(403);
  });

  it('no other practice’s code or name appears in a practice user’s pack, page or PDF', async () => {
    const json = JSON.stringify(await getPack('E82001', 'p1'));
    const pdf = await t.app.inject({ url: packUrl('E82001', true), headers: as.p1 });
    expect(pdf.statusCode).toBe(200);
    const text = pdfText(pdf.rawPayload);
    for (const code of otherPractices) {
      expect(json).not.toContain(code);
      expect(text).not.toContain(code);
    }
    expect(json).toContain('Practice E82001');
  });
});

describe('the PDF', () => {
  it('is an A4 document with the title block, every section and page numbers', async () => {
    const res = await t.app.inject({ url: packUrl('E82001', true), headers: as.commissioner });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('feedback-pack-E82001-2025-06.pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.rawPayload.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
    const text = pdfText(res.rawPayload);
    for (const words of ['Practice E82001 (E82001)', 'June 2025', 'What stands out', 'Referrals per 1,000 patients by specialty, June 2025',
      'Trauma and Orthopaedic (110)', 'Referral rate over the last 12 months', 'Triage outcomes of referrals received in June 2025', 'Forwarded to provider',
      'Pathway criteria most often missed', 'Months of symptoms', 'Hospital activity in June 2025', '£200.00', 'Budget position, 2025/26', '£12,000.00', 'Page 1 of']) {
      expect(text, words).toContain(words);
    }
  });
});

describe('generating every practice’s pack', () => {
  const waitFor = async (id: number): Promise<PackRun & { packs: { code: string; name: string }[] }> => {
    for (let i = 0; i < 600; i += 1) {
      const res = await t.app.inject({ url: `/api/insight/feedback-packs/${id}`, headers: as.commissioner });
      const run = res.json<PackRun & { packs: { code: string; name: string }[] }>();
      if (run.status !== 'running') return run;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the run did not finish');
  };

  it('generates one pack per practice, reporting progress, and a practice downloads only its own', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/insight/feedback-packs', headers: as.p1, payload: { month: PACK_MONTH } })).statusCode).toBe(403);
    const started = await t.app.inject({ method: 'POST', url: '/api/insight/feedback-packs', headers: as.commissioner, payload: { month: PACK_MONTH } });
    expect(started.statusCode, started.body).toBe(202);
    const run = started.json<PackRun>();
    expect(run).toMatchObject({ month: PACK_MONTH, status: 'running', practices: 4, done: 0, startedBy: 'commissioner' });
    const finished = await waitFor(run.id);
    expect(finished).toMatchObject({ status: 'finished', practices: 4, done: 4, error: null });
    expect(finished.packs.map((p) => p.code)).toEqual(['E82001', 'E82002', 'E82003', 'E82004']);
    expect((await db.selectFrom('feedback_pack').select('practice_code').where('run_id', '=', run.id).execute())).toHaveLength(4);

    const list = await t.app.inject({ url: '/api/insight/feedback-packs', headers: as.finance });
    expect(list.json<{ runs: PackRun[] }>().runs[0]).toMatchObject({ id: run.id, status: 'finished' });

    const own = await t.app.inject({ url: `/api/insight/feedback-packs/${run.id}/E82001.pdf`, headers: as.p1 });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(pdfText(own.rawPayload)).toContain('Practice E82001 (E82001)');
    expect((await t.app.inject({ url: `/api/insight/feedback-packs/${run.id}/E82002.pdf`, headers: as.p1 })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/insight/feedback-packs/${run.id}/E82002.pdf`, headers: as.board })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/insight/feedback-packs/${run.id}`, headers: as.p1 })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/insight/feedback-packs/${run.id}/E82001.txt`, headers: as.commissioner })).statusCode).toBe(400);
  });

  it('a run that is not running cannot be cancelled; an unknown run is 404', async () => {
    const runs = (await t.app.inject({ url: '/api/insight/feedback-packs', headers: as.commissioner })).json<{ runs: PackRun[] }>().runs;
    const finished = runs.find((r) => r.status === 'finished')!;
    const again = await t.app.inject({ method: 'POST', url: `/api/insight/feedback-packs/${finished.id}/cancel`, headers: as.commissioner });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ details: { field: string }[] }>().details[0]!.field).toBe('params.runId');
    expect((await t.app.inject({ method: 'POST', url: '/api/insight/feedback-packs/9999/cancel', headers: as.commissioner })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/insight/feedback-packs/${finished.id}/cancel`, headers: as.board })).statusCode).toBe(403);
  });

  it('refuses a month after this one, naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/insight/feedback-packs', headers: as.commissioner, payload: { month: '2099-01' } });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('must not be after this month');
  });
});
