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

/** weights.csv (FIN-1): relative cost per head by service line, sex and age band. */
export interface CapitationWeightTable {
  service_line: string;
  sex: 'M' | 'F';
  age_band: string;
  /** numeric(12,6), read as a number; select `weight::text` where exactness matters */
  weight: number;
  import_run_id: number | null;
}

// ── Allowances, DES payments and invoices, running costs (migration 0007) ─────────────────────

export type AllowanceKindColumn = 'per_practice_recurrent' | 'start_up' | 'percent_of_service_budget' | 'percent_of_allowance';
export type AllowanceConditionColumn = 'budget_held' | 'locality_participation' | 'plan_signed_off' | 'milestones_met';
export type DesInvoiceStatusColumn = 'submitted' | 'approved' | 'rejected' | 'paid';

export interface AllowanceSchemeTable {
  /** '' for the defaults; else a financial year such as 2025/26 */
  year: ColumnType<string, string | undefined, string>;
  code: string;
  name: string;
  kind: AllowanceKindColumn;
  amount_pence: number | null;
  late_joiner_amount_pence: number | null;
  /** month of the financial year, 1 = April */
  late_from_month: number | null;
  /** numeric(5,2), read as a number: 2 for 2% */
  percent: number | null;
  of_scheme: string | null;
  conditions: ColumnType<AllowanceConditionColumn[], AllowanceConditionColumn[] | undefined, AllowanceConditionColumn[]>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  sort_order: ColumnType<number, number | undefined, number>;
  updated_by: ColumnType<string, string | undefined, string>;
  updated_at: Timestamp;
}

export interface PracticeParticipationTable {
  practice_code: string;
  year: string;
  joined_on: string;
  left_on: string | null;
  updated_by: string;
  updated_at: Timestamp;
}

