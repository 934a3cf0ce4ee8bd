/**
 * Triage and booking decisions (REF-4 to REF-6, REF-12). Each is one transaction: check the
 * version the decider saw (two reviewers never silently overwrite each other), check the state
 * machine, apply, record the event with who/when/why, tell the practice, audit.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import { can, type Action } from '../../domain/access/can.js';
import { checkCode, type CodeSystem } from '../../domain/codes/clinical-codes.js';
import { isTreatmentFunction, treatmentFunctionName } from '../../domain/codes/treatment-functions.js';
import { STATUS_LABELS, canRecategorise, transition, type Status, type TriageAction } from '../../domain/referrals/triage.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { forbidden, HttpError, notFound } from '../http/errors.js';
import { loadReferralView, type ReferralView } from './view.js';

export interface Decision {
  action: TriageAction;
  /** the version the decider was looking at */
  version: number;
  reason: string;
  /** forward: which provider (defaults to the first choice) */
  providerCode?: string;
  /** divert: the community service */
  serviceCode?: string;
  /** return_with_advice: the advice for the referrer */
  advice?: string;
  /** book */
  bookedDate?: string;
  bookedProvider?: string;
}

/** Who may take each action: any one of these permissions. */
const PERMISSION: Record<TriageAction, Action[]> = {
  forward: ['referral.triage'], divert: ['referral.triage'], return_with_advice: ['referral.triage'], request_info: ['referral.triage'],
  discuss_with_gp: ['referral.triage'], provide_info: ['referral.submit'], book: ['referral.book'],
  close: ['referral.triage', 'referral.book'],
};

const invalid = (field: string, message: string) => new HttpError(422, 'invalid_decision', message, [{ field, message }]);

type Row = { id: string; status: string; version: number; practice_code: string; procedure_code: string | null; prior_approved_at: Date | null; reference: string };

/** Locks the referral and checks the caller may act on it and saw its latest version. */
async function lockForChange(tx: Tx, user: AuthenticatedUser, id: string, version: number, allowed: Action[]): Promise<Row> {
  const row = await tx.selectFrom('referral').select(['id', 'status', 'version', 'practice_code', 'procedure_code', 'prior_approved_at', 'reference'])
    .where('id', '=', sql<string>`${id}::uuid`).forUpdate().executeTakeFirst();
  if (!row || !can(user, 'patient.view', { practiceCode: row.practice_code })) throw notFound('The referral');
  if (!allowed.some((action) => can(user, action, { practiceCode: row.practice_code }))) {
    throw forbidden('Your role cannot take that decision.');
  }
  if (row.version !== version) {
    const last = await tx.selectFrom('referral_event').select(['actor', 'at', 'action']).where('referral_id', '=', row.id).orderBy('id', 'desc').limit(1).executeTakeFirst();
    throw new HttpError(409, 'conflict',
      `This referral was changed by ${last?.actor ?? 'someone else'} at ${last ? last.at.toISOString().slice(11, 16) : 'a moment ago'} (${last?.action.replaceAll('_', ' ') ?? 'a change'}) after you opened it. Reload it to see their decision before you decide.`);
  }
  return row;
}

async function record(tx: Tx, user: AuthenticatedUser, row: Row, action: string, from: string, to: string, reason: string | null, details: Record<string, unknown>, notice?: string) {
  await tx.insertInto('referral_event').values({ referral_id: row.id, actor: user.username, action, from_status: from, to_status: to, reason, details: JSON.stringify(details) }).execute();
  if (notice) await tx.insertInto('notification').values({ practice_code: row.practice_code, referral_id: row.id, message: `${row.reference}: ${notice}` }).execute();
  await recordAudit(tx, { actor: user.username, action: `referral.${action}`, entityType: 'referral', entityId: row.id, details: { from, to } });
}

