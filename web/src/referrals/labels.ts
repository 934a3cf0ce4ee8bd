/** How referral codes read on screen: priorities, statuses, specialties, code systems, actions. */
import type { CodeSystem, ContactMethod, Priority, ReferralStatus, TriageAction, WorklistName } from '../api/types.js';
import type { TagColour } from '../nhsuk/Tag.js';

export const PRIORITY_LABELS: Record<Priority, string> = {
  routine: 'Routine',
  urgent: 'Urgent',
  '2ww': 'Two-week wait — suspected cancer',
};

/** Short form for tags and tables. */
export const PRIORITY_SHORT: Record<Priority, string> = { routine: 'Routine', urgent: 'Urgent', '2ww': 'Two-week wait' };

export const PRIORITY_COLOURS: Record<Priority, TagColour> = { routine: 'grey', urgent: 'orange', '2ww': 'red' };

export const STATUS_LABELS: Record<ReferralStatus, string> = {
  received: 'Received',
  awaiting_triage: 'Awaiting triage',
  forwarded: 'Forwarded to provider',
  diverted: 'Diverted to community service',
  returned_with_advice: 'Returned with advice',
  info_requested: 'More information requested',
  discussed_with_gp: 'Discussed with referring GP',
  booked: 'Booked',
  closed: 'Closed',
};

export const statusLabel = (status: string) => STATUS_LABELS[status as ReferralStatus] ?? status;

export const statusColour = (status: string): TagColour => STATUS_COLOURS[status as ReferralStatus] ?? 'grey';

export const BOOKING_STATUS_LABELS: Record<string, string> = { to_book: 'To book', patient_will_book: 'Patient will book', booked: 'Booked' };

export const STATUS_COLOURS: Record<ReferralStatus, TagColour> = {
  received: 'grey',
  awaiting_triage: 'blue',
  info_requested: 'yellow',
  discussed_with_gp: 'purple',
  forwarded: 'aqua-green',
  diverted: 'aqua-green',
  returned_with_advice: 'orange',
  booked: 'green',
  closed: 'grey',
};

export const CODE_SYSTEM_LABELS: Record<CodeSystem, string> = { icd10: 'ICD-10', snomed: 'SNOMED CT', read2: 'Read v2' };

export const codeSystemLabel = (system: string) => CODE_SYSTEM_LABELS[system as CodeSystem] ?? system;

export const SEX_LABELS: Record<string, string> = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Not known' };

export const CONTACT_METHOD_LABELS: Record<ContactMethod, string> = {
  phone: 'Phone', letter: 'Letter', email: 'Email', text: 'Text message', in_person: 'In person',
};

export const WORKLIST_LABELS: Record<WorklistName, string> = {
  awaiting_triage: 'Awaiting triage',
  overdue: 'Overdue',
  mine: 'Assigned to me',
  info_requested: 'Information requested',
  to_book: 'To book',
};

/** The order worklists appear in, whatever order the server sends them. */
const WORKLIST_ORDER = ['awaiting_triage', 'overdue', 'mine', 'info_requested', 'discussed_with_gp', 'to_book'];

export function inWorklistOrder<T extends { name: string }>(lists: readonly T[]): T[] {
  const rank = (name: string) => WORKLIST_ORDER.indexOf(name) + 1 || WORKLIST_ORDER.length + 1;
  return [...lists].sort((a, b) => rank(a.name) - rank(b.name));
}

/** What each event in a referral's history says. */
const EVENT_LABELS: Record<string, string> = {
  received: 'Referral received',
  queue_for_triage: 'Placed on the triage worklist',
  forward: 'Forwarded to provider',
  divert: 'Diverted to community service',
  return_with_advice: 'Returned with advice',
  request_info: 'More information requested',
  discuss_with_gp: 'Discussed with referring GP',
  provide_info: 'More information provided',
  book: 'Appointment booked',
  close: 'Closed',
  recategorise: 'Re-categorised',
  assign: 'Assigned',
  unassign: 'Released',
  prior_approval: 'Prior approval recorded',
  contact: 'Contact with patient',
  attach: 'Attachment added',
};

export const eventLabel = (action: string) => EVENT_LABELS[action] ?? sentenceCase(action.replaceAll('_', ' '));

export const ACTION_LABELS: Record<TriageAction, string> = {
  forward: 'Forward to provider',
  divert: 'Divert to community service',
  return_with_advice: 'Return with advice',
  request_info: 'Request more information',
  discuss_with_gp: 'Discuss with referring GP',
  provide_info: 'Provide more information',
  book: 'Record booking',
  close: 'Close',
};

const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Specialties (treatment function codes) a GP commonly refers to; pathways may add others.
 * Names as the NHS Data Dictionary gives them.
 */
export const COMMON_SPECIALTIES: readonly { code: string; name: string }[] = [
  { code: '100', name: 'General Surgery' },
  { code: '101', name: 'Urology' },
  { code: '103', name: 'Breast Surgery' },
  { code: '104', name: 'Colorectal Surgery' },
  { code: '107', name: 'Vascular Surgery' },
  { code: '110', name: 'Trauma and Orthopaedic' },
  { code: '120', name: 'Ear Nose and Throat' },
  { code: '130', name: 'Ophthalmology' },
  { code: '140', name: 'Oral Surgery' },
  { code: '160', name: 'Plastic Surgery' },
  { code: '191', name: 'Pain Management' },
  { code: '300', name: 'General Internal Medicine' },
  { code: '301', name: 'Gastroenterology' },
  { code: '302', name: 'Endocrinology' },
  { code: '320', name: 'Cardiology' },
  { code: '330', name: 'Dermatology' },
  { code: '340', name: 'Respiratory Medicine' },
  { code: '361', name: 'Renal Medicine' },
  { code: '400', name: 'Neurology' },
  { code: '410', name: 'Rheumatology' },
  { code: '420', name: 'Paediatric' },
  { code: '430', name: 'Elderly Medicine' },
  { code: '502', name: 'Gynaecology' },
  { code: '650', name: 'Physiotherapy' },
  { code: '654', name: 'Dietetics' },
  { code: '710', name: 'Adult Mental Health' },
  { code: '840', name: 'Audiology' },
];

/** The common specialties plus any others the pathways use, in code order. */
export function specialtyOptions(pathways: readonly { tfc: string; tfcName?: string }[] = []): { code: string; name: string }[] {
  const byCode = new Map(COMMON_SPECIALTIES.map((s) => [s.code, s.name]));
  for (const p of pathways) if (!byCode.has(p.tfc)) byCode.set(p.tfc, p.tfcName ?? `Treatment function ${p.tfc}`);
  return [...byCode.entries()].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
}

export const specialtyName = (code: string) => COMMON_SPECIALTIES.find((s) => s.code === code)?.name ?? code;

/** `9434765919` → `943 476 5919`, as NHS services show it. */
export function formatNhsNumber(digits: string): string {
  const d = digits.replace(/\s/g, '');
  return d.length === 10 ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : digits;
}