export interface AllowanceEvidenceTable {
  practice_code: string;
  year: string;
  condition: AllowanceConditionColumn;
  met: boolean;
  evidence: ColumnType<string, string | undefined, string>;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface DesPaymentTable {
  id: Generated<number>;
  practice_code: string;
  group_code: string;
  year: string;
  description: string;
  amount_pence: number;
  paid_on: string;
  direct_pence: number;
  held_pence: number;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface DesInvoiceTable {
  id: Generated<number>;
  group_code: string;
  practice_code: string | null;
  year: string;
  supplier: string;
  description: string;
  amount_pence: number;
  submitted_by: string;
  submitted_at: Timestamp;
  status: ColumnType<DesInvoiceStatusColumn, DesInvoiceStatusColumn | undefined, DesInvoiceStatusColumn>;
  decided_by: string | null;
  decided_at: Date | null;
  notes: ColumnType<string, string | undefined, string>;
  paid_by: string | null;
  paid_at: Date | null;
}

export interface RunningCostLineTable {
  id: Generated<number>;
  year: string;
  heading: string;
  line: string;
  budget_pence: number;
  spent_pence: ColumnType<number, number | undefined, number>;
  sort_order: ColumnType<number, number | undefined, number>;
  updated_by: string;
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
  allowance_scheme: AllowanceSchemeTable;
  practice_participation: PracticeParticipationTable;
  allowance_evidence: AllowanceEvidenceTable;
  des_payment: DesPaymentTable;
  des_invoice: DesInvoiceTable;
  running_cost_line: RunningCostLineTable;
  capitation_weight: CapitationWeightTable;
  budget_scope: BudgetScopeTable;
  budget_setting: BudgetSettingTable;
  practice_budget: PracticeBudgetTable;
  historic_spend: HistoricSpendTable;
  other_spend: OtherSpendTable;
  budget_variation: BudgetVariationTable;
  reinvestment_proposal: ReinvestmentProposalTable;
  plan_template: PlanTemplateTable;
  plan_template_section: PlanTemplateSectionTable;
  plan: PlanTable;
  plan_section: PlanSectionTable;
  plan_version: PlanVersionTable;
  plan_signatory_role: PlanSignatoryRoleTable;
  plan_signatory: PlanSignatoryTable;
  plan_signature: PlanSignatureTable;
  plan_incentive_trigger: PlanIncentiveTriggerTable;
  plan_responsibility: PlanResponsibilityTable;
  business_case: BusinessCaseTable;
  business_case_year: BusinessCaseYearTable;
  business_case_approval: BusinessCaseApprovalTable;
  milestone: MilestoneTable;
  project: ProjectTable;
  project_benefit: ProjectBenefitTable;
  benefit_update: BenefitUpdateTable;
  gov_body: GovBodyTable;
  gov_member: GovMemberTable;
  gov_meeting: GovMeetingTable;
  gov_function: GovFunctionTable;
  gov_delegation: GovDelegationTable;
  coi_declaration: CoiDeclarationTable;
  gov_decision: GovDecisionTable;
  gov_decision_subject: GovDecisionSubjectTable;
  gov_vote: GovVoteTable;
  insight_measure: InsightMeasureTable;
  practice_grouping: PracticeGroupingTable;
  practice_grouping_member: PracticeGroupingMemberTable;
  ae_audit: AeAuditTable;
  ae_audit_entry: AeAuditEntryTable;
  referral_feedback: ReferralFeedbackTable;
  feedback_pack_run: FeedbackPackRunTable;
  feedback_pack: FeedbackPackTable;
}

// Budgets (migrations/0006_budgets.sql)

export type BudgetServiceLine = 'elective' | 'non_elective' | 'outpatients' | 'ae' | 'prescribing' | 'community' | 'mental_health';
export type BudgetStatus = 'draft' | 'reviewed' | 'published' | 'superseded';
export type BudgetLevel = 'practice' | 'group';

export interface BudgetScopeTable {
  id: Generated<number>;
  service_line: BudgetServiceLine;
  label: string;
  /** treatment function codes devolved; null = every specialty of the line */
  tfcs: Json<string[]> | null;
  level: ColumnType<BudgetLevel, BudgetLevel | undefined, BudgetLevel>;
  devolved_from: string;
}

export interface BudgetSettingTable {
  id: Generated<number>;
  year: string;
  service_line: BudgetServiceLine;
  version: number;
  status: ColumnType<BudgetStatus, BudgetStatus | undefined, BudgetStatus>;
  commissioner_total_pence: number;
  pace_of_change: number;
  floor_percent: number;
  growth_pence: number;
  population_period: string | null;
  phasing: ColumnType<'even' | 'profile', 'even' | 'profile' | undefined, 'even' | 'profile'>;
  profile: Json<number[]> | null;
  top_slice_percent: ColumnType<number, number | undefined, number>;
  high_cost_threshold_pence: number | null;
  sharing_rule: ColumnType<'individual' | 'group' | 'group_with_pool', 'individual' | 'group' | 'group_with_pool' | undefined, 'individual' | 'group' | 'group_with_pool'>;
  reinvestment_rule: ColumnType<'one_pot' | 'split', 'one_pot' | 'split' | undefined, 'one_pot' | 'split'>;
  practice_share_percent: number | null;
  historic_year: string;
  historic_source: 'activity' | 'imported' | 'mixed';
  scope_tfcs: Json<string[]> | null;
  scope_level: ColumnType<BudgetLevel, BudgetLevel | undefined, BudgetLevel>;
  based_on_id: number | null;
  notes: DefaultText;
  created_by: string;
  created_at: Timestamp;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  published_by: string | null;
  published_at: Date | null;
  superseded_at: Date | null;
}

export interface PracticeBudgetTable {
  setting_id: number;
  practice_code: string;
  group_code: string;
  historic_pence: number;
  fair_share_pence: number;
  budget_pence: number;
  floor_applied: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface HistoricSpendTable {
  practice_code: string;
  year: string;
  service_line: BudgetServiceLine;
  amount_pence: number;
  source: 'imported' | 'activity';
  updated_by: string;
  updated_at: Timestamp;
}

export interface OtherSpendTable {
  practice_code: string;
  year: string;
  month: number;
  service_line: BudgetServiceLine;
  amount_pence: number;
  updated_by: string;
  updated_at: Timestamp;
}

export type BudgetVariationMethod = 'allocation' | 'transfer' | 'correction' | 'service_change' | 'other';

export interface BudgetVariationTable {
  id: Generated<number>;
  setting_id: number;
  practice_code: string;
  from_month: number;
  amount_pence: number;
  reason: string;
  method: BudgetVariationMethod;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface ReinvestmentProposalTable {
  id: Generated<number>;
  year: string;
  group_code: string;
  title: string;
  amount_pence: number;
  status: ColumnType<'proposed' | 'approved' | 'rejected', 'proposed' | 'approved' | 'rejected' | undefined, 'proposed' | 'approved' | 'rejected'>;
  proposed_by: string;
  proposed_at: Timestamp;
  decided_by: string | null;
  decided_at: Date | null;
  notes: DefaultText;
}

// Plans (migrations/0008_plans.sql)

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type PlanParty = 'consortium' | 'commissioner' | 'both';
export type PlanSectionKind = 'text' | 'practices' | 'governance' | 'responsibilities' | 'business_cases' | 'milestones' | 'signoff';
export type PlanStatus = 'draft' | 'in_sign_off' | 'signed';
export type PlanVersionStatus = 'in_sign_off' | 'signed' | 'withdrawn';
export type BusinessCaseStatus = 'idea' | 'proposed' | 'approved' | 'live' | 'rejected' | 'withdrawn';
export type MilestoneStatus = 'not_started' | 'in_progress' | 'delivered' | 'missed';

export interface PlanTemplateTable {
  id: Generated<number>;
  name: string;
  from_year: string;
  introduction: DefaultText;
  created_by: string;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
}

export interface PlanTemplateSectionTable {
  template_id: number;
  key: string;
  part: string;
  title: string;
  guidance: DefaultText;
  completed_by: PlanParty;
  kind: Defaulted<PlanSectionKind>;
  sort_order: number;
}

export interface PlanTable {
  id: Generated<number>;
  group_code: string;
  year: string;
  template_id: number;
  title: string;
  status: Defaulted<PlanStatus>;
  version: Defaulted<number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PlanSectionTable {
  plan_id: number;
  key: string;
  part: string;
  title: string;
  guidance: DefaultText;
  completed_by: PlanParty;
  kind: PlanSectionKind;
  sort_order: number;
  body: DefaultText;
  revision: Defaulted<number>;
  updated_by: string | null;
  updated_at: Date | null;
}

export interface PlanVersionTable {
  plan_id: number;
  version: number;
  snapshot: Json<unknown>;
  figures: Json<unknown>;
  status: Defaulted<PlanVersionStatus>;
  sent_by: string;
  sent_at: Timestamp;
  signed_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_at: Date | null;
  withdrawn_reason: string | null;
}

export interface PlanSignatoryRoleTable { code: string; label: string; party: 'consortium' | 'commissioner' | 'joint'; sort_order: number }

export interface PlanSignatoryTable { group_code: string; role_code: string; user_id: number; assigned_by: string; assigned_at: Timestamp }

export interface PlanSignatureTable { plan_id: number; version: number; role_code: string; user_id: number; signed_name: string; signed_at: Timestamp }

export interface PlanIncentiveTriggerTable { plan_id: number; version: number; practices: number; fired_by: string; fired_at: Timestamp }

export interface PlanResponsibilityTable {
  id: Generated<number>;
  plan_id: number;
  party: 'commissioner' | 'consortium' | 'practices';
  text: string;
  sort_order: Defaulted<number>;
}

export interface BusinessCaseTable {
  id: Generated<number>;
  plan_id: number;
  title: string;
  outline: DefaultText;
  benefit_to_patients: DefaultText;
  patients_min: number | null;
  patients_max: number | null;
  patients_note: DefaultText;
  evidence_of_effectiveness: DefaultText;
  patient_support: DefaultText;
  stakeholder_support: DefaultText;
  costs: DefaultText;
  upfront_investment_pence: Defaulted<number>;
  freed_resources: DefaultText;
  freed_resources_timescale: DefaultText;
  links_to_priorities: DefaultText;
  risks: DefaultText;
  status: Defaulted<BusinessCaseStatus>;
  sort_order: Defaulted<number>;
  revision: Defaulted<number>;
  created_by: string;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
}

export interface BusinessCaseYearTable { business_case_id: number; year_index: number; cost_pence: Defaulted<number>; released_pence: Defaulted<number> }

export interface BusinessCaseApprovalTable { business_case_id: number; party: 'consortium' | 'commissioner'; user_id: number; note: DefaultText; approved_at: Timestamp }

export interface MilestoneTable {
  id: Generated<number>;
  plan_id: number;
  business_case_id: number | null;
  /** ISO date */
  due_on: string;
  deliverable: string;
  owner: DefaultText;
  triggers_payment: Defaulted<boolean>;
  status: Defaulted<MilestoneStatus>;
  evidence: DefaultText;
  sort_order: Defaulted<number>;
  updated_by: string;
  updated_at: Timestamp;
}

export interface ProjectTable {
  id: Generated<number>;
  group_code: string;
  name: string;
  description: DefaultText;
  lead: DefaultText;
  status: Defaulted<'proposed' | 'active' | 'completed' | 'closed'>;
  business_case_id: number | null;
  started_on: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface ProjectBenefitTable {
  id: Generated<number>;
  project_id: number;
  horizon: 'short' | 'medium' | 'long';
  description: string;
  measure: DefaultText;
  baseline: DefaultText;
  target: DefaultText;
  due_on: string | null;
  status: Defaulted<'expected' | 'on_track' | 'at_risk' | 'realised' | 'not_realised'>;
  sort_order: Defaulted<number>;
}

export interface BenefitUpdateTable {
  id: Generated<number>;
  benefit_id: number;
  recorded_on: string;
  value: string;
  note: DefaultText;
  recorded_by: string;
  recorded_at: Timestamp;
}

// Governance (migrations/0009_governance.sql)

export type GovBodyKind = 'council' | 'board' | 'medical_directors' | 'executive' | 'directors' | 'leads' | 'commissioner_support' | 'other';
export type DelegationCategory = 'A' | 'B' | 'C';
export type InterestSubjectKind = 'provider' | 'practice' | 'business_case' | 'project' | 'topic';

export interface GovBodyTable {
  id: Generated<number>;
  group_code: string;
  kind: GovBodyKind;
  name: string;
  cadence: DefaultText;
  terms_of_reference: DefaultText;
  created_by: string;
  created_at: Timestamp;
}

export interface GovMemberTable {
  id: Generated<number>;
  body_id: number;
  person_name: string;
  user_id: number | null;
  practice_code: string | null;
  role: Defaulted<string>;
  discipline: DefaultText;
  sessions_per_week: number | null;
  term_start: string | null;
  term_end: string | null;
}

export interface GovMeetingTable {
  id: Generated<number>;
  body_id: number;
  held_on: string;
  title: string;
  location: DefaultText;
  status: Defaulted<'planned' | 'held' | 'cancelled'>;
  notes: DefaultText;
  created_by: string;
  created_at: Timestamp;
}

export interface GovFunctionTable { code: string; name: string; description: DefaultText; sort_order: number }

export interface GovDelegationTable { group_code: string; function_code: string; category: DelegationCategory; body_id: number | null; set_by: string; set_at: Timestamp }

export interface CoiDeclarationTable {
  id: Generated<number>;
  group_code: string;
  member_id: number | null;
  user_id: number | null;
  person_name: string;
  kind: 'financial' | 'non_financial_professional' | 'non_financial_personal' | 'indirect';
  interest: string;
  subject_kind: InterestSubjectKind;
  subject_ref: string;
  declared_on: string;
  ends_on: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface GovDecisionTable {
  id: Generated<number>;
  body_id: number;
  meeting_id: number | null;
  decided_on: string;
  title: string;
  text: DefaultText;
  outcome: Defaulted<'approved' | 'rejected' | 'deferred' | 'noted'>;
  papers: DefaultText;
  function_code: string | null;
  plan_id: number | null;
  business_case_id: number | null;
  budget_year: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface GovDecisionSubjectTable { decision_id: number; subject_kind: InterestSubjectKind; subject_ref: string }

export interface GovVoteTable {
  decision_id: number;
  member_id: number;
  vote: 'for' | 'against' | 'abstain' | 'recused';
  reason: DefaultText;
  recorded_by: string;
  recorded_at: Timestamp;
}

// Insight (migrations/0012_insight.sql)

export interface InsightMeasureTable {
  code: string;
  version: number;
  name: string;
  /** migrations/0014_insight_measures.sql: the definition's own JSON (EventSelection, Denominator of src/domain/insight/measures.ts) */
  numerator: Json<{ events: string; filters?: { specialties?: string[]; pointsOfDelivery?: string[] } }>;
  denominator: Json<{ kind: 'registered_patients' | 'weighted_patients'; per: number } | { kind: 'events'; events: string; filters?: { specialties?: string[]; pointsOfDelivery?: string[] } }>;
  standardisation: Defaulted<'none' | 'indirect_age_sex'>;
  direction: 'lower is better' | 'higher is better' | 'no judgement';
  rationale: DefaultText;
  valid_from: string;
  created_by: string;
  created_at: Timestamp;
}

export interface PracticeGroupingTable {
  id: Generated<number>;
  name: string;
  kind: Defaulted<'locality' | 'federation' | 'network' | 'caseload' | 'custom'>;
  owner_user_id: number | null;
  shared: Defaulted<boolean>;
  created_by: string;
  created_at: Timestamp;
}

export interface PracticeGroupingMemberTable { grouping_id: number; practice_code: string }

export interface AeAuditTable {
  id: Generated<number>;
  practice_code: string;
  title: string;
  period_start: string;
  period_end: string;
  status: Defaulted<'open' | 'completed'>;
  created_by: string;
  created_at: Timestamp;
  /** migrations/0013_ae_audit.sql */
  completed_by: ColumnType<string | null, string | null | undefined, string | null>;
  completed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface AeAuditEntryTable {
  id: Generated<number>;
  audit_id: number;
  patient_pseudo: string;
  age_band: string;
  sex: 'M' | 'F';
  attended_at: Timestamp;
  in_hours: boolean;
  reason: string;
  primary_care_could_see: 'yes' | 'no' | 'unsure';
  outcome: 'discharged' | 'admitted' | 'referred' | 'left' | 'other';
  notes: DefaultText;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface ReferralFeedbackTable {
  referral_id: string;
  practice_code: string;
  helpful: 'yes' | 'partly' | 'no';
  comment: DefaultText;
  given_by: string;
  given_at: Timestamp;
}

export interface FeedbackPackRunTable {
  id: Generated<number>;
  month: string;
  status: Defaulted<'running' | 'finished' | 'failed' | 'cancelled'>;
  practices: Defaulted<number>;
  done: Defaulted<number>;
  error: string | null;
  started_by: string;
  started_at: Timestamp;
  finished_at: Date | null;
}

export interface FeedbackPackTable { run_id: number; practice_code: string; pdf: Buffer; created_at: Timestamp }
