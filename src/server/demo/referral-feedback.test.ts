import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED, generateLocality } from '../../domain/demo/locality.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { verifyAuditLog } from '../audit/audit-log.js';
import { reviewerEvidence } from '../insight/reviewer-evidence.js';
import { loadDemo } from './load.js';
import { loadDemoReferralFeedback } from './referral-feedback.js';
import { lastYear, loadDemoReferrals } from './referrals.js';

const PASSWORD = 'demo-password';

describe('the demo practices’ feedback on reviewers’ decisions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // The organisations and accounts, then a year of referrals for four practices (no hospital activity).
    await loadDemo(t.database, { password: PASSWORD, practices: 4, referralFraction: 0 });
    await loadDemoReferrals(t.database.db, generateLocality({ seed: DEFAULT_SEED, practices: 4 }), { period: lastYear() });
  });
  afterAll(() => t.close());

  it('gives feedback on about 30% of decided referrals, mostly helpful, from the referring practice after the decision', async () => {
    const { db } = t.database;
    const summary = await loadDemoReferralFeedback(db, 'demo');
    expect(summary.decided).toBeGreaterThan(200);
    expect(summary.given / summary.decided).toBeGreaterThan(0.25);
    expect(summary.given / summary.decided).toBeLessThan(0.35);

    const rows = await db.selectFrom('referral_feedback').innerJoin('referral', 'referral.id', 'referral_feedback.referral_id')
      .select(['referral_feedback.referral_id', 'referral_feedback.practice_code', 'referral.practice_code as referral_practice', 'helpful', 'comment', 'given_by', 'given_at']).execute();
    expect(rows).toHaveLength(summary.given);
    expect(rows.every((r) => r.practice_code === r.referral_practice && r.given_by === `practice-${r.practice_code.toLowerCase()}`)).toBe(true);
    const helpful = rows.filter((r) => r.helpful === 'yes').length;
    expect(helpful / rows.length).toBeGreaterThan(0.6);
    expect(rows.some((r) => r.helpful === 'no')).toBe(true);
    expect(rows.some((r) => r.comment === '')).toBe(true);
    expect(rows.filter((r) => r.comment).length / rows.length).toBeGreaterThan(0.5);

    // Each after a reviewer's decision on the referral, so it reads as feedback on that decision.
    const decidedBefore = await db.selectFrom('referral_feedback').innerJoin('referral_event', 'referral_event.referral_id', 'referral_feedback.referral_id')
      .select('referral_feedback.referral_id').distinct()
      .where('referral_event.action', 'in', ['forward', 'divert', 'return_with_advice', 'request_info', 'discuss_with_gp'])
      .where('referral_event.actor', '<>', 'gateway')
      .whereRef('referral_event.at', '<=', 'referral_feedback.given_at').execute();
    expect(decidedBefore).toHaveLength(rows.length);

    // The demo reviewer's evidence then has feedback to show.
    const reviewer = await db.selectFrom('app_user').select(['id', 'username', 'display_name']).where('username', '=', 'reviewer').executeTakeFirstOrThrow();
    const evidence = await reviewerEvidence(db, reviewer, lastYear());
    expect(evidence.decisions).toBeGreaterThan(200);
    expect(evidence.feedback.total).toBeGreaterThan(0.2 * evidence.decisions);
    expect(evidence.feedback.counts.yes).toBeGreaterThan(evidence.feedback.counts.partly + evidence.feedback.counts.no);
  });

  it('adds nothing when loaded again, and keeps feedback a user has changed', async () => {
    const { db } = t.database;
    const one = await db.selectFrom('referral_feedback').select('referral_id').limit(1).executeTakeFirstOrThrow();
    await db.updateTable('referral_feedback').set({ helpful: 'no', comment: 'Changed by the practice' }).where('referral_id', '=', one.referral_id).execute();
    const before = await db.selectFrom('referral_feedback').selectAll().orderBy('referral_id').execute();
    expect(await loadDemoReferralFeedback(db, 'demo')).toMatchObject({ given: 0 });
    expect(await db.selectFrom('referral_feedback').selectAll().orderBy('referral_id').execute()).toEqual(before);
    expect((await db.selectFrom('audit_log').select('details').where('action', '=', 'demo.referral_feedback').execute())).toHaveLength(1);
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });
});
