/**
 * FHIR R4 ServiceRequest ⇄ referral, both ways, with no I/O.
 *
 * What a practice sends (REF-1); every element named here is read, anything else is ignored:
 *
 *   resourceType  "ServiceRequest"; status "active"; intent "order"
 *   contained[]   a Patient: identifier (system https://fhir.nhs.uk/Id/nhs-number), name (the
 *                 "official" one, else the first: family, given[] joined by spaces), gender
 *                 (male | female | other | unknown), birthDate, address[].postalCode (the "home"
 *                 address, else the first with a postcode)
 *   subject       { reference: "#<id of the contained Patient>" }
 *   requester     { identifier: { system: https://fhir.nhs.uk/Id/ods-organization-code, value: practice ODS code },
 *                   display: the referring clinician's name }
 *   performer[]   the chosen providers, first choice first, each by the same ODS identifier system
 *   performerType the specialty as a 3-digit treatment function code: the coding with system
 *                 SYSTEMS.treatmentFunction, else the first coding whose code is 3 digits (any system)
 *   reasonCode[0] the clinical reason: its first coding in ICD-10 (http://hl7.org/fhir/sid/icd-10),
 *                 SNOMED CT (http://snomed.info/sct) or Read v2 (http://read.info/readv2)
 *   priority      routine | urgent | asap (asap = two-week wait, "2ww")
 *   identifier[]  the practice's own id for the referral: the first identifier that is not our
 *                 reference (HUB_SYSTEMS.referralReference); a repeat with the same id is the same referral
 *   authoredOn    the referral date: a date, or a dateTime whose date part is taken
 *   optional:     instantiatesUri "<HUB_SYSTEMS.pathway>/<pathway code>"; code.coding[0].code, the
 *                 procedure asked for (OPCS-4 or SNOMED CT); extension HUB_SYSTEMS.clinicalInfoExtension
 *                 with one nested extension per pathway answer (url = the answer's name,
 *                 valueString | valueBoolean | valueInteger | valueDecimal)
 *
 * A missing or mis-shaped element is reported here, in FHIR terms; values that are present are
 * left to the referral checks (checkReferral), whose field paths `expressionFor` turns back into
 * FHIRPath for the OperationOutcome.
 *
 * What we send back (GET, search, create) has the same shape plus id, meta, our reference as a
 * second identifier, our detailed status as an extension, and the reviewer's advice and outcome as
 * notes. Status map (our status → ServiceRequest.status):
 *
 *   received, awaiting_triage, discussed_with_gp, forwarded, diverted, booked → active
 *   info_requested                                                           → on-hold (waiting for the practice)
 *   returned_with_advice                                                     → revoked (not sent on; see the advice note)
 *   closed                                                                   → completed
 */
import { treatmentFunctionName } from '../../domain/codes/treatment-functions.js';
import { isSnomedId, type CodeSystem } from '../../domain/codes/clinical-codes.js';
import type { PatientSex, Priority, ReferralInput } from '../../domain/referrals/referral.js';
import { STATUSES, STATUS_LABELS, type Status } from '../../domain/referrals/triage.js';
import type { ReferralView } from '../referrals/view.js';
import {
  HUB_SYSTEMS, SYSTEMS,
  type Annotation, type Coding, type Extension, type Identifier, type IssueType, type Patient, type RequestPriority, type RequestStatus, type ServiceRequest,
} from './resources.js';

export interface FhirIssue { expression: string; message: string; code?: IssueType }

export interface ReadServiceRequest {
  input: ReferralInput;
  /** A ReferralInput field path (`patient.nhsNumber`, `chosenProviders.1`) → where it is in the resource that was sent. */
  expressionFor(field: string): string;
}

// ---- statuses and priorities ------------------------------------------------------------------

const FHIR_STATUS: Record<Status, RequestStatus> = {
  received: 'active', awaiting_triage: 'active', discussed_with_gp: 'active', forwarded: 'active', diverted: 'active', booked: 'active',
  info_requested: 'on-hold', returned_with_advice: 'revoked', closed: 'completed',
};
export const fhirStatus = (status: Status): RequestStatus => FHIR_STATUS[status] ?? 'unknown';