export async function decide(db: Db, user: AuthenticatedUser, id: string, d: Decision): Promise<ReferralView> {
  if (!d.reason?.trim() && d.action !== 'book') throw invalid('reason', 'Give a reason for the decision');
  await db.transaction().execute(async (tx) => {
    const row = await lockForChange(tx, user, id, d.version, PERMISSION[d.action]);
    const move = transition(row.status as Status, d.action);
    if (!move.ok) throw new HttpError(409, 'not_allowed_now', move.message);
    const set: Record<string, unknown> = { status: move.to, version: row.version + 1, updated_at: new Date() };
    let notice = `${STATUS_LABELS[move.to]}.`;
    switch (d.action) {
      case 'forward': {
        if (row.procedure_code && !row.prior_approved_at) {
          const listed = await tx.selectFrom('prior_approval_procedure').select('name').where('code', '=', row.procedure_code).executeTakeFirst();
          if (listed) throw new HttpError(409, 'prior_approval_needed', `${listed.name} (${row.procedure_code}) needs prior approval before the referral can be forwarded. Record the approval first.`);
        }
        const choices = await tx.selectFrom('referral_choice').select('provider_code').where('referral_id', '=', row.id).orderBy('rank').execute();
        const provider = d.providerCode ?? choices[0]?.provider_code;
        if (!provider || !(await tx.selectFrom('provider').select('code').where('code', '=', provider).executeTakeFirst())) throw invalid('providerCode', `${provider ?? 'No provider'} is not a known provider`);
        Object.assign(set, { forwarded_to: provider, booking_status: 'to_book' });
        notice = `forwarded to ${provider}.`;
        break;
      }
      case 'divert': {
        const service = d.serviceCode && await tx.selectFrom('community_service').select(['code', 'name']).where('code', '=', d.serviceCode).executeTakeFirst();
        if (!service) throw invalid('serviceCode', 'Choose the community service to divert to');
        Object.assign(set, { diverted_to: service.code, booking_status: 'to_book' });
        notice = `diverted to ${service.name}.`;
        break;
      }
      case 'return_with_advice':
        if (!d.advice?.trim()) throw invalid('advice', 'Write the advice for the referring GP');
        Object.assign(set, { advice: d.advice.trim() });
        notice = `returned with advice: ${d.advice.trim()}`;
        break;
      case 'request_info':
        notice = `more information needed: ${d.reason.trim()}`;
        break;
      case 'discuss_with_gp':
        notice = `discussed with the referring GP: ${d.reason.trim()}`;
        break;
      case 'book': {
        if (!d.bookedDate || !/^\d{4}-\d{2}-\d{2}$/.test(d.bookedDate)) throw invalid('bookedDate', 'Enter the appointment date, like 2025-11-20');
        const provider = d.bookedProvider && await tx.selectFrom('provider').select('code').where('code', '=', d.bookedProvider).executeTakeFirst();
        if (!provider) throw invalid('bookedProvider', 'Choose the provider the appointment is with');
        Object.assign(set, { booking_status: 'booked', booked_date: d.bookedDate, booked_provider: provider.code });
        notice = `booked with ${provider.code} on ${d.bookedDate}.`;
        break;
      }
      default:
        break;
    }
    await tx.updateTable('referral').set(set).where('id', '=', row.id).execute();
    await record(tx, user, row, d.action, move.from, move.to, d.reason?.trim() || null,
      { providerCode: set.forwarded_to, serviceCode: set.diverted_to, advice: set.advice, bookedDate: set.booked_date, bookedProvider: set.booked_provider }, notice);
  });
  return (await loadReferralView(db, id))!;
}

/** REF-5: a reviewer corrects the specialty or clinical code; the first original is kept. */
export async function recategorise(db: Db, user: AuthenticatedUser, id: string, change: { version: number; tfc?: string; reasonSystem?: CodeSystem; reasonCode?: string; reason: string }): Promise<ReferralView> {
  if (!change.reason?.trim()) throw invalid('reason', 'Say why the referral is being re-categorised');
  await db.transaction().execute(async (tx) => {
    const row = await lockForChange(tx, user, id, change.version, ['referral.triage']);
    if (!canRecategorise(row.status as Status)) throw new HttpError(409, 'not_allowed_now', 'Only referrals still in triage can be re-categorised.');
    const current = await tx.selectFrom('referral').select(['tfc', 'reason_system', 'reason_code', 'original_tfc', 'original_reason_code']).where('id', '=', row.id).executeTakeFirstOrThrow();
    const set: Record<string, unknown> = { version: row.version + 1, updated_at: new Date() };
    if (change.tfc && change.tfc !== current.tfc) {
      if (!isTreatmentFunction(change.tfc)) throw invalid('tfc', `${change.tfc} is not a treatment function code`);
      Object.assign(set, { tfc: change.tfc, original_tfc: current.original_tfc ?? current.tfc });
    }
    if (change.reasonCode) {
      const system = change.reasonSystem ?? (current.reason_system as CodeSystem);
      const checked = checkCode(system, change.reasonCode);
      if (!checked.ok) throw invalid('reasonCode', checked.message);
      if (checked.code !== current.reason_code || system !== current.reason_system) {
        Object.assign(set, { reason_system: system, reason_code: checked.code, reason_display: null });
        if (!current.original_reason_code) Object.assign(set, { original_reason_system: current.reason_system, original_reason_code: current.reason_code });
      }
    }
    if (Object.keys(set).length === 2) throw invalid('tfc', 'Nothing to change: give a new specialty or clinical code');
    await tx.updateTable('referral').set(set).where('id', '=', row.id).execute();
    await record(tx, user, row, 'recategorise', row.status, row.status, change.reason.trim(),
      { from: { tfc: current.tfc, reason: `${current.reason_system} ${current.reason_code}` }, to: { tfc: set.tfc ?? current.tfc, tfcName: treatmentFunctionName(String(set.tfc ?? current.tfc)), reason: set.reason_code ? `${set.reason_system} ${set.reason_code}` : undefined } });
  });
  return (await loadReferralView(db, id))!;
}

