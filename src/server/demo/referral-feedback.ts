/**
 * The demo's practice feedback on reviewers' decisions (REF-11): on about 30% of the referrals a
 * GP reviewer decided, the referring practice says whether the decision was helpful, mostly yes,
 * some partly, a few no, often with a comment that fits the decision. Given a few days after the
 * last decision, by the practice's demo account, so the reviewer evidence page has feedback to show.
 *
 * Deterministic: which referrals and what is said follow from each referral's reference, so the
 * same demo always gets the same feedback. Idempotent: a referral that already has feedback (the
 * demo's, or a user's since) is left alone. Audited once, as demo.referral_feedback.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { practiceUsername } from '../../domain/demo/accounts.js';
import { DECISION_ACTIONS, GATEWAY_ACTOR, OUTCOME_OF, type DecisionAction, type Helpful, type Outcome } from '../../domain/insight-reviewer/evidence.js';
import { recordAudit } from '../audit/audit-log.js';

export const DEMO_FEEDBACK_SHARE = 0.3;
const BATCH = 500;
const HOUR_MS = 3_600_000;

const COMMENTS: Record<Outcome, Record<Helpful, string[]>> = {
  forwarded: {
    yes: ['Quick decision, thank you.', 'Forwarded promptly; the patient has an appointment.', 'Thanks for confirming the pathway criteria were met.'],
    partly: ['Forwarded, but it took longer than the two working days.', 'Fine, though a note on what to do meanwhile would have helped.'],
    no: ['This should have gone to the community service; we had said so in the letter.'],
  },
  diverted: {
    yes: ['The community service saw the patient within a fortnight. Good call.', 'Helpful: we did not know the community clinic took these.'],
    partly: ['Diverted, but the community service has a long wait at the moment.', 'Reasonable, though the patient had asked for the hospital.'],
    no: ['The patient had already been through the community service; please read the history.'],
  },
  returned_with_advice: {
    yes: ['Useful advice, we will try this first.', 'Clear advice on investigations before referral. Thank you.', 'Good advice; we have started the treatment suggested.'],
    partly: ['The advice was useful but the patient is keen to be seen.', 'Helpful, though we had already tried the first suggestion.'],
    no: ['We had already tried what was suggested, as the referral said.', 'Returned without reading the attached results.'],
  },
  info_requested: {
    yes: ['Fair request; we have sent the X-ray report.', 'Reasonable, the blood results were missing.'],
    partly: ['We sent the information, though it was in the letter.', 'Fine, but a phone call would have been quicker.'],
    no: ['The information asked for was already attached.'],
  },
  discussed_with_gp: {
    yes: ['A useful conversation; we agreed a plan for the patient.', 'Good to talk it through with a colleague.'],
    partly: ['Helpful discussion, but hard to find a time to call back.'],
    no: ['The call did not change anything.'],
  },
};

/** Four numbers in [0, 1) from the reference: whether, how helpful, which comment, how many days later. */
function draws(reference: string): [number, number, number, number] {
  const hash = createHash('sha256').update(`demo-feedback:${reference}`).digest();
  return [0, 4, 8, 12].map((o) => hash.readUInt32BE(o) / 2 ** 32) as [number, number, number, number];
}

export interface DemoReferralFeedbackSummary {
  /** referrals a reviewer had decided */
  decided: number;
  /** feedback given now */
  given: number;
}

export async function loadDemoReferralFeedback(db: Db, actor: string, now = new Date()): Promise<DemoReferralFeedbackSummary> {
  // The last reviewer decision on each referral that has none yet: the decision the practice answers.
  const decided = await db.selectFrom('referral_event')
    .innerJoin('referral', 'referral.id', 'referral_event.referral_id')
    .leftJoin('referral_feedback', 'referral_feedback.referral_id', 'referral_event.referral_id')
    .select(['referral_event.referral_id', 'referral.reference', 'referral.practice_code', 'referral_event.action', 'referral_event.at'])
    .distinctOn('referral_event.referral_id')
    .where('referral_event.action', 'in', [...DECISION_ACTIONS])
    .where('referral_event.actor', '<>', GATEWAY_ACTOR)
    .where('referral_feedback.referral_id', 'is', null)
    .orderBy('referral_event.referral_id').orderBy('referral_event.at', 'desc').orderBy('referral_event.id', 'desc')
    .execute();

  const rows = decided.flatMap((d) => {
    const [pick, helpfulDraw, commentDraw, delayDraw] = draws(d.reference);
    if (pick >= DEMO_FEEDBACK_SHARE) return [];
    const helpful: Helpful = helpfulDraw < 0.72 ? 'yes' : helpfulDraw < 0.9 ? 'partly' : 'no';
    const options = COMMENTS[OUTCOME_OF[d.action as DecisionAction]][helpful];
    // About a third say nothing more than yes, partly or no.
    const comment = commentDraw < 0.35 ? '' : options[Math.floor(((commentDraw - 0.35) / 0.65) * options.length)] ?? options[0]!;
    const givenAt = new Date(Math.min(d.at.getTime() + (4 + Math.floor(delayDraw * 116)) * HOUR_MS, now.getTime()));
    return [{ referral_id: d.referral_id, practice_code: d.practice_code, helpful, comment, given_by: practiceUsername(d.practice_code), given_at: givenAt }];
  });

  let given = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const inserted = await db.insertInto('referral_feedback').values(rows.slice(i, i + BATCH))
      .onConflict((oc) => oc.column('referral_id').doNothing()).returning('referral_id').execute();
    given += inserted.length;
  }
  if (given) await recordAudit(db, { actor, action: 'demo.referral_feedback', entityType: 'referral_feedback', entityId: 'demo', details: { given } });
  return { decided: decided.length, given };
}