/** Our statuses that a FHIR status (or one of ours, given directly) stands for; undefined when it is neither. */
export function statusesFor(code: string): Status[] | undefined {
  if ((STATUSES as readonly string[]).includes(code)) return [code as Status];
  const ours = STATUSES.filter((s) => FHIR_STATUS[s] === code);
  if (ours.length) return ours;
  return ['draft', 'entered-in-error', 'unknown'].includes(code) ? [] : undefined;
}

const TO_FHIR_PRIORITY: Record<Priority, RequestPriority> = { routine: 'routine', urgent: 'urgent', '2ww': 'asap' };
const FROM_FHIR_PRIORITY: Record<string, Priority> = { routine: 'routine', urgent: 'urgent', asap: '2ww' };

const REASON_SYSTEMS: Record<string, CodeSystem> = { [SYSTEMS.icd10]: 'icd10', [SYSTEMS.snomed]: 'snomed', [SYSTEMS.read2]: 'read2' };
const REASON_URIS: Record<CodeSystem, string> = { icd10: SYSTEMS.icd10, snomed: SYSTEMS.snomed, read2: SYSTEMS.read2 };

// ---- reading ----------------------------------------------------------------------------------

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);
const SR = 'ServiceRequest';

/** The ODS code of a Reference that identifies an organisation by ODS code, else undefined. */
function odsCode(ref: unknown): string | undefined {
  if (!isObject(ref) || !isObject(ref.identifier)) return undefined;
  if (ref.identifier.system !== SYSTEMS.odsCode) return undefined;
  const value = text(ref.identifier.value)?.trim();
  return value ? value.toUpperCase() : undefined;
}

