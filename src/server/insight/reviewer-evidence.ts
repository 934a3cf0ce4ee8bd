/**
 * Reviewer evidence for revalidation (REF-11): the histories of the referrals a reviewer triaged in
 * a period, gathered in three set-based queries and added up by the pure core
 * (domain/insight-reviewer/evidence.ts, which also says which clock turnaround is counted by).
 * Nothing patient-identifiable leaves here: referrals go by reference, and the practices' comments
 * have the patient's identifiers taken out first. A reviewer sees only their own evidence; a
 * commissioner anyone's. Every look is audited.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { addDays } from '../../domain/calendar/working-days.js';
import {
  DECISION_ACTIONS, GATEWAY_ACTOR, summariseReviewerEvidence, type Helpful, type HistoryEvent, type ReferralHistory, type ReviewerEvidenceSummary,
} from '../../domain/insight-reviewer/evidence.js';
import { redactPatientIdentifiers } from '../../domain/insight-reviewer/redact.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { forbidden, notFound } from '../http/errors.js';
import { TRIAGE_SERVICE_LEVEL_DAYS } from '../referrals/service.js';

export interface Period { from: string; to: string }

/** The twelve months to today (UTC), the period shown when none is asked for. */
export function defaultPeriod(now = new Date()): Period {
  const to = now.toISOString().slice(0, 10);
  return { from: addDays(`${String(Number(to.slice(0, 4)) - 1)}${to.slice(4)}`.replace(/-02-29$/, '-02-28'), 1), to };
}

/** The moments that bound a period of UTC days: from its first midnight to the midnight after its last day. */
const bounds = (p: Period) => ({ start: new Date(`${p.from}T00:00:00Z`), end: new Date(`${addDays(p.to, 1)}T00:00:00Z`) });

/** What a reviewer's events count as: their triage decisions, and re-categorisations. */
const TRIAGE_ACTIONS = [...DECISION_ACTIONS, 'recategorise'];

export interface ReviewerEvidence extends ReviewerEvidenceSummary {
  reviewer: ReviewerEvidenceSummary['reviewer'] & { id: number };
  generatedAt: string;
  /** how turnaround is counted, in words, for the page and the PDF */
  clock: string;
}

export const CLOCK_DESCRIPTION = 'Turnaround is counted in working days (England and Wales, bank holidays excepted) after the day the referral was received, '
  + 'or after the day the practice sent further information that was asked for, up to and including the day of the decision: the clock the worklists’ '
  + `service level uses (triage within ${TRIAGE_SERVICE_LEVEL_DAYS} working days).`;

/**
 * The reviewer the caller asks about, if the caller may see their evidence: a reviewer only
 * themselves, a commissioner anyone. Refusals are audited.
 */
export async function evidenceSubject(db: Db, user: AuthenticatedUser, userId: number) {
  if (user.role === 'reviewer' && user.id !== userId) {
    await recordAudit(db, { actor: user.username, action: 'reviewer.evidence', entityType: 'reviewer', entityId: String(userId), outcome: 'denied' });
    throw forbidden('You can see only your own reviewer evidence.');
  }
  const subject = await db.selectFrom('app_user').select(['id', 'username', 'display_name']).where('id', '=', userId).executeTakeFirst();
  if (!subject) throw notFound('The reviewer');
  return subject;
}

