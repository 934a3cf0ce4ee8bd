/**
 * A practice's feedback on a GP reviewer's decision about its referral (the feedback of REF-11's
 * reviewer evidence): was the decision helpful, and why. One per referral, given by a user of the
 * referring practice once a reviewer has decided; giving it again replaces it, and the audit log
 * keeps what it said before. The practice and the reviewers who decided on the referral can read it.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { can } from '../../domain/access/can.js';
import { HELPFUL_LABELS, isReviewerDecision, DECISION_ACTIONS, GATEWAY_ACTOR, type Helpful } from '../../domain/insight-reviewer/evidence.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { forbidden, HttpError, notFound } from '../http/errors.js';

export interface ReferralFeedback {
  referralId: string;
  helpful: Helpful;
  helpfulLabel: string;
  comment: string;
  givenBy: string;
  givenAt: string;
}

export interface ReferralFeedbackState {
  referralId: string;
  /** a GP reviewer has decided on the referral, so feedback can be given */
  decided: boolean;
  /** the caller may give (or change) the feedback now */
  canGive: boolean;
  feedback: ReferralFeedback | null;
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

type FeedbackRow = { referral_id: string; helpful: Helpful; comment: string; given_by: string; given_at: Date };
const toFeedback = (r: FeedbackRow): ReferralFeedback => ({
  referralId: r.referral_id, helpful: r.helpful, helpfulLabel: HELPFUL_LABELS[r.helpful], comment: r.comment, givenBy: r.given_by, givenAt: r.given_at.toISOString(),
});

/** The referral's practice and the reviewers who took its triage decisions (never the gateway). */
async function referralFacts(db: Db, id: string) {
  if (!isUuid(id)) return undefined;
  const referral = await db.selectFrom('referral').select(['id', 'practice_code']).where('id', '=', sql<string>`${id}::uuid`).executeTakeFirst();
  if (!referral) return undefined;
  const deciders = await db.selectFrom('referral_event').select(['actor', 'action']).distinct()
    .where('referral_id', '=', referral.id).where('action', 'in', [...DECISION_ACTIONS]).where('actor', '<>', GATEWAY_ACTOR).execute();
  return { id: referral.id, practiceCode: referral.practice_code, reviewers: new Set(deciders.filter(isReviewerDecision).map((d) => d.actor)) };
}

async function deny(db: Db, user: AuthenticatedUser, id: string, action: string, error: HttpError): Promise<never> {
  await recordAudit(db, { actor: user.username, action, entityType: 'referral', entityId: id, outcome: 'denied' });
  throw error;
}

/** The feedback on a referral, for its practice and for the reviewers who decided on it. */
export async function feedbackFor(db: Db, user: AuthenticatedUser, id: string): Promise<ReferralFeedbackState> {
  const facts = await referralFacts(db, id);
  // Another practice's referral is "not found", as everywhere in the gateway.
  if (!facts || (user.role === 'practice' && user.practiceCode !== facts.practiceCode)) return deny(db, user, id, 'referral.feedback.read', notFound('The referral'));
  const ownPractice = can(user, 'feedback.give', { practiceCode: facts.practiceCode });
  if (!ownPractice && !facts.reviewers.has(user.username)) {
    return deny(db, user, id, 'referral.feedback.read', forbidden('Only the referring practice and the reviewers who decided on this referral can see its feedback.'));
  }
  const row = await db.selectFrom('referral_feedback').select(['referral_id', 'helpful', 'comment', 'given_by', 'given_at']).where('referral_id', '=', facts.id).executeTakeFirst();
  const decided = facts.reviewers.size > 0;
  return { referralId: facts.id, decided, canGive: ownPractice && decided, feedback: row ? toFeedback(row) : null };
}

/**
 * Gives (or changes) the practice's feedback. Refused before a reviewer has decided, and to anyone
 * but a user of the referring practice. Answers whether it was new.
 */
export async function giveFeedback(db: Db, user: AuthenticatedUser, id: string, input: { helpful: Helpful; comment: string }): Promise<{ feedback: ReferralFeedback; created: boolean }> {
  const facts = await referralFacts(db, id);
  if (!facts || (user.role === 'practice' && user.practiceCode !== facts.practiceCode)) return deny(db, user, id, 'referral.feedback', notFound('The referral'));
  if (!can(user, 'feedback.give', { practiceCode: facts.practiceCode })) {
    return deny(db, user, id, 'referral.feedback', forbidden('Only the referring practice can give feedback on a reviewer’s decision.'));
  }
  if (!facts.reviewers.size) {
    throw new HttpError(409, 'not_allowed_now', 'You can give feedback once a GP reviewer has decided on the referral. It has not been triaged yet.');
  }
  const comment = input.comment.trim();
  return db.transaction().execute(async (tx) => {
    // One at a time per referral, so "before" in the audit is what the second writer replaced.
    await tx.selectFrom('referral').select('id').where('id', '=', facts.id).forUpdate().executeTakeFirstOrThrow();
    const before = await tx.selectFrom('referral_feedback').select(['helpful', 'comment', 'given_by', 'given_at']).where('referral_id', '=', facts.id).executeTakeFirst();
    const values = { helpful: input.helpful, comment, given_by: user.username, given_at: new Date() };
    const saved = before
      ? await tx.updateTable('referral_feedback').set(values).where('referral_id', '=', facts.id)
        .returning(['referral_id', 'helpful', 'comment', 'given_by', 'given_at']).executeTakeFirstOrThrow()
      : await tx.insertInto('referral_feedback').values({ referral_id: facts.id, practice_code: facts.practiceCode, ...values })
        .returning(['referral_id', 'helpful', 'comment', 'given_by', 'given_at']).executeTakeFirstOrThrow();
    await recordAudit(tx, {
      actor: user.username, action: before ? 'referral.feedback_change' : 'referral.feedback', entityType: 'referral', entityId: facts.id,
      details: {
        ...(before ? { before: { helpful: before.helpful, comment: before.comment, givenBy: before.given_by, givenAt: before.given_at.toISOString() } } : {}),
        after: { helpful: input.helpful, comment },
      },
    });
    return { feedback: toFeedback(saved), created: !before };
  });
}
