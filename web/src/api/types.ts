/** The shapes the server’s JSON API returns (see the route files under src/server, and /api/docs). */

export type Role = 'admin' | 'commissioner' | 'finance' | 'reviewer' | 'booking' | 'board' | 'practice';

export type Permission = 'org.read' | 'org.import' | 'users.manage' | 'tokens.create' | 'audit.read' | 'patient.view';

export interface Me {
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  practiceCode: string | null;
  practiceName: string | null;
  permissions: string[];
  csrfToken: string | null;
}

export interface ErrorDetail {
  field?: string;
  row?: number;
  column?: string;
  value?: string;
  message: string;
}

export interface ErrorBody {
  error: string;
  message: string;
  details: ErrorDetail[];
}

export interface Group {
  code: string;
  name: string;
  kind: string;
  commissionerCode: string;
  commissionerName: string;
  practices: number;
  listSize: number;
}

export interface Practice {
  code: string;
  name: string;
  postcode: string;
  commissionerCode: string;
  groupCode: string;
  groupName: string;
  listSize: number;
  /** ISO date of the latest registered-population extract, or null when there is none. */
  listSizePeriod: string | null;
}

export interface Provider {
  code: string;
  name: string;
  kind: string;
  mff: number;
}

export interface PyramidBand {
  ageBand: string;
  male: number;
  female: number;
}

export interface Pyramid {
  period: string | null;
  periods: string[];
  /** Youngest band first. */
  bands: PyramidBand[];
}

