import { describe, expect, it } from 'vitest';
import { STATUSES } from '../../domain/referrals/triage.js';
import { HUB_SYSTEMS, SYSTEMS } from './resources.js';
import { fieldExpression, fhirStatus, fromServiceRequest, statusesFor, toServiceRequest, type ReadServiceRequest } from './service-request.js';
import { r4Problems, r4SchemaErrors, sampleServiceRequest, sampleView } from './test-support.js';

const read = (resource: unknown): ReadServiceRequest => {
  const result = fromServiceRequest(resource);
  if ('issues' in result) throw new Error(`unexpected issues: ${JSON.stringify(result.issues)}`);
  return result;
};
const issuesOf = (resource: unknown) => {
  const result = fromServiceRequest(resource);
  if (!('issues' in result)) throw new Error('expected issues');
  return result.issues;
};

describe('reading a ServiceRequest', () => {
  it('reads every element of the documented shape into a referral', () => {
    expect(read(sampleServiceRequest()).input).toEqual({
      externalId: 'EMIS-000123',
      practiceCode: 'E82001',
      clinician: 'Dr Alice Smith',
      patient: { nhsNumber: '943 476 5919', familyName: 'Jones', givenName: 'Mary Ann', birthDate: '1956-03-27', sex: 'female', postcode: 'AL1 3EW' },
      tfc: '110',
      reason: { system: 'icd10', code: 'M17.1', display: 'Primary gonarthrosis, unilateral' },
      priority: 'routine',
      chosenProviders: ['RWG', 'RQW'],
      pathwayCode: null,
      clinicalInfo: {},
      procedureCode: null,
      referralDate: '2025-10-14',
    });
  });

  it('takes asap as two-week wait, the date part of a dateTime, SNOMED CT and Read v2 reasons, and any system for a 3-digit specialty', () => {
    const { input } = read(sampleServiceRequest({
      priority: 'asap',
      authoredOn: '2025-10-14T16:45:00+01:00',
      performerType: { coding: [{ system: 'https://example.org/local-specialty', code: 'ORTHO' }, { system: 'https://example.org/other', code: '120' }] },
      reasonCode: [{ text: 'Breast lump', coding: [{ system: 'http://loinc.org', code: '1234-5' }, { system: SYSTEMS.snomed, code: '89164003' }] }],
    }));
    expect(input).toMatchObject({ priority: '2ww', referralDate: '2025-10-14', tfc: '120', reason: { system: 'snomed', code: '89164003', display: 'Breast lump' } });
    expect(read(sampleServiceRequest({ reasonCode: [{ coding: [{ system: SYSTEMS.read2, code: 'N245.' }] }] })).input.reason).toEqual({ system: 'read2', code: 'N245.', display: null });
  });

  it('reads the optional pathway, procedure and pathway answers', () => {
    const { input } = read(sampleServiceRequest({
      instantiatesUri: ['https://example.org/guideline', `${HUB_SYSTEMS.pathway}/knee-pain`],
      code: { coding: [{ system: SYSTEMS.opcs4, code: 'W40.1' }] },
      extension: [{ url: HUB_SYSTEMS.clinicalInfoExtension, extension: [{ url: 'xray_done', valueBoolean: true }, { url: 'bmi', valueDecimal: 31.5 }, { url: 'note', valueString: 'worse on stairs' }] }],
    }));
    expect(input).toMatchObject({ pathwayCode: 'knee-pain', procedureCode: 'W40.1', clinicalInfo: { xray_done: true, bmi: 31.5, note: 'worse on stairs' } });
  });

  it('refuses anything that is not a ServiceRequest as a structure problem', () => {
    expect(issuesOf({ resourceType: 'Patient' })).toEqual([{ expression: 'ServiceRequest', code: 'structure', message: 'Expected a ServiceRequest resource but got a Patient.' }]);
    expect(issuesOf([1, 2])[0]!.code).toBe('structure');
  });

  it('names every missing or mis-shaped element at once, in FHIRPath', () => {
    const issues = issuesOf(sampleServiceRequest({
      status: 'draft', intent: 'plan', priority: 'stat',
      requester: { identifier: { system: 'https://example.org/practices', value: 'E82001' } },
      performer: [{ identifier: { system: SYSTEMS.odsCode, value: 'RWG' } }, { reference: 'Organization/123' }],
      performerType: { coding: [{ code: 'ORTHO' }] },
      reasonCode: [{ coding: [{ system: 'http://loinc.org', code: '1234-5' }] }],
      authoredOn: undefined,
    }));
    expect(issues.map((i) => [i.expression, i.code])).toEqual([
      ['ServiceRequest.status', 'value'],
      ['ServiceRequest.intent', 'value'],
      ['ServiceRequest.requester.identifier', 'value'],
      ['ServiceRequest.requester.display', 'required'],
      ['ServiceRequest.performer[1]', 'value'],
      ['ServiceRequest.performerType.coding', 'value'],
      ['ServiceRequest.reasonCode[0].coding', 'code-invalid'],
      ['ServiceRequest.priority', 'value'],
      ['ServiceRequest.authoredOn', 'required'],
    ]);
    expect(issues.every((i) => i.message.length > 10)).toBe(true);
  });

  it('needs subject to point at a contained Patient with an NHS number, name, gender, birth date and postcode', () => {
    expect(issuesOf(sampleServiceRequest({ subject: { reference: 'Patient/123' } })).map((i) => i.expression)).toEqual(['ServiceRequest.subject.reference']);
    expect(issuesOf(sampleServiceRequest({ subject: { reference: '#nobody' } }))[0]!.message).toMatch(/nobody/);
    expect(issuesOf(sampleServiceRequest({ subject: undefined })).map((i) => i.expression)).toEqual(['ServiceRequest.subject']);
    const bare = { resourceType: 'Patient', id: 'pat', identifier: [{ system: 'https://example.org/mrn', value: '1' }], name: [{ text: 'Mary Jones' }] };
    expect(issuesOf(sampleServiceRequest({ contained: [bare] })).map((i) => i.expression)).toEqual([
      'ServiceRequest.contained[0].identifier',
      'ServiceRequest.contained[0].name[0].family',
      'ServiceRequest.contained[0].name[0].given',
      'ServiceRequest.contained[0].gender',
      'ServiceRequest.contained[0].birthDate',
      'ServiceRequest.contained[0].address',
    ]);
  });

  it('maps referral field paths back to where they were in the resource sent', () => {
    const base = sampleServiceRequest();
    const patient = (base.contained as Record<string, unknown>[])[0]!;
    const { expressionFor } = read(sampleServiceRequest({
      contained: [{ resourceType: 'Organization', id: 'org', name: 'x' }, { ...patient, identifier: [{ system: 'https://example.org/mrn', value: 'X1' }, { system: SYSTEMS.nhsNumber, value: '9434765919' }] }],
      identifier: [{ system: HUB_SYSTEMS.referralReference, value: 'R-2025-000001' }, { system: 'https://example.org/ids', value: 'A1' }],
      performerType: { coding: [{ system: 'https://example.org/x', code: 'X' }, { system: SYSTEMS.treatmentFunction, code: '110' }] },
    }));
    expect(expressionFor('patient.nhsNumber')).toBe('ServiceRequest.contained[1].identifier[1].value');
    expect(expressionFor('patient.postcode')).toBe('ServiceRequest.contained[1].address[0].postalCode');
    expect(expressionFor('chosenProviders.1')).toBe('ServiceRequest.performer[1]');
    expect(expressionFor('tfc')).toBe('ServiceRequest.performerType.coding[1].code');
    expect(expressionFor('externalId')).toBe('ServiceRequest.identifier[1].value');
    expect(expressionFor('practiceCode')).toBe('ServiceRequest.requester.identifier.value');
    expect(expressionFor('referralDate')).toBe('ServiceRequest.authoredOn');
  });

  it('has a default FHIRPath for every referral field', () => {
    expect(fieldExpression('patient.nhsNumber')).toBe('ServiceRequest.contained[0].identifier[0].value');
    expect(fieldExpression('chosenProviders.3')).toBe('ServiceRequest.performer[3]');
    expect(fieldExpression('reason.code')).toBe('ServiceRequest.reasonCode[0].coding[0].code');
    expect(fieldExpression('clinicalInfo.bmi')).toBe('ServiceRequest.extension');
    expect(fieldExpression('attachments.0.size')).toBe('ServiceRequest');
  });
});