/** Assign to a reviewer (REF-7); `null` releases it back to the shared list. */
export async function assign(db: Db, user: AuthenticatedUser, id: string, change: { version: number; reviewer: string | null }): Promise<ReferralView> {
  await db.transaction().execute(async (tx) => {
    const row = await lockForChange(tx, user, id, change.version, ['referral.triage']);
    if (change.reviewer) {
      const reviewer = await tx.selectFrom('app_user').select('role').where('username', '=', change.reviewer).executeTakeFirst();
      if (reviewer?.role !== 'reviewer') throw invalid('reviewer', `${change.reviewer} is not a GP reviewer`);
    }
    await tx.updateTable('referral').set({ assigned_to: change.reviewer, version: row.version + 1, updated_at: new Date() }).where('id', '=', row.id).execute();
    await record(tx, user, row, change.reviewer ? 'assign' : 'unassign', row.status, row.status, null, { reviewer: change.reviewer });
  });
  return (await loadReferralView(db, id))!;
}

/** REF-12: the approval that lets a listed procedure be forwarded. */
export async function approvePrior(db: Db, user: AuthenticatedUser, id: string, change: { version: number; approvalReference: string; reason: string }): Promise<ReferralView> {
  if (!change.approvalReference?.trim()) throw invalid('approvalReference', 'Enter the prior approval reference');
  await db.transaction().execute(async (tx) => {
    const row = await lockForChange(tx, user, id, change.version, ['referral.triage']);
    if (!row.procedure_code) throw invalid('approvalReference', 'This referral names no procedure that needs approval.');
    await tx.updateTable('referral').set({ prior_approval_ref: change.approvalReference.trim(), prior_approved_by: user.username, prior_approved_at: new Date(), version: row.version + 1, updated_at: new Date() }).where('id', '=', row.id).execute();
    await record(tx, user, row, 'prior_approval', row.status, row.status, change.reason?.trim() || null, { reference: change.approvalReference.trim() });
  });
  return (await loadReferralView(db, id))!;
}

/** REF-6: a contact attempt with a patient who cannot book, or "patient will book". */
export async function recordContact(db: Db, user: AuthenticatedUser, id: string, contact: { version: number; method: 'phone' | 'letter' | 'email' | 'text' | 'in_person'; outcome: string; note?: string; patientWillBook?: boolean }): Promise<ReferralView> {
  if (!contact.outcome?.trim()) throw invalid('outcome', 'Say what happened');
  await db.transaction().execute(async (tx) => {
    const row = await lockForChange(tx, user, id, contact.version, ['referral.book']);
    if (!['forwarded', 'diverted'].includes(row.status)) throw new HttpError(409, 'not_allowed_now', 'Only forwarded or diverted referrals are on the booking list.');
    await tx.insertInto('booking_contact').values({ referral_id: row.id, actor: user.username, method: contact.method, outcome: contact.outcome.trim(), note: contact.note?.trim() ?? '' }).execute();
    await tx.updateTable('referral').set({ version: row.version + 1, updated_at: new Date(), ...(contact.patientWillBook ? { booking_status: 'patient_will_book' as const } : {}) }).where('id', '=', row.id).execute();
    await record(tx, user, row, 'contact', row.status, row.status, contact.outcome.trim(), { method: contact.method, patientWillBook: Boolean(contact.patientWillBook) },
      contact.patientWillBook ? 'the patient will book the appointment themselves.' : undefined);
  });
  return (await loadReferralView(db, id))!;
}
