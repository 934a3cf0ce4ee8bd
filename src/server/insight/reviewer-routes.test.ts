/**
 * Reviewer evidence and practices' feedback through HTTP (REF-11), on a hand-built set of referrals
 * taken through the real gateway and re-dated: the counts, turnaround in working days against the
 * service level (bank holidays included), changes by another reviewer, feedback and who may give
 * and see it, who may see whose evidence, and the PDF (its figures, and no patient identifiers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { buildReferralCatalogue, validReferral } from '../../testing/referrals.js';
import { pdfText } from '../../testing/pdf.js';
import { scriptReferral, type ScriptedReferral } from '../../testing/reviewer-evidence.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

type Headers = Record<string, string>;
let t: TestApp;
let db: Db;
let practice: Headers, other: Headers, drwho: Headers, drother: Headers, commissioner: Headers, finance: Headers;
let ids: { drwho: number; drother: number; commissioner: number };
const R: Record<string, ScriptedReferral> = {};
let undecided: ScriptedReferral;
let twoWeekWait: { id: string };

const PERIOD = 'from=2025-10-01&to=2025-12-31';
const at = (day: string, time = '10:00') => `${day}T${time}:00.000Z`;

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  await buildOrgTree(db);
  await buildReferralCatalogue(db);
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'practice-e82002', 'practice', 'E82002');
  ids = {
    drwho: (await createTestUser(db, 'drwho', 'reviewer')).id,
    drother: (await createTestUser(db, 'drother', 'reviewer')).id,
    commissioner: (await createTestUser(db, 'commissioner', 'commissioner')).id,
  };
  await createTestUser(db, 'finance', 'finance');
  await db.updateTable('app_user').set({ display_name: 'Dr Ada Lovelace' }).where('username', '=', 'drwho').execute();
  [practice, other, drwho, drother, commissioner, finance] = await Promise.all([
    t.signIn('practice-e82001'), t.signIn('practice-e82002'), t.signIn('drwho'), t.signIn('drother'), t.signIn('commissioner'), t.signIn('finance')]);

  // 2025-10-03 is a Friday; 25 and 26 December 2025 are bank holidays.
  R.friday = await scriptReferral(t, practice, { receivedAt: at('2025-10-03', '09:00'), steps: [{ by: drwho, action: 'forward', at: at('2025-10-07') }] });
  R.sameDay = await scriptReferral(t, practice, { receivedAt: at('2025-10-06', '09:00'), steps: [{ by: drwho, action: 'divert', serviceCode: 'CMSK', at: at('2025-10-06', '15:00') }] });
  R.christmas = await scriptReferral(t, practice, {
    receivedAt: at('2025-12-24', '09:00'), patient: { familyName: 'Featherstone', givenName: 'Perpetua' },
    steps: [{ by: drwho, action: 'return_with_advice', advice: 'Try physiotherapy first', at: at('2025-12-29') }],
  });
  R.answered = await scriptReferral(t, practice, {
    receivedAt: at('2025-10-06', '09:00'),
    steps: [{ by: drwho, action: 'request_info', at: at('2025-10-09') }, { by: practice, action: 'provide_info', at: at('2025-10-13') }, { by: drother, action: 'forward', at: at('2025-10-15') }],
  });
  R.changed = await scriptReferral(t, practice, {
    receivedAt: at('2025-10-06', '09:00'),
    steps: [{ by: drwho, action: 'discuss_with_gp', at: at('2025-10-07') }, { by: drother, action: 'divert', serviceCode: 'CMSK', at: at('2025-10-10') }],
  });
  R.recategorised = await scriptReferral(t, practice, {
    receivedAt: at('2025-10-06', '09:00'),
    steps: [
      { by: drwho, action: 'recategorise', tfc: '120', at: at('2025-10-08', '09:30') },
      { by: drwho, action: 'request_info', at: at('2025-10-08') },
      { by: practice, action: 'provide_info', at: at('2025-10-20') },
      { by: drwho, action: 'forward', at: at('2025-10-23') },
    ],
  });
  R.before = await scriptReferral(t, practice, { receivedAt: at('2025-09-29', '09:00'), steps: [{ by: drwho, action: 'forward', at: at('2025-09-30') }] });
  undecided = await scriptReferral(t, practice, { receivedAt: at('2025-10-06', '09:00'), steps: [] });
  const sent = await t.app.inject({ method: 'POST', url: '/api/referrals', headers: practice, payload: validReferral({ priority: '2ww', reason: { system: 'icd10', code: 'C50.9' } }) as object });
  twoWeekWait = sent.json();
});
afterAll(() => t.close());

const feedback = (id: string, payload: object, headers = practice) => t.app.inject({ method: 'POST', url: `/api/referrals/${id}/feedback`, headers, payload });
const readFeedback = (id: string, headers: Headers) => t.app.inject({ url: `/api/referrals/${id}/feedback`, headers });
const auditOf = (action: string, entityId: string) => db.selectFrom('audit_log').select(['actor', 'outcome', 'details']).where('action', '=', action).where('entity_id', '=', entityId).orderBy('id').execute();

describe('practice feedback on a reviewer’s decision', () => {
  it('is refused before a reviewer has decided, and for a two-week-wait the gateway forwarded itself', async () => {
    for (const id of [undecided.id, twoWeekWait.id]) {
      const res = await feedback(id, { helpful: 'yes', comment: '' });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().message).toMatch(/once a GP reviewer has decided/);
      expect((await readFeedback(id, practice)).json()).toMatchObject({ decided: false, canGive: false, feedback: null });
    }
    expect(await db.selectFrom('referral_feedback').selectAll().where('referral_id', 'in', [undecided.id, twoWeekWait.id]).execute()).toEqual([]);
  });

  it('is only for the referring practice: another practice is told the referral is not found, other roles are refused; all audited', async () => {
    expect((await feedback(R.sameDay!.id, { helpful: 'no' }, other)).statusCode).toBe(404);
    expect((await readFeedback(R.sameDay!.id, other)).statusCode).toBe(404);
    expect((await feedback(R.sameDay!.id, { helpful: 'yes' }, drwho)).statusCode).toBe(403);
    expect((await feedback('not-a-referral', { helpful: 'yes' })).statusCode).toBe(404);
    expect(await auditOf('referral.feedback', R.sameDay!.id)).toEqual([
      expect.objectContaining({ actor: 'practice-e82002', outcome: 'denied' }), expect.objectContaining({ actor: 'drwho', outcome: 'denied' }),
    ]);
    expect(await db.selectFrom('referral_feedback').selectAll().execute()).toEqual([]);
  });

  it('names the field and the reason for bad input', async () => {
    const res = await feedback(R.sameDay!.id, { helpful: 'maybe', comment: 'x'.repeat(2001) });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'body.helpful', message: 'must be yes, partly or no' }),
      expect.objectContaining({ field: 'body.comment', message: 'must be 2,000 characters or fewer' }),
    ]));
  });

  it('is one per referral: a second is an update, audited with what it replaced', async () => {
    const first = await feedback(R.sameDay!.id, { helpful: 'partly', comment: 'Fine' });
    expect(first.statusCode, first.body).toBe(201);
    const second = await feedback(R.sameDay!.id, { helpful: 'yes', comment: '  Good call  ' });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ referralId: R.sameDay!.id, helpful: 'yes', helpfulLabel: 'Helpful', comment: 'Good call', givenBy: 'practice-e82001' });
    expect(await db.selectFrom('referral_feedback').select(['helpful', 'practice_code']).where('referral_id', '=', R.sameDay!.id).execute()).toEqual([{ helpful: 'yes', practice_code: 'E82001' }]);
    expect((await auditOf('referral.feedback_change', R.sameDay!.id))[0]).toMatchObject({
      actor: 'practice-e82001', details: { before: { helpful: 'partly', comment: 'Fine' }, after: { helpful: 'yes', comment: 'Good call' } },
    });
  });

  it('is read by the practice and by the reviewers who decided on the referral, no one else', async () => {
    expect((await readFeedback(R.sameDay!.id, practice)).json()).toMatchObject({ decided: true, canGive: true, feedback: { helpful: 'yes', comment: 'Good call' } });
    expect((await readFeedback(R.sameDay!.id, drwho)).json()).toMatchObject({ decided: true, canGive: false, feedback: { helpful: 'yes' } });
    expect((await readFeedback(R.sameDay!.id, drother)).statusCode).toBe(403);
    expect((await readFeedback(R.sameDay!.id, commissioner)).statusCode).toBe(403);
  });
});

describe('reviewer evidence', () => {
  beforeAll(async () => {
    const given = [
      await feedback(R.christmas!.id, { helpful: 'no', comment: 'Mrs Featherstone (943 476 5919, born 27/03/1956, AL1 3EW) had already tried physiotherapy' }),
      await feedback(R.recategorised!.id, { helpful: 'yes', comment: 'Clear advice; Jo Smith is booked now' }),
      await feedback(R.changed!.id, { helpful: 'partly', comment: 'Took a while' }),
    ];
    expect(given.map((r) => r.statusCode)).toEqual([201, 201, 201]);
  });

  const evidenceOf = async (userId: number, headers: Headers, query = PERIOD) => {
    const res = await t.app.inject({ url: `/api/reviewers/${userId}/evidence?${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('counts the reviewer’s decisions by outcome and turnaround in working days against the service level', async () => {
    const e = await evidenceOf(ids.drwho, drwho);
    expect(e).toMatchObject({ reviewer: { id: ids.drwho, displayName: 'Dr Ada Lovelace' }, period: { from: '2025-10-01', to: '2025-12-31' }, serviceLevelDays: 2, decisions: 7, referrals: 6 });
    expect(e.byOutcome.map((o: { outcome: string; count: number; percent: number }) => [o.outcome, o.count, o.percent])).toEqual([
      ['forwarded', 2, 29], ['diverted', 1, 14], ['returned_with_advice', 1, 14], ['info_requested', 2, 29], ['discussed_with_gp', 1, 14],
    ]);
    // turnaround: 2 (Fri→Tue), 0, 1 (over Christmas), 3, 1, 2, 3 (from the information) → median 2, 90th percentile 3, 5 of 7 within 2
    expect(e.turnaround).toMatchObject({ medianWorkingDays: 2, p90WorkingDays: 3, withinServiceLevel: 5, withinPercent: 71 });
    expect(e.turnaround.distribution.map((b: { count: number }) => b.count)).toEqual([1, 2, 2, 2, 0, 0]);
    expect(e.bySpecialty.map((s: { tfc: string; decisions: number }) => [s.tfc, s.decisions])).toEqual([['110', 5], ['120', 2]]);
    expect(e.recategorisations).toEqual({ total: 1, specialtyChanged: 1, codeChanged: 0 });
    expect(e.changedByAnotherReviewer).toMatchObject({ count: 1, percent: 14 });
    expect(e.clock).toMatch(/working days .* received, or after the day the practice sent further information/);
  });

  it('counts the practices’ feedback against the decision it followed, comments without patient identifiers', async () => {
    const e = await evidenceOf(ids.drwho, drwho);
    expect(e.feedback).toMatchObject({ total: 3, counts: { yes: 2, partly: 0, no: 1 } });
    expect(e.feedback.comments.map((c: { helpful: string; comment: string }) => [c.helpful, c.comment])).toEqual(expect.arrayContaining([
      ['no', 'Mrs [name removed] ([NHS number removed], born [date of birth removed], [postcode removed]) had already tried physiotherapy'],
      ['yes', 'Clear advice; [name removed] [name removed] is booked now'],
    ]));
    const json = JSON.stringify(e);
    for (const identifier of ['9434765919', '943 476 5919', 'Featherstone', 'Perpetua', 'Smith', 'AL1 3EW', '1956']) expect(json, identifier).not.toContain(identifier);
    expect(e.statement).toMatch(/^Between 1 October 2025 and 31 December 2025, Dr Ada Lovelace took 7 triage decisions on 6 referrals/);

    const theirs = await evidenceOf(ids.drother, commissioner);
    expect(theirs).toMatchObject({ decisions: 2, feedback: { total: 1, counts: { partly: 1 } }, changedByAnotherReviewer: { count: 0 } });
  });

  it('shows a reviewer only their own evidence; a commissioner anyone’s; other roles none', async () => {
    for (const url of [`/api/reviewers/${ids.drother}/evidence?${PERIOD}`, `/api/reviewers/${ids.drother}/evidence.pdf?${PERIOD}`]) {
      const res = await t.app.inject({ url, headers: drwho });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toBe('You can see only your own reviewer evidence.');
    }
    expect((await auditOf('reviewer.evidence', String(ids.drother))).filter((a) => a.outcome === 'denied').map((a) => a.actor)).toEqual(['drwho', 'drwho']);
    expect((await t.app.inject({ url: `/api/reviewers/${ids.drwho}/evidence`, headers: finance })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/reviewers/${ids.drwho}/evidence`, headers: practice })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/reviewers/999999/evidence', headers: commissioner })).statusCode).toBe(404);
    expect((await auditOf('reviewer.evidence', String(ids.drwho))).filter((a) => a.outcome === 'ok').map((a) => a.actor)).toContain('drwho');
  });

  it('refuses a period that ends before it starts, or is not a date, naming the field', async () => {
    const backwards = await t.app.inject({ url: `/api/reviewers/${ids.drwho}/evidence?from=2025-12-31&to=2025-10-01`, headers: drwho });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().details).toEqual([expect.objectContaining({ field: 'querystring.to', message: 'must be the same as or after the start of the period (from)' })]);
    const bad = await t.app.inject({ url: `/api/reviewers/${ids.drwho}/evidence?from=2025-02-30`, headers: drwho });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0]).toMatchObject({ field: 'querystring.from', message: 'must be a real date' });
  });

  it('lists every reviewer with their decisions for a commissioner, and only themselves for a reviewer', async () => {
    const all = await t.app.inject({ url: `/api/reviewers?${PERIOD}`, headers: commissioner });
    expect(all.json().reviewers.map((r: { username: string; decisions: number }) => [r.username, r.decisions])).toEqual([['drwho', 7], ['drother', 2]]);
    const own = await t.app.inject({ url: `/api/reviewers?${PERIOD}`, headers: drwho });
    expect(own.json()).toMatchObject({ period: { from: '2025-10-01', to: '2025-12-31' }, reviewers: [{ id: ids.drwho, displayName: 'Dr Ada Lovelace', decisions: 7 }] });
    expect(own.json().reviewers).toHaveLength(1);
    expect((await t.app.inject({ url: '/api/reviewers', headers: practice })).statusCode).toBe(403);
  });

  it('prints as an A4 PDF with a title page, the figures, the comments and page numbers, and no patient identifiers', async () => {
    const res = await t.app.inject({ url: `/api/reviewers/${ids.drwho}/evidence.pdf?${PERIOD}`, headers: drwho });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="reviewer-evidence-${ids.drwho}-2025-10-01-to-2025-12-31\\.pdf"`));
    expect(res.headers['cache-control']).toBe('no-store');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);

    const text = pdfText(pdf);
    const lines = text.split('\n');
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let n = 1; n <= pages; n += 1) expect(lines).toContain(`Page ${n} of ${pages}`);
    for (const expected of [
      'Reviewer evidence for revalidation', 'Dr Ada Lovelace', '1 October 2025 to 31 December 2025', 'Generated', 'Statement for the appraiser',
      'Triage decisions taken', 'Referrals reviewed', '2 working days', '3 working days', '5 of 7 (71%)', 'Decisions later changed by another reviewer', '1 (14%)',
      'Forwarded to provider', 'Diverted to community service', '29%', 'Trauma and Orthopaedic', 'Feedback from practices', 'Not helpful',
      'already tried physiotherapy', '[NHS number removed]', '[name removed]',
    ]) expect(text, expected).toContain(expected);
    const squashed = text.replace(/[\s-]/g, '');
    for (const identifier of ['9434765919', 'Featherstone', 'Perpetua', 'Smith', 'AL13EW', '27/03/1956']) expect(squashed, identifier).not.toContain(identifier);
    expect((await auditOf('reviewer.evidence', String(ids.drwho))).some((a) => (a.details as { format?: string }).format === 'pdf')).toBe(true);
  });
});
