/**
 * A referral as the API returns it: the stored row joined with its choices, names and history.
 * Reading one is a view of patient-identifiable data: callers audit it (see service.ts).
 */
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { BookingContactTable, ReferralAttachmentTable, ReferralEventTable, ReferralTable } from '../../db/schema.js';
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

/** The stored row with the names the view shows beside its codes. */
export type ReferralRow = Selectable<ReferralTable> & { practice_name: string; pathway_name: string | null; service_name: string | null; pa_code: string | null };

export interface ReferralRelated {
  choices: { rank: number; code: string; name: string }[];
  events: Omit<Selectable<ReferralEventTable>, 'id' | 'referral_id'>[];
  contacts: Selectable<BookingContactTable>[];
  attachments: Pick<Selectable<ReferralAttachmentTable>, 'id' | 'file_name' | 'content_type' | 'size_bytes' | 'uploaded_at'>[];
}

export async function loadReferralView(db: Db | Tx, id: string): Promise<ReferralView | undefined> {
  return (await loadReferralViews(db, [id]))[0];
}

/** Views of many referrals in five queries however many there are (a search's page), in the order of `ids`. */
export async function loadReferralViews(db: Db | Tx, ids: readonly string[]): Promise<ReferralView[]> {
  if (!ids.length) return [];
  const uuids = ids.map((id) => sql<string>`${id}::uuid`);
  const [rows, choices, events, contacts, attachments] = await Promise.all([
    db.selectFrom('referral')
      .innerJoin('practice', 'practice.code', 'referral.practice_code')
      .leftJoin('pathway', 'pathway.code', 'referral.pathway_code')
      .leftJoin('community_service', 'community_service.code', 'referral.diverted_to')
      .leftJoin('prior_approval_procedure', 'prior_approval_procedure.code', 'referral.procedure_code')
      .selectAll('referral')
      .select(['practice.name as practice_name', 'pathway.name as pathway_name', 'community_service.name as service_name', 'prior_approval_procedure.code as pa_code'])
      .where('referral.id', 'in', uuids).execute(),
    db.selectFrom('referral_choice').innerJoin('provider', 'provider.code', 'referral_choice.provider_code')
      .select(['referral_id', 'referral_choice.rank', 'provider.code', 'provider.name']).where('referral_id', 'in', uuids).orderBy('rank').execute(),
    db.selectFrom('referral_event').selectAll().where('referral_id', 'in', uuids).orderBy('id').execute(),
    db.selectFrom('booking_contact').selectAll().where('referral_id', 'in', uuids).orderBy('id').execute(),
    db.selectFrom('referral_attachment').select(['referral_id', 'id', 'file_name', 'content_type', 'size_bytes', 'uploaded_at']).where('referral_id', 'in', uuids).orderBy('uploaded_at').execute(),
  ]);
  const byReferral = <T extends { referral_id: string }>(list: T[]) => {
    const groups = new Map<string, T[]>(); // Map.groupBy needs Node 21
    for (const item of list) {
      const group = groups.get(item.referral_id);
      if (group) group.push(item); else groups.set(item.referral_id, [item]);
    }
    return groups;
  };
  const [choicesOf, eventsOf, contactsOf, attachmentsOf] = [byReferral(choices), byReferral(events), byReferral(contacts), byReferral(attachments)];
  const found = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = found.get(id);
    return r ? [referralView(r, {
      choices: choicesOf.get(id) ?? [], events: eventsOf.get(id) ?? [], contacts: contactsOf.get(id) ?? [], attachments: attachmentsOf.get(id) ?? [],
    })] : [];
  });
}

/** The view from rows in hand: a new referral's view is built without reading it back. */
export function referralView(r: ReferralRow, { choices, events, contacts, attachments }: ReferralRelated): ReferralView {
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