export interface ApiToken {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedToken {
  id: number;
  name: string;
  token: string;
}

export type ImportKind = 'practices' | 'providers' | 'population' | 'tariff' | 'activity' | 'weights' | 'spend';

export interface ImportReport {
  id: number;
  kind: ImportKind;
  fileName: string;
  status: 'succeeded' | 'failed';
  /** One sentence saying what happened. */
  message?: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: ErrorDetail[];
  /** Total errors found (errors[] may be capped). */
  errorCount: number;
  /** rows set aside with quarantine on (activity only) */
  quarantined: number;
  warnings: string[];
  /** activity: lines, unpriced, outOfArea, costPence, priceDifferences, challenges */
  summary: Record<string, number>;
}

/** POST /api/referrals/imports: what became of a referrals.csv (also carried by a 422 `import_failed`). */
export interface ReferralImportReport {
  id: string;
  kind: 'referrals';
  fileName: string;
  status: 'succeeded' | 'failed';
  message: string;
  rowsRead: number;
  /** new referrals */
  inserted: number;
  /** rows whose external_id was already sent: the existing referral stands */
  unchanged: number;
  errors: ErrorDetail[];
  errorCount: number;
  warnings: string[];
}

/** One row of GET /api/imports. Fields beyond ImportReport's are read defensively. */
export interface ImportRun {
  id: number;
  kind: string;
  fileName: string;
  status: 'succeeded' | 'failed';
  rowsRead?: number;
  inserted?: number;
  updated?: number;
  unchanged?: number;
  errorCount?: number;
  startedAt?: string;
  finishedAt?: string;
  actor?: string;
}

// ── Referral gateway (src/server/referrals) ──────────────────────────────────────────────────

export type Priority = 'routine' | 'urgent' | '2ww';
export type PatientSex = 'male' | 'female' | 'other' | 'unknown';
export type CodeSystem = 'icd10' | 'snomed' | 'read2';
export type ReferralStatus = 'received' | 'awaiting_triage' | 'forwarded' | 'diverted' | 'returned_with_advice'
  | 'info_requested' | 'discussed_with_gp' | 'booked' | 'closed';
export type TriageAction = 'forward' | 'divert' | 'return_with_advice' | 'request_info' | 'discuss_with_gp' | 'provide_info' | 'book' | 'close';
export type ContactMethod = 'phone' | 'letter' | 'email' | 'text' | 'in_person';

/** POST /api/referrals. */
export interface ReferralInput {
  externalId?: string | null;
  practiceCode: string;
  clinician: string;
  patient: { nhsNumber: string; familyName: string; givenName: string; birthDate: string; sex: PatientSex; postcode: string };
  tfc: string;
  reason: { system: CodeSystem; code: string; display?: string | null };
  priority: Priority;
  chosenProviders: string[];
  pathwayCode?: string | null;
  clinicalInfo?: Record<string, string | number | boolean>;
  procedureCode?: string | null;
  referralDate: string;
}

export interface CriterionResult { id: string; label: string; met: boolean; detail: string }

export interface ReferralEvent {
  at: string;
  actor: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

export interface BookingContact { at: string; actor: string; method: string; outcome: string; note: string }

export interface Attachment { id: string; fileName: string; contentType: string; sizeBytes: number; uploadedAt: string }

/** GET /api/referrals/:id (and every change to a referral answers with it). */
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
  priority: Priority;
  pathwayCode: string | null;
  pathwayName: string | null;
  pathwayCheck: CriterionResult[];
  clinicalInfo: Record<string, string | number | boolean>;
  procedureCode: string | null;
  needsPriorApproval: boolean;
  priorApproval: { reference: string; by: string; at: string } | null;
  referralDate: string;
  status: ReferralStatus;
  statusLabel: string;
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
  events: ReferralEvent[];
  contacts: BookingContact[];
  attachments: Attachment[];
}

export interface Decision {
  action: TriageAction;
  version: number;
  reason: string;
  providerCode?: string;
  serviceCode?: string;
  advice?: string;
  bookedDate?: string;
  bookedProvider?: string;
}

export type WorklistName = 'awaiting_triage' | 'overdue' | 'mine' | 'info_requested' | 'to_book';

/** One row of GET /api/worklists/:list. */
export interface WorklistRow {
  id: string;
  reference: string;
  receivedAt: string;
  ageWorkingDays: number;
  triageDue: string | null;
  overdue: boolean;
  priority: Priority;
  tfc: string;
  tfcName: string;
  patientName: string;
  nhsNumber: string;
  practiceCode: string;
  practiceName: string;
  status: ReferralStatus;
  statusLabel: string;
  assignedTo: string | null;
  pathwayMissed?: number;
  bookingStatus: string | null;
}

export interface WorklistPage { list?: string; label?: string; rows: WorklistRow[]; total: number; limit?: number; offset?: number }

export type PathwayCriterionKind = 'required_field' | 'required_test' | 'threshold' | 'excluded_diagnosis';
export type QuestionType = 'number' | 'text' | 'yes-no' | 'date';
export type ThresholdOperator = '>=' | '<=' | '>' | '<';

/** A pathway criterion as stored (src/domain/referrals/pathway.ts). */
export interface PathwayCriterion {
  id: string;
  kind: PathwayCriterionKind;
  label: string;
  field?: string;
  test?: string;
  operator?: ThresholdOperator;
  value?: number;
  codes?: string[];
  input?: QuestionType;
  hint?: string;
  unit?: string;
}

/** One input the referral form asks for a pathway (the server derives them from the criteria). */
export interface PathwayQuestion { key: string; label: string; type: QuestionType; hint?: string; unit?: string; criteria?: string[] }

export interface Pathway {
  code: string;
  name: string;
  tfc: string;
  tfcName?: string;
  description: string;
  criteria: PathwayCriterion[];
  questions?: PathwayQuestion[];
  active?: boolean;
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

export interface CommunityService { code: string; name: string; tfc: string | null; tfcName?: string | null; providerCode: string | null; description: string }

export interface PriorApprovalProcedure { code: string; name: string; tfc: string | null; tfcName?: string | null; criteria: string }

export interface AppNotification { id: number | string; referralId: string | null; reference?: string | null; at: string; message: string; read: boolean }