/** The evidence of one reviewer over a period (the caller is checked by evidenceSubject first). */
export async function reviewerEvidence(db: Db, subject: { id: number; username: string; display_name: string }, period: Period, now = new Date()): Promise<ReviewerEvidence> {
  const { start, end } = bounds(period);
  // The referrals the reviewer triaged in the period; each query below narrows by this set.
  const touched = db.selectFrom('referral_event').select('referral_id').distinct()
    .where('actor', '=', subject.username).where('action', 'in', TRIAGE_ACTIONS).where('at', '>=', start).where('at', '<', end);

  const referrals = await db.selectFrom('referral')
    .select(['id', 'reference', 'tfc', 'received_at', 'nhs_number', 'family_name', 'given_name', 'birth_date', 'postcode'])
    .where('id', 'in', touched).execute();
  // Every decision, re-categorisation and answer on those referrals, whoever made it and whenever
  // (a later change by another reviewer may fall after the period).
  const events = await db.selectFrom('referral_event').select(['referral_id', 'actor', 'action', 'at', 'details'])
    .where('referral_id', 'in', touched).where('action', 'in', [...TRIAGE_ACTIONS, 'provide_info'])
    .orderBy('referral_id').orderBy('at').orderBy('id').execute();
  const feedback = await db.selectFrom('referral_feedback').select(['referral_id', 'helpful', 'comment', 'given_at'])
    .where('referral_id', 'in', touched).execute();

  const eventsOf = new Map<string, HistoryEvent[]>();
  for (const e of events) {
    const list = eventsOf.get(e.referral_id) ?? [];
    list.push({ actor: e.actor, action: e.action, at: e.at.toISOString(), details: e.details as Record<string, unknown> | null });
    eventsOf.set(e.referral_id, list);
  }
  const feedbackOf = new Map(feedback.map((f) => [f.referral_id, f]));
  const histories: ReferralHistory[] = referrals.map((r) => {
    const f = feedbackOf.get(r.id);
    return {
      referralId: r.id, reference: r.reference, tfc: r.tfc, receivedAt: r.received_at.toISOString(), events: eventsOf.get(r.id) ?? [],
      feedback: f ? {
        helpful: f.helpful as Helpful, givenAt: f.given_at.toISOString(),
        comment: redactPatientIdentifiers(f.comment, { nhsNumber: r.nhs_number, familyName: r.family_name, givenName: r.given_name, birthDate: r.birth_date, postcode: r.postcode }),
      } : null,
    };
  });

  const summary = summariseReviewerEvidence({
    username: subject.username, displayName: subject.display_name, period, serviceLevelDays: TRIAGE_SERVICE_LEVEL_DAYS, histories,
  });
  return { ...summary, reviewer: { ...summary.reviewer, id: subject.id }, generatedAt: now.toISOString(), clock: CLOCK_DESCRIPTION };
}

export interface ReviewerListItem { id: number; username: string; displayName: string; decisions: number }

/**
 * The reviewers whose evidence the caller may open, with their decisions in the period: for a
 * commissioner every GP reviewer and anyone else who took triage decisions then; for a reviewer
 * only themselves.
 */
export async function listReviewers(db: Db, user: AuthenticatedUser, period: Period): Promise<ReviewerListItem[]> {
  const { start, end } = bounds(period);
  let q = db.selectFrom('app_user')
    .leftJoin('referral_event', (join) => join
      .onRef('referral_event.actor', '=', 'app_user.username')
      .on('referral_event.action', 'in', [...DECISION_ACTIONS])
      .on('referral_event.actor', '<>', GATEWAY_ACTOR)
      .on('referral_event.at', '>=', start)
      .on('referral_event.at', '<', end))
    .select(['app_user.id', 'app_user.username', 'app_user.display_name', (eb) => eb.fn.count<number>('referral_event.id').as('decisions')])
    .groupBy(['app_user.id', 'app_user.username', 'app_user.display_name', 'app_user.role'])
    .having((eb) => eb.or([eb('app_user.role', '=', 'reviewer'), eb(eb.fn.count('referral_event.id'), '>', sql.lit(0))]))
    .orderBy('app_user.display_name').orderBy('app_user.id');
  if (user.role === 'reviewer') q = q.where('app_user.id', '=', user.id);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, decisions: Number(r.decisions) }));
}

/** A file name with no one's name in it: the reviewer's account id and the period. */
export const evidenceFileName = (e: Pick<ReviewerEvidence, 'reviewer' | 'period'>) => `reviewer-evidence-${e.reviewer.id}-${e.period.from}-to-${e.period.to}.pdf`;