export function fromServiceRequest(resource: unknown): ReadServiceRequest | { issues: FhirIssue[] } {
  if (!isObject(resource) || resource.resourceType !== 'ServiceRequest') {
    const got = isObject(resource) && typeof resource.resourceType === 'string' ? `a ${resource.resourceType}` : 'something else';
    return { issues: [{ expression: SR, code: 'structure', message: `Expected a ServiceRequest resource but got ${got}.` }] };
  }
  const r = resource;
  const issues: FhirIssue[] = [];
  const required = (expression: string, message: string) => issues.push({ expression, code: 'required', message });
  const wrong = (expression: string, message: string, code: IssueType = 'value') => issues.push({ expression, code, message });
  const where: Record<string, string> = {};

  if (r.status === undefined) required(`${SR}.status`, 'status is required: a new referral is "active".');
  else if (r.status !== 'active') wrong(`${SR}.status`, `status must be "active" for a new referral, not "${String(r.status)}".`);
  if (r.intent === undefined) required(`${SR}.intent`, 'intent is required: a referral is an "order".');
  else if (r.intent !== 'order') wrong(`${SR}.intent`, `intent must be "order", not "${String(r.intent)}".`);

  // The patient: a contained Patient that subject points at.
  const patient = { nhsNumber: '', familyName: '', givenName: '', birthDate: '', sex: '' as PatientSex, postcode: '' };
  const subject = isObject(r.subject) ? text(r.subject.reference) : undefined;
  const contained = list(r.contained) ?? [];
  const patientIndex = subject?.startsWith('#')
    ? contained.findIndex((c) => isObject(c) && c.resourceType === 'Patient' && c.id === subject.slice(1))
    : -1;
  if (!isObject(r.subject)) required(`${SR}.subject`, 'subject is required: a reference to the contained Patient, like {"reference": "#patient"}.');
  else if (!subject?.startsWith('#')) wrong(`${SR}.subject.reference`, 'subject must reference the Patient contained in this ServiceRequest, like "#patient".');
  else if (patientIndex < 0) wrong(`${SR}.subject.reference`, `No contained Patient has the id "${subject.slice(1)}" that subject refers to.`);
  if (patientIndex >= 0) {
    const p = contained[patientIndex] as Json;
    const at = `${SR}.contained[${patientIndex}]`;
    const identifiers = list(p.identifier) ?? [];
    const i = identifiers.findIndex((id) => isObject(id) && id.system === SYSTEMS.nhsNumber);
    if (i < 0) required(`${at}.identifier`, `The patient's NHS number is required: an identifier with system ${SYSTEMS.nhsNumber}.`);
    else {
      where['patient.nhsNumber'] = `${at}.identifier[${i}].value`;
      const value = text((identifiers[i] as Json).value);
      if (value === undefined) required(where['patient.nhsNumber'], 'The NHS number identifier has no value.');
      else patient.nhsNumber = value;
    }

    const names = list(p.name) ?? [];
    const official = names.findIndex((n) => isObject(n) && n.use === 'official');
    const n = official >= 0 ? official : 0;
    const name = names[n];
    if (!isObject(name)) required(`${at}.name`, 'The patient\'s name is required: name[0].family and name[0].given.');
    else {
      where['patient.familyName'] = `${at}.name[${n}].family`;
      where['patient.givenName'] = `${at}.name[${n}].given`;
      if (name.family === undefined) required(where['patient.familyName'], 'The patient\'s family name is required.');
      else if (typeof name.family !== 'string') wrong(where['patient.familyName'], 'family must be a string.', 'structure');
      else patient.familyName = name.family;
      const given = list(name.given);
      if (name.given === undefined) required(where['patient.givenName'], 'The patient\'s given name is required.');
      else if (!given || !given.every((g) => typeof g === 'string')) wrong(where['patient.givenName'], 'given must be a list of names, like ["Jane"].', 'structure');
      else patient.givenName = given.join(' ');
    }

    where['patient.sex'] = `${at}.gender`;
    if (p.gender === undefined) required(where['patient.sex'], 'The patient\'s gender is required: male, female, other or unknown.');
    else patient.sex = String(p.gender) as PatientSex;

    where['patient.birthDate'] = `${at}.birthDate`;
    if (p.birthDate === undefined) required(where['patient.birthDate'], 'The patient\'s date of birth is required.');
    else patient.birthDate = String(p.birthDate);

    const addresses = list(p.address) ?? [];
    const hasPostcode = (a: unknown) => isObject(a) && typeof a.postalCode === 'string';
    const home = addresses.findIndex((a) => hasPostcode(a) && (a as Json).use === 'home');
    const a = home >= 0 ? home : addresses.findIndex(hasPostcode);
    if (a < 0) required(`${at}.address`, 'The patient\'s postcode is required: address[0].postalCode.');
    else {
      where['patient.postcode'] = `${at}.address[${a}].postalCode`;
      patient.postcode = (addresses[a] as Json).postalCode as string;
    }
  }

  // The referring practice and clinician.
  let practiceCode = '';
  let clinician = '';
  if (!isObject(r.requester)) required(`${SR}.requester`, `requester is required: the practice by its ODS code (identifier system ${SYSTEMS.odsCode}) and the clinician's name as display.`);
  else {
    const code = odsCode(r.requester);
    if (code) practiceCode = code;
    else wrong(`${SR}.requester.identifier`, `requester must identify the practice by its ODS code: an identifier with system ${SYSTEMS.odsCode} and a value.`, isObject(r.requester.identifier) ? 'value' : 'required');
    const display = text(r.requester.display);
    if (display === undefined) required(`${SR}.requester.display`, 'The referring clinician\'s name is required, as requester.display.');
    else clinician = display;
  }

  // The chosen providers, first choice first.
  const chosenProviders: string[] = [];
  const performers = list(r.performer);
  if (!performers?.length) required(`${SR}.performer`, `At least one provider is required in performer, by ODS code (identifier system ${SYSTEMS.odsCode}).`);
  else {
    performers.forEach((ref, i) => {
      const code = odsCode(ref);
      if (code) chosenProviders.push(code);
      else wrong(`${SR}.performer[${i}]`, `performer[${i}] must identify a provider by its ODS code: an identifier with system ${SYSTEMS.odsCode} and a value.`);
    });
  }

  // The specialty: a treatment function code.
  let tfc = '';
  const typeCodings = isObject(r.performerType) ? list(r.performerType.coding) ?? [] : [];
  const codeOf = (c: unknown) => (isObject(c) ? text(c.code)?.trim() : undefined);
  let t = typeCodings.findIndex((c) => isObject(c) && c.system === SYSTEMS.treatmentFunction && codeOf(c));
  if (t < 0) t = typeCodings.findIndex((c) => /^\d{3}$/.test(codeOf(c) ?? ''));
  if (r.performerType === undefined) required(`${SR}.performerType`, `performerType is required: the specialty as a treatment function code (system ${SYSTEMS.treatmentFunction}).`);
  else if (t < 0) wrong(`${SR}.performerType.coding`, `performerType must carry a 3-digit treatment function code (system ${SYSTEMS.treatmentFunction}).`);
  else {
    where.tfc = `${SR}.performerType.coding[${t}].code`;
    tfc = codeOf(typeCodings[t])!;
  }

  // The clinical reason.
  let reason: ReferralInput['reason'] = { system: 'icd10', code: '' };
  const reasons = list(r.reasonCode);
  const reasonCodings = isObject(reasons?.[0]) ? list(reasons[0].coding) ?? [] : [];
  const rc = reasonCodings.findIndex((c) => isObject(c) && typeof c.system === 'string' && c.system in REASON_SYSTEMS);
  if (!reasons?.length) required(`${SR}.reasonCode`, `reasonCode is required: the clinical reason in ICD-10 (${SYSTEMS.icd10}) or SNOMED CT (${SYSTEMS.snomed}).`);
  else if (rc < 0) {
    wrong(`${SR}.reasonCode[0].coding`, `reasonCode[0] must have a coding in ICD-10 (${SYSTEMS.icd10}) or SNOMED CT (${SYSTEMS.snomed}); Read v2 (${SYSTEMS.read2}) is accepted too.`, 'code-invalid');
  } else {
    const c = reasonCodings[rc] as Json;
    where['reason.code'] = `${SR}.reasonCode[0].coding[${rc}].code`;
    where['reason.system'] = `${SR}.reasonCode[0].coding[${rc}].system`;
    if (typeof c.code !== 'string') required(where['reason.code'], 'The reason coding has no code.');
    reason = { system: REASON_SYSTEMS[c.system as string]!, code: text(c.code) ?? '', display: text(c.display) ?? text((reasons[0] as Json).text) ?? null };
  }

  let priority: Priority = 'routine';
  if (r.priority === undefined) required(`${SR}.priority`, 'priority is required: routine, urgent or asap (two-week wait).');
  else if (typeof r.priority === 'string' && r.priority in FROM_FHIR_PRIORITY) priority = FROM_FHIR_PRIORITY[r.priority]!;
  else wrong(`${SR}.priority`, `priority must be routine, urgent or asap (two-week wait), not "${String(r.priority)}".`);

  // The practice's own id: the first identifier that is not our reference.
  const identifiers = list(r.identifier) ?? [];
  const e = identifiers.findIndex((id) => isObject(id) && id.system !== HUB_SYSTEMS.referralReference);
  let externalId: string | null = null;
  if (e >= 0) {
    where.externalId = `${SR}.identifier[${e}].value`;
    const value = text((identifiers[e] as Json).value)?.trim();
    if (!value) required(where.externalId, 'The identifier has no value: it should be the practice\'s own id for this referral.');
    else externalId = value;
  }

  let referralDate = '';
  if (r.authoredOn === undefined) required(`${SR}.authoredOn`, 'authoredOn is required: the date of the referral.');
  else {
    const authored = String(r.authoredOn);
    referralDate = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(authored) ? authored.slice(0, 10) : authored;
  }

  // Optional: pathway, procedure, pathway answers.
  let pathwayCode: string | null = null;
  const uris = list(r.instantiatesUri) ?? [];
  const pw = uris.findIndex((u) => typeof u === 'string' && u.startsWith(`${HUB_SYSTEMS.pathway}/`));
  if (pw >= 0) {
    where.pathwayCode = `${SR}.instantiatesUri[${pw}]`;
    pathwayCode = (uris[pw] as string).slice(HUB_SYSTEMS.pathway.length + 1);
  }
  let procedureCode: string | null = null;
  const procedure = isObject(r.code) ? list(r.code.coding)?.[0] : undefined;
  if (isObject(procedure) && typeof procedure.code === 'string') {
    where.procedureCode = `${SR}.code.coding[0].code`;
    procedureCode = procedure.code.trim();
  }
  const clinicalInfo: Record<string, string | number | boolean> = {};
  const extensions = list(r.extension) ?? [];
  const x = extensions.findIndex((ext) => isObject(ext) && ext.url === HUB_SYSTEMS.clinicalInfoExtension);
  if (x >= 0) {
    where.clinicalInfo = `${SR}.extension[${x}]`;
    (list((extensions[x] as Json).extension) ?? []).forEach((answer, k) => {
      const at = `${SR}.extension[${x}].extension[${k}]`;
      const value = isObject(answer) ? answer.valueString ?? answer.valueBoolean ?? answer.valueInteger ?? answer.valueDecimal : undefined;
      if (!isObject(answer) || typeof answer.url !== 'string' || !['string', 'boolean', 'number'].includes(typeof value)) {
        wrong(at, 'Each pathway answer needs a url (its name) and a valueString, valueBoolean, valueInteger or valueDecimal.');
      } else {
        clinicalInfo[answer.url] = value as string | number | boolean;
        where[`clinicalInfo.${answer.url}`] = at;
      }
    });
  }

  if (issues.length) return { issues };
  const input: ReferralInput = {
    externalId, practiceCode, clinician, patient, tfc, reason, priority, chosenProviders,
    pathwayCode, clinicalInfo, procedureCode, referralDate,
  };
  return { input, expressionFor: (field) => fieldExpression(field, where) };
}

