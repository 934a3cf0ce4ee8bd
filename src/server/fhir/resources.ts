/**
 * The small part of FHIR R4 (4.0.1) this server reads and writes, as TypeScript types.
 * Incoming JSON is `unknown` until service-request.ts has read it; these types describe what we
 * produce. Element names and cardinalities follow http://hl7.org/fhir/R4.
 */

export const FHIR_VERSION = '4.0.1';
export const FHIR_JSON = 'application/fhir+json';

/** Identifier and code systems used by NHS England (and by this server where the NHS has none). */
export const SYSTEMS = {
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  odsCode: 'https://fhir.nhs.uk/Id/ods-organization-code',
  /** Treatment function codes (NHS Data Model and Dictionary), as NHS England names the system. */
  treatmentFunction: 'https://fhir.nhs.uk/CodeSystem/NHSDataModelAndDictionary-treatment-function',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  snomed: 'http://snomed.info/sct',
  read2: 'http://read.info/readv2',
  /** OPCS-4 procedure codes, for ServiceRequest.code when the procedure asked for is named */
  opcs4: 'https://fhir.nhs.uk/CodeSystem/NHSDataModelAndDictionary-OPCS-4',
} as const;

/**
 * Commissioning Hub's own naming: our referral reference, the practice's own referral id, our
 * detailed referral status, pathways and pathway answers. These are names, not addresses that must
 * resolve, and they stay the same however the server is reached (so never built from the request's
 * host). `.example` is reserved: swap in a domain the commissioner controls before the first live
 * exchange, since identifiers already sent keep their system.
 */
export const HUB = 'https://commissioning-hub.example/fhir';
export const HUB_SYSTEMS = {
  referralReference: `${HUB}/Id/referral-reference`,
  practiceReferralId: `${HUB}/Id/practice-referral-id`,
  referralStatus: `${HUB}/CodeSystem/referral-status`,
  pathway: `${HUB}/pathway`,
  statusExtension: `${HUB}/StructureDefinition/referral-status`,
  clinicalInfoExtension: `${HUB}/StructureDefinition/pathway-answers`,
} as const;

export interface Coding { system?: string; code?: string; display?: string }
export interface CodeableConcept { coding?: Coding[]; text?: string }
export interface Reference { reference?: string; identifier?: Identifier; display?: string }
export interface Identifier { use?: string; system?: string; value?: string; assigner?: Reference }
export interface Annotation { text: string; time?: string; authorString?: string }
export interface Meta { versionId?: string; lastUpdated?: string; profile?: string[] }
export interface Extension {
  url: string;
  extension?: Extension[];
  valueString?: string;
  valueCode?: string;
  valueBoolean?: boolean;
  valueDecimal?: number;
  valueInteger?: number;
  valueCoding?: Coding;
}

export interface Patient {
  resourceType: 'Patient';
  id: string;
  identifier: Identifier[];
  name: { use?: string; family: string; given: string[] }[];
  gender: 'male' | 'female' | 'other' | 'unknown';
  birthDate: string;
  address: { use?: string; postalCode: string }[];
}

export type RequestStatus = 'draft' | 'active' | 'on-hold' | 'revoked' | 'completed' | 'entered-in-error' | 'unknown';
export type RequestPriority = 'routine' | 'urgent' | 'asap' | 'stat';

export interface ServiceRequest {
  resourceType: 'ServiceRequest';
  id?: string;
  meta?: Meta;
  contained?: Patient[];
  extension?: Extension[];
  identifier?: Identifier[];
  instantiatesUri?: string[];
  status: RequestStatus;
  intent: 'order';
  priority?: RequestPriority;
  code?: CodeableConcept;
  subject: Reference;
  authoredOn?: string;
  requester?: Reference;
  performerType?: CodeableConcept;
  performer?: Reference[];
  reasonCode?: CodeableConcept[];
  note?: Annotation[];
}

export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';
/** http://hl7.org/fhir/R4/valueset-issue-type.html (the codes this server uses) */
export type IssueType = 'invalid' | 'structure' | 'required' | 'value' | 'code-invalid' | 'business-rule' | 'security' | 'login'
  | 'forbidden' | 'not-found' | 'not-supported' | 'conflict' | 'duplicate' | 'too-long' | 'throttled' | 'processing' | 'exception' | 'informational';

export interface OperationOutcomeIssue { severity: IssueSeverity; code: IssueType; diagnostics?: string; expression?: string[] }
export interface OperationOutcome { resourceType: 'OperationOutcome'; id?: string; meta?: Meta; issue: OperationOutcomeIssue[] }

export interface BundleEntry { fullUrl?: string; resource: ServiceRequest | OperationOutcome; search?: { mode: 'match' | 'include' | 'outcome' } }
export interface Bundle {
  resourceType: 'Bundle';
  id: string;
  meta: Meta;
  type: 'searchset';
  total?: number;
  link: { relation: string; url: string }[];
  entry?: BundleEntry[];
}
