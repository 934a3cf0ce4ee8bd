/**
 * A referral as the API returns it: the stored row joined with its choices, names and history.
 * Reading one is a view of patient-identifiable data: callers audit it (see service.ts).
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import { treatmentFunctionName } from '../../domain/codes/treatment-functions.js';
import type { CriterionResult } from '../../domain/referrals/pathway.js';
import { STATUS_LABELS, actionsFrom, canRecategorise, type Status, type TriageAction } from '../../domain/referrals/triage.js';

export interface ReferralEventView { at: string; actor: string; action: string; fromStatus: string | null; toStatus: string | null; reason: string | null; details: Record<string, unknown> }

export interface ReferralView {
  id: string;
  reference: string;
  source: string;
  practiceCode: string;
  practiceName: string;
  externalId: string | null;
  clinician: string;
  patient: { nhsNumber: string; familyName: string; givenName: string; birthDate: string; sex: string; postcode: string };
  tfc: string;
  tfcName: string;
  reason: { system: string; code: string; display: string | null };
  originalReason: { system: string; code: string } | null;
  originalTfc: string | null;
  priority: 'routine' | 'urgent' | '2ww';
  pathwayCode: string | null;
  pathwayName: string | null;
  pathwayCheck: CriterionResult[];
  clinicalInfo: Record<string, string | number | boolean>;
  procedureCode: string | null;
  needsPriorApproval: boolean;
  priorApproval: { reference: string; by: string; at: string } | null;
  referralDate: string;
  status: Status;
  statusLabel: string;
  /** what can be done next from this status (whether this user may do it is up to the roles) */
  nextActions: TriageAction[];
  canRecategorise: boolean;
  chosenProviders: { rank: number; code: string; name: string }[];
  forwardedTo: string | null;
  divertedTo: { code: string; name: string } | null;
  advice: string | null;
  bookingStatus: string | null;
  bookedDate: string | null;
  bookedProvider: string | null;
  assignedTo: string | null;
  triageDue: string | null;
  version: number;
  receivedAt: string;
  updatedAt: string;
  events: ReferralEventView[];
  contacts: { at: string; actor: string; method: string; outcome: string; note: string }[];
  attachments: { id: string; fileName: string; contentType: string; sizeBytes: number; uploadedAt: string }[];
}

export async function loadReferralView(db: Db | Tx, id: string): Promise<ReferralView | undefined> {
  const r = await db.selectFrom('referral')
    .innerJoin('practice', 'practice.code', 'referral.practice_code')
    .leftJoin('pathway', 'pathway.code', 'referral.pathway_code')
    .leftJoin('community_service', 'community_service.code', 'referral.diverted_to')
    .leftJoin('prior_approval_procedure', 'prior_approval_procedure.code', 'referral.procedure_code')
    .selectAll('referral')
    .select(['practice.name as practice_name', 'pathway.name as pathway_name', 'community_service.name as service_name', 'prior_approval_procedure.code as pa_code'])
    .where('referral.id', '=', sql<string>`${id}::uuid`)
    .executeTakeFirst();
  if (!r) return undefined;
  const [choices, events, contacts, attachments] = await Promise.all([
    db.selectFrom('referral_choice').innerJoin('provider', 'provider.code', 'referral_choice.provider_code')
      .select(['referral_choice.rank', 'provider.code', 'provider.name']).where('referral_id', '=', r.id).orderBy('rank').execute(),
    db.selectFrom('referral_event').selectAll().where('referral_id', '=', r.id).orderBy('id').execute(),
    db.selectFrom('booking_contact').selectAll().where('referral_id', '=', r.id).orderBy('id').execute(),
    db.selectFrom('referral_attachment').select(['id', 'file_name', 'content_type', 'size_bytes', 'uploaded_at']).where('referral_id', '=', r.id).orderBy('uploaded_at').execute(),
  ]);
  const status = r.status as Status;
  return {
    id: r.id, reference: r.reference, source: r.source, practiceCode: r.practice_code, practiceName: r.practice_name,
    externalId: r.external_id, clinician: r.clinician,
    patient: { nhsNumber: r.nhs_number, familyName: r.family_name, givenName: r.given_name, birthDate: r.birth_date, sex: r.sex, postcode: r.postcode },
    tfc: r.tfc, tfcName: treatmentFunctionName(r.tfc),
    reason: { system: r.reason_system, code: r.reason_code, display: r.reason_display },
    originalReason: r.original_reason_code ? { system: r.original_reason_system!, code: r.original_reason_code } : null,
    originalTfc: r.original_tfc,
    priority: r.priority, pathwayCode: r.pathway_code, pathwayName: r.pathway_name,
    pathwayCheck: r.pathway_check as CriterionResult[], clinicalInfo: r.clinical_info,
    procedureCode: r.procedure_code, needsPriorApproval: Boolean(r.pa_code) && !r.prior_approved_at,
    priorApproval: r.prior_approved_at ? { reference: r.prior_approval_ref ?? '', by: r.prior_approved_by ?? '', at: r.prior_approved_at.toISOString() } : null,
    referralDate: r.referral_date, status, statusLabel: STATUS_LABELS[status] ?? status,
    nextActions: actionsFrom(status), canRecategorise: canRecategorise(status),
    chosenProviders: choices.map((c) => ({ rank: c.rank, code: c.code, name: c.name })),
    forwardedTo: r.forwarded_to, divertedTo: r.diverted_to ? { code: r.diverted_to, name: r.service_name ?? r.diverted_to } : null,
    advice: r.advice, bookingStatus: r.booking_status, bookedDate: r.booked_date, bookedProvider: r.booked_provider,
    assignedTo: r.assigned_to, triageDue: r.triage_due, version: r.version,
    receivedAt: r.received_at.toISOString(), updatedAt: r.updated_at.toISOString(),
    events: events.map((e) => ({ at: e.at.toISOString(), actor: e.actor, action: e.action, fromStatus: e.from_status, toStatus: e.to_status, reason: e.reason, details: e.details })),
    contacts: contacts.map((c) => ({ at: c.at.toISOString(), actor: c.actor, method: c.method, outcome: c.outcome, note: c.note })),
    attachments: attachments.map((a) => ({ id: a.id, fileName: a.file_name, contentType: a.content_type, sizeBytes: a.size_bytes, uploadedAt: a.uploaded_at.toISOString() })),
  };
}
