/**
 * What this FHIR server does, as a CapabilityStatement (GET /fhir/metadata, no sign-in needed).
 * Keep it in step with routes.ts and search.ts.
 */
import { FHIR_JSON, FHIR_VERSION, SYSTEMS } from './resources.js';

/** When this statement last changed: bump it with the statement. */
export const CAPABILITY_DATE = '2026-11-23';
const SOFTWARE_VERSION = '0.1.0';

export function capabilityStatement(baseUrl: string) {
  return {
    resourceType: 'CapabilityStatement' as const,
    id: 'commissioning-hub',
    version: SOFTWARE_VERSION,
    name: 'CommissioningHubReferralGateway',
    title: 'Commissioning Hub referral gateway',
    status: 'active' as const,
    experimental: false,
    date: CAPABILITY_DATE,
    publisher: 'Commissioning Hub',
    description: 'Referrals from GP practices to the commissioner\'s referral gateway as FHIR R4 ServiceRequests, with the patient as a contained Patient. Sign in with a personal API token: Authorization: Bearer hub_…',
    kind: 'instance' as const,
    software: { name: 'Commissioning Hub', version: SOFTWARE_VERSION },
    implementation: { description: 'Commissioning Hub referral gateway', url: baseUrl },
    fhirVersion: FHIR_VERSION,
    format: [FHIR_JSON, 'json'],
    rest: [{
      mode: 'server' as const,
      documentation: 'Practice users send and see only their own practice\'s referrals; another practice\'s referral is "not found". Every read and search is audited.',
      security: {
        cors: false,
        description: 'A personal API token (created in the web app under API tokens) sent as Authorization: Bearer hub_…, or the web app\'s session cookie with its X-CSRF-Token header.',
      },
      resource: [{
        type: 'ServiceRequest',
        profile: 'http://hl7.org/fhir/StructureDefinition/ServiceRequest',
        documentation: `A referral. The patient is a contained Patient (identifier system ${SYSTEMS.nhsNumber}) referenced from subject; requester is the practice and performer the chosen providers, first choice first, each by ODS code (${SYSTEMS.odsCode}); requester.display is the referring clinician; performerType is the treatment function code; reasonCode is in ICD-10 or SNOMED CT (Read v2 accepted); priority routine | urgent | asap (two-week wait). A repeat with the same identifier, or the same Idempotency-Key header, returns the existing referral with 200.`,
        interaction: [
          { code: 'create' as const, documentation: '201 with Location; 200 with the existing referral for a repeat; 422 with one issue per problem.' },
          { code: 'read' as const },
          { code: 'search-type' as const, documentation: 'Newest first; _count up to 199 (default 50).' },
        ],
        versioning: 'versioned' as const,
        readHistory: false,
        updateCreate: false,
        conditionalCreate: false,
        conditionalRead: 'not-supported' as const,
        conditionalUpdate: false,
        conditionalDelete: 'not-supported' as const,
        searchParam: [
          { name: 'patient', type: 'token' as const, documentation: `The patient's NHS number: ${SYSTEMS.nhsNumber}|9434765919, or the ten digits alone.` },
          { name: 'status', type: 'token' as const, documentation: 'ServiceRequest status (active, on-hold, revoked, completed), or one of the gateway\'s own statuses (awaiting_triage, forwarded, diverted, …); comma-separated for any of several.' },
          { name: 'requester', type: 'token' as const, documentation: `The referring practice's ODS code: ${SYSTEMS.odsCode}|E82001, or the code alone.` },
          { name: 'authored', type: 'date' as const, documentation: 'The referral date, with the prefixes eq (default), ge, gt, le, lt; repeat for a range, e.g. authored=ge2025-01-01&authored=le2025-12-31.' },
        ],
      }],
    }],
  };
}

export type CapabilityStatement = ReturnType<typeof capabilityStatement>;
