/** Kysely table types: one interface per table, matching migrations/*.sql. */
import type { ColumnType, Generated } from 'kysely';
import type { Role } from '../domain/access/roles.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface CommissionerTable { code: string; name: string }

export interface OrgGroupTable {
  code: string;
  name: string;
  kind: 'locality' | 'consortium' | 'federation' | 'network';
  commissioner_code: string;
}

export interface PracticeTable {
  code: string;
  name: string;
  postcode: string;
  group_code: string;
  commissioner_code: string;
  updated_at: Timestamp;
  /** sends its referrals through the gateway from this date (ISO), or null */
  gateway_from: ColumnType<string | null, string | null | undefined, string | null>;
}

export type ProviderKind = 'acute' | 'community' | 'mental_health' | 'independent' | 'primary_care';

export interface ProviderTable {
  code: string;
  name: string;
  kind: ProviderKind;
  /** numeric(8,4), read as a number (see db parsers). */
  mff: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface PopulationTable {
  practice_code: string;
  /** ISO date string (dates are parsed as text, never as local-time Date objects). */
  period: string;
  sex: 'M' | 'F';
  age_band: string;
  patients: number;
}

export interface ImportRunTable {
  id: Generated<number>;
  kind: string;
  file_name: string;
  status: 'succeeded' | 'failed';
  rows_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  error_count: number;
  errors: ColumnType<unknown, string, string>;
  warnings: ColumnType<unknown, string, string>;
  summary: ColumnType<Record<string, number>, string | undefined, string>;
  quarantined: ColumnType<number, number | undefined, number>;
  started_at: Timestamp;
  finished_at: Timestamp;
  actor: string;
}


export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: Role;
  practice_code: string | null;
  password_hash: string;
  is_demo: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface UserSessionTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: ColumnType<Date, Date, never>;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  outcome: 'ok' | 'denied' | 'failed';
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

type Json<T> = ColumnType<T, string, string>;
/** A text column with a database default. */
type DefaultText = ColumnType<string, string | undefined, string>;

export interface InstallationSecretTable { name: string; secret: string; created_at: Timestamp }

export interface CommunityServiceTable { code: string; name: string; tfc: string | null; provider_code: string | null; description: DefaultText }

export interface PathwayTable {
  code: string;
  name: string;
  tfc: string;
  description: DefaultText;
  criteria: Json<unknown[]>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  version: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
  updated_by: string;
}

export interface PriorApprovalProcedureTable { code: string; name: string; tfc: string | null; criteria: DefaultText }
export interface ClinicalCodeTable { system: string; code: string; display: string }
export interface CodeMapTable { source_system: string; source_code: string; target_system: string; target_code: string }

export interface ReferralTable {
  id: Generated<string>;
  reference: string;
  source: 'web' | 'fhir' | 'bulk' | 'demo';
  practice_code: string;
  external_id: string | null;
  idempotency_key: string | null;
  clinician: string;
  nhs_number: string;
  patient_pseudo: string;
  family_name: string;
  given_name: string;
  birth_date: string;
  sex: 'male' | 'female' | 'other' | 'unknown';
  postcode: string;
  tfc: string;
  reason_system: 'icd10' | 'snomed' | 'read2';
  reason_code: string;
  reason_display: string | null;
  original_tfc: string | null;
  original_reason_system: string | null;
  original_reason_code: string | null;
  priority: 'routine' | 'urgent' | '2ww';
  pathway_code: string | null;
  clinical_info: Json<Record<string, string | number | boolean>>;
  pathway_check: Json<unknown[]>;
  procedure_code: string | null;
  referral_date: string;
  status: string;
  assigned_to: string | null;
  triage_due: string | null;
  diverted_to: string | null;
  forwarded_to: string | null;
  advice: string | null;
  booking_status: 'to_book' | 'patient_will_book' | 'booked' | null;
  booked_date: string | null;
  booked_provider: string | null;
  prior_approval_ref: string | null;
  prior_approved_by: string | null;
  prior_approved_at: Date | null;
  version: ColumnType<number, number | undefined, number>;
  received_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReferralChoiceTable { referral_id: string; rank: number; provider_code: string }

export interface ReferralEventTable {
  id: Generated<number>;
  referral_id: string;
  at: Timestamp;
  actor: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  details: Json<Record<string, unknown>>;
}

export interface ReferralAttachmentTable {
  id: Generated<string>;
  referral_id: string;
  file_name: string;
  content_type: 'application/pdf' | 'image/png' | 'image/jpeg';
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface BookingContactTable {
  id: Generated<number>;
  referral_id: string;
  at: Timestamp;
  actor: string;
  method: 'phone' | 'letter' | 'email' | 'text' | 'in_person';
  outcome: string;
  note: string;
}

export interface NotificationTable {
  id: Generated<number>;
  practice_code: string;
  referral_id: string | null;
  at: Timestamp;
  message: string;
  read_at: Date | null;
}

export type Pod = 'OPFA' | 'OPFU' | 'OPPROC' | 'DC' | 'EL' | 'NEL' | 'AE';

export interface TariffTable {
  year: string;
  pod: Pod;
  tfc: ColumnType<string, string | undefined, string>;
  hrg: ColumnType<string, string | undefined, string>;
  price_pence: number;
  import_run_id: number | null;
}

export interface ActivityTable {
  provider_code: string;
  activity_id: string;
  practice_code: string;
  in_area: boolean;
  patient_pseudo: string;
  pod: Pod;
  tfc: string | null;
  hrg: string | null;
  activity_date: string;
  discharge_date: string | null;
  year: string;
  month: number;
  primary_diagnosis: string | null;
  primary_procedure: string | null;
  referral_source: 'GP' | 'C2C' | 'AE' | 'SELF' | 'OTHER' | null;
  referral_id: string | null;
  provider_price_pence: number | null;
  tariff_price_pence: number | null;
  tariff_basis: string | null;
  import_run_id: number;
}

export interface ActivityQuarantineTable {
  id: Generated<number>;
  import_run_id: number;
  row_number: number;
  cells: Json<Record<string, string>>;
  errors: Json<unknown[]>;
}

export interface ContractTable {
  id: Generated<number>;
  provider_code: string;
  year: string;
  reference: string;
  phasing: ColumnType<'even' | 'profile', 'even' | 'profile' | undefined, 'even' | 'profile'>;
  profile: Json<number[]> | null;
  c2c_allowed: ColumnType<boolean, boolean | undefined, boolean>;
  updated_by: string;
  updated_at: Timestamp;
}

export interface ContractLineTable {
  contract_id: number;
  pod: Pod;
  tfc: ColumnType<string, string | undefined, string>;
  planned_volume: number;
  planned_value_pence: number;
}

export interface ContractFollowUpCapTable {
  contract_id: number;
  tfc: ColumnType<string, string | undefined, string>;
  max_ratio: number;
}

export interface ContractKpiTable {
  id: Generated<number>;
  contract_id: number;
  name: string;
  direction: '>=' | '<=';
  threshold: number;
  actual: number | null;
  period: string | null;
}

export interface ContractVariationTable {
  id: Generated<number>;
  contract_id: number;
  effective_from: string;
  reason: string;
  value_change_pence: ColumnType<number, number | undefined, number>;
  recorded_by: string;
  recorded_at: Timestamp;
}

export type ChallengeRule = 'exact_duplicate' | 'same_day_repeat' | 'follow_up_ratio' | 'c2c_first' | 'no_gateway_referral' | 'prior_approval' | 'readmission_30d';
export type ChallengeStatus = 'open' | 'accepted' | 'withdrawn' | 'agreed';

export interface ChallengeTable {
  id: Generated<number>;
  rule: ChallengeRule;
  provider_code: string;
  year: string;
  month: number;
  activity_id: ColumnType<string, string | undefined, string>;
  practice_code: string | null;
  tfc: ColumnType<string, string | undefined, string>;
  value_pence: number;
  detail: Json<Record<string, unknown>>;
  status: ColumnType<ChallengeStatus, ChallengeStatus | undefined, ChallengeStatus>;
  notes: ColumnType<string, string | undefined, string>;
  updated_by: string | null;
  updated_at: Date | null;
}

export interface ActivityMonthSummaryTable {
  year: string;
  month: number;
  provider_code: string;
  practice_code: string;
  in_area: boolean;
  pod: Pod;
  tfc: string;
  priced: boolean;
  lines: number;
  cost_pence: number;
  provider_charged_pence: number;
}

export interface PatientIdentityTable {
  patient_pseudo: string;
  practice_code: string;
  nhs_number_sealed: string;
  updated_at: Timestamp;
}

export interface Schema {
  commissioner: CommissionerTable;
  org_group: OrgGroupTable;
  practice: PracticeTable;
  provider: ProviderTable;
  population: PopulationTable;
  import_run: ImportRunTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  audit_log: AuditLogTable;
  installation_secret: InstallationSecretTable;
  community_service: CommunityServiceTable;
  pathway: PathwayTable;
  prior_approval_procedure: PriorApprovalProcedureTable;
  clinical_code: ClinicalCodeTable;
  code_map: CodeMapTable;
  referral: ReferralTable;
  referral_choice: ReferralChoiceTable;
  referral_event: ReferralEventTable;
  referral_attachment: ReferralAttachmentTable;
  booking_contact: BookingContactTable;
  notification: NotificationTable;
  tariff: TariffTable;
  activity: ActivityTable;
  activity_quarantine: ActivityQuarantineTable;
  contract: ContractTable;
  contract_line: ContractLineTable;
  contract_follow_up_cap: ContractFollowUpCapTable;
  contract_kpi: ContractKpiTable;
  contract_variation: ContractVariationTable;
  challenge: ChallengeTable;
  patient_identity: PatientIdentityTable;
  activity_month_summary: ActivityMonthSummaryTable;
}