/** Where each ReferralInput field is in a ServiceRequest shaped as the header comment shows. */
const DEFAULT_EXPRESSIONS: Record<string, string> = {
  'patient.nhsNumber': `${SR}.contained[0].identifier[0].value`,
  'patient.familyName': `${SR}.contained[0].name[0].family`,
  'patient.givenName': `${SR}.contained[0].name[0].given`,
  'patient.birthDate': `${SR}.contained[0].birthDate`,
  'patient.sex': `${SR}.contained[0].gender`,
  'patient.postcode': `${SR}.contained[0].address[0].postalCode`,
  patient: `${SR}.contained[0]`,
  practiceCode: `${SR}.requester.identifier.value`,
  clinician: `${SR}.requester.display`,
  tfc: `${SR}.performerType.coding[0].code`,
  reason: `${SR}.reasonCode[0]`,
  'reason.code': `${SR}.reasonCode[0].coding[0].code`,
  'reason.system': `${SR}.reasonCode[0].coding[0].system`,
  priority: `${SR}.priority`,
  chosenProviders: `${SR}.performer`,
  pathwayCode: `${SR}.instantiatesUri[0]`,
  procedureCode: `${SR}.code.coding[0].code`,
  clinicalInfo: `${SR}.extension`,
  referralDate: `${SR}.authoredOn`,
  externalId: `${SR}.identifier[0].value`,
};