describe('writing a ServiceRequest', () => {
  it('round-trips: what we write reads back as the same referral', () => {
    const view = sampleView();
    const { input } = read(toServiceRequest(view));
    expect(input).toEqual({
      externalId: view.externalId, practiceCode: view.practiceCode, clinician: view.clinician,
      patient: view.patient, tfc: view.tfc, reason: view.reason, priority: view.priority,
      chosenProviders: ['RWG', 'RQW'], pathwayCode: 'knee-pain', procedureCode: 'W40.1', referralDate: view.referralDate,
      clinicalInfo: { xray_done: true, bmi: 31.5, symptom_weeks: 12, oxford_knee_score: 'moderate' }, // the blank answer is not sent
    });
    const twoWeek = read(toServiceRequest(sampleView({ priority: '2ww', externalId: null, reason: { system: 'snomed', code: '89164003', display: null } }))).input;
    expect(twoWeek).toMatchObject({ priority: '2ww', externalId: null, reason: { system: 'snomed', code: '89164003', display: null } });
  });

  it('writes ids, version, identifiers, status, subject, requester, performers and the specialty', () => {
    const sr = toServiceRequest(sampleView());
    expect(sr).toMatchObject({
      resourceType: 'ServiceRequest', id: '3f2b8c1e-6a4d-4f7e-9b0a-1c2d3e4f5a6b',
      meta: { versionId: '1', lastUpdated: '2025-10-14T09:30:00.000Z' },
      identifier: [
        { system: HUB_SYSTEMS.practiceReferralId, value: 'EMIS-000123', assigner: { identifier: { system: SYSTEMS.odsCode, value: 'E82001' } } },
        { system: HUB_SYSTEMS.referralReference, value: 'R-2025-000042' },
      ],
      status: 'active', intent: 'order', priority: 'routine', subject: { reference: '#patient' }, authoredOn: '2025-10-14',
      requester: { identifier: { system: SYSTEMS.odsCode, value: 'E82001' }, display: 'Dr Alice Smith' },
      performer: [{ identifier: { value: 'RWG' }, display: 'West Hertfordshire' }, { identifier: { value: 'RQW' } }],
      performerType: { coding: [{ system: SYSTEMS.treatmentFunction, code: '110', display: 'Trauma and Orthopaedic' }] },
      reasonCode: [{ coding: [{ system: SYSTEMS.icd10, code: 'M17.1' }] }],
      code: { coding: [{ system: SYSTEMS.opcs4, code: 'W40.1' }] },
    });
    expect(sr.extension![0]).toEqual({ url: HUB_SYSTEMS.statusExtension, valueCoding: { system: HUB_SYSTEMS.referralStatus, code: 'awaiting_triage', display: 'Awaiting triage' } });
    expect(sr.note).toBeUndefined();
  });

  it('maps every status, and the FHIR statuses back to ours for searching', () => {
    expect(Object.fromEntries(STATUSES.map((s) => [s, fhirStatus(s)]))).toEqual({
      received: 'active', awaiting_triage: 'active', forwarded: 'active', diverted: 'active', returned_with_advice: 'revoked',
      info_requested: 'on-hold', discussed_with_gp: 'active', booked: 'active', closed: 'completed',
    });
    expect(statusesFor('on-hold')).toEqual(['info_requested']);
    expect(statusesFor('completed')).toEqual(['closed']);
    expect(statusesFor('diverted')).toEqual(['diverted']);
    expect(statusesFor('draft')).toEqual([]);
    expect(statusesFor('nonsense')).toBeUndefined();
  });

  it('tells the practice the outcome in notes: advice, diversion, forwarding and booking', () => {
    const at = '2025-10-16T10:00:00.000Z';
    const sr = toServiceRequest(sampleView({
      status: 'booked', forwardedTo: null, divertedTo: { code: 'MSK-CATS', name: 'Community MSK service' }, advice: 'Physiotherapy first.',
      bookedDate: '2025-11-03', bookedProvider: null,
      events: [{ at, actor: 'dr.reviewer', action: 'divert', fromStatus: 'awaiting_triage', toStatus: 'diverted', reason: 'MSK first', details: {} }],
    }));
    expect(sr.note).toEqual([
      { text: 'Diverted to Community MSK service (MSK-CATS).', time: at, authorString: 'dr.reviewer' },
      { text: 'Advice from the GP reviewer: Physiotherapy first.', time: at, authorString: 'dr.reviewer' },
      { text: 'Booked for 2025-11-03.' },
    ]);
    expect(toServiceRequest(sampleView({ status: 'returned_with_advice', advice: 'Manage in primary care.' })).status).toBe('revoked');
  });
});