/**
 * A ReferralInput field path as a FHIRPath expression: `patient.nhsNumber` →
 * `ServiceRequest.contained[0].identifier[0].value`, `chosenProviders.1` → `ServiceRequest.performer[1]`.
 * `where` holds the positions found in the resource actually sent; the defaults cover the rest.
 */
export function fieldExpression(field: string, where: Record<string, string> = {}): string {
  if (where[field]) return where[field];
  const provider = /^chosenProviders\.(\d+)$/.exec(field);
  if (provider) return `${SR}.performer[${provider[1]}]`;
  if (field.startsWith('clinicalInfo.')) return where.clinicalInfo ?? DEFAULT_EXPRESSIONS.clinicalInfo!;
  if (DEFAULT_EXPRESSIONS[field]) return DEFAULT_EXPRESSIONS[field];
  const parent = field.split('.').slice(0, -1).join('.');
  return parent ? fieldExpression(parent, where) : SR;
}

// ---- writing ----------------------------------------------------------------------------------

const PATIENT_ID = 'patient';
const ods = (value: string): Identifier => ({ system: SYSTEMS.odsCode, value });

function answerExtension(url: string, value: string | number | boolean): Extension | undefined {
  if (typeof value === 'boolean') return { url, valueBoolean: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return Number.isInteger(value) && Math.abs(value) <= 2_147_483_647 ? { url, valueInteger: value } : { url, valueDecimal: value };
  }
  return value.trim() ? { url, valueString: value } : undefined;
}

function procedureCoding(code: string): Coding {
  return { system: isSnomedId(code) ? SYSTEMS.snomed : SYSTEMS.opcs4, code };
}

/** The referral as a FHIR R4 ServiceRequest with the patient contained (see the header comment for the shape). */
export function toServiceRequest(view: ReferralView): ServiceRequest {
  const status = view.status;
  const patient: Patient = {
    resourceType: 'Patient',
    id: PATIENT_ID,
    identifier: [{ system: SYSTEMS.nhsNumber, value: view.patient.nhsNumber }],
    name: [{ use: 'official', family: view.patient.familyName, given: [view.patient.givenName] }],
    gender: view.patient.sex as Patient['gender'],
    birthDate: view.patient.birthDate,
    address: [{ use: 'home', postalCode: view.patient.postcode }],
  };

  const extension: Extension[] = [{
    url: HUB_SYSTEMS.statusExtension,
    valueCoding: { system: HUB_SYSTEMS.referralStatus, code: status, display: STATUS_LABELS[status] ?? view.statusLabel },
  }];
  const answers = Object.entries(view.clinicalInfo ?? {}).map(([k, v]) => answerExtension(k, v)).filter((e): e is Extension => Boolean(e));
  if (answers.length) extension.push({ url: HUB_SYSTEMS.clinicalInfoExtension, extension: answers });

  const identifier: Identifier[] = [];
  if (view.externalId) {
    identifier.push({ system: HUB_SYSTEMS.practiceReferralId, value: view.externalId, assigner: { identifier: ods(view.practiceCode), display: view.practiceName } });
  }
  identifier.push({ system: HUB_SYSTEMS.referralReference, value: view.reference });

  const reasonCoding: Coding = { system: REASON_URIS[view.reason.system as CodeSystem] ?? view.reason.system, code: view.reason.code };
  if (view.reason.display) reasonCoding.display = view.reason.display;
  const tfcName = view.tfcName || treatmentFunctionName(view.tfc);

  const resource: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: view.id,
    meta: { versionId: String(view.version), lastUpdated: view.updatedAt },
    contained: [patient],
    extension,
    identifier,
    ...(view.pathwayCode ? { instantiatesUri: [`${HUB_SYSTEMS.pathway}/${view.pathwayCode}`] } : {}),
    status: fhirStatus(status),
    intent: 'order',
    priority: TO_FHIR_PRIORITY[view.priority],
    ...(view.procedureCode ? { code: { coding: [procedureCoding(view.procedureCode)] } } : {}),
    subject: { reference: `#${PATIENT_ID}`, display: `${view.patient.givenName} ${view.patient.familyName}`.trim() },
    authoredOn: view.referralDate,
    requester: { identifier: ods(view.practiceCode), display: view.clinician },
    performerType: { coding: [{ system: SYSTEMS.treatmentFunction, code: view.tfc, ...(tfcName ? { display: tfcName } : {}) }] },
    performer: view.chosenProviders.map((p) => ({ identifier: ods(p.code), display: p.name })),
    reasonCode: [{ coding: [reasonCoding] }],
  };
  const notes = outcomeNotes(view);
  if (notes.length) resource.note = notes;
  return resource;
}

/** What happened to the referral, in words, for the practice: advice, where it went, the booking. */
function outcomeNotes(view: ReferralView): Annotation[] {
  const notes: Annotation[] = [];
  const when = (to: string) => view.events.filter((e) => e.toStatus === to).at(-1);
  const note = (textValue: string, event?: { at: string; actor: string }) =>
    notes.push({ text: textValue, ...(event ? { time: event.at, authorString: event.actor } : {}) });
  const providerName = (code: string | null) => view.chosenProviders.find((p) => p.code === code)?.name ?? code;
  if (view.forwardedTo) note(`Forwarded to ${providerName(view.forwardedTo)} (${view.forwardedTo}).`, when('forwarded'));
  if (view.divertedTo) note(`Diverted to ${view.divertedTo.name} (${view.divertedTo.code}).`, when('diverted'));
  if (view.advice?.trim()) note(`Advice from the GP reviewer: ${view.advice.trim()}`, when('returned_with_advice') ?? when('diverted') ?? when('forwarded'));
  if (view.bookedDate) note(`Booked${view.bookedProvider ? ` with ${providerName(view.bookedProvider)}` : ''} for ${view.bookedDate}.`, when('booked'));
  return notes;
}