describe('FHIR R4 validity of what we write (independent validator: the official R4 JSON schema)', () => {
  it('the validator does catch invalid resources', () => {
    expect(r4SchemaErrors({ ...toServiceRequest(sampleView()), colour: 'blue' })).not.toEqual([]);
    expect(r4SchemaErrors({ ...toServiceRequest(sampleView()), authoredOn: '14/10/2025' })).not.toEqual([]);
    expect(r4SchemaErrors({ ...toServiceRequest(sampleView()), subject: undefined })).not.toEqual([]);
    expect(r4SchemaErrors({ ...toServiceRequest(sampleView()), contained: [{ resourceType: 'Patient', id: 'patient', gender: 'f' }] })).not.toEqual([]);
    expect(r4Problems({ ...toServiceRequest(sampleView()), status: 'triaged' })).not.toEqual([]);
  });

  it('every status, priority and optional part gives a valid ServiceRequest', () => {
    for (const status of STATUSES) {
      for (const priority of ['routine', 'urgent', '2ww'] as const) {
        expect(r4Problems(toServiceRequest(sampleView({ status, priority })))).toEqual([]);
      }
    }
    const full = sampleView({
      status: 'booked', forwardedTo: 'RWG', advice: 'See soon.', bookedDate: '2025-11-03', bookedProvider: 'RWG',
      divertedTo: null, clinicalInfo: { big: 1e12, flag: false, text: 'x' }, procedureCode: '179344006',
      events: [{ at: '2025-10-15T08:00:00.000Z', actor: 'gateway', action: 'forward', fromStatus: 'received', toStatus: 'forwarded', reason: null, details: {} }],
    });
    expect(r4Problems(toServiceRequest(full))).toEqual([]);
    const bare = sampleView({ externalId: null, pathwayCode: null, procedureCode: null, clinicalInfo: {}, reason: { system: 'read2', code: 'N245.', display: null }, tfcName: '' });
    expect(r4Problems(toServiceRequest(bare))).toEqual([]);
  });

  it('the sample a practice sends is itself valid R4', () => {
    expect(r4Problems(sampleServiceRequest())).toEqual([]);
  });
});
