import { describe, expect, it } from 'vitest';
import { HttpError, notFound, unauthorised } from '../http/errors.js';
import { ReferralRejected } from '../referrals/service.js';
import { capabilityStatement } from './capability.js';
import { FhirError, operationOutcome, outcomeForError } from './operation-outcome.js';
import { SYSTEMS } from './resources.js';
import { readSearch, type ReadSearch } from './search.js';
import { fieldExpression } from './service-request.js';
import { r4Problems, r4SchemaErrors } from './test-support.js';

describe('OperationOutcome', () => {
  it('builds errors with diagnostics and expressions, valid R4', () => {
    const outcome = operationOutcome([
      { code: 'invalid', diagnostics: 'NHS number is not valid', expression: ['ServiceRequest.contained[0].identifier[0].value'] },
      { code: 'informational', severity: 'warning', diagnostics: 'Just so you know' },
    ]);
    expect(outcome).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        { severity: 'error', code: 'invalid', diagnostics: 'NHS number is not valid', expression: ['ServiceRequest.contained[0].identifier[0].value'] },
        { severity: 'warning', code: 'informational', diagnostics: 'Just so you know' },
      ],
    });
    expect(r4Problems(outcome)).toEqual([]);
  });

  it('turns each kind of error into its status and issue code', () => {
    const cases: [unknown, number, string][] = [
      [unauthorised(), 401, 'login'],
      [new HttpError(401, 'invalid_token', 'The API token is not valid or has been revoked.'), 401, 'login'],
      [new HttpError(403, 'forbidden', 'No.'), 403, 'forbidden'],
      [new HttpError(403, 'csrf_failed', 'Missing token.'), 403, 'security'],
      [notFound('The referral'), 404, 'not-found'],
      [new HttpError(409, 'conflict', 'Changed by someone else.'), 409, 'conflict'],
      [Object.assign(new Error('Unexpected token'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 }), 400, 'structure'],
      [Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }), 415, 'not-supported'],
      [Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }), 413, 'too-long'],
      [new Error('database on fire'), 500, 'exception'],
      [FhirError.of(405, 'not-supported', 'No updates.'), 405, 'not-supported'],
    ];
    for (const [error, status, code] of cases) {
      const out = outcomeForError(error);
      expect([out.statusCode, out.outcome.issue[0]!.code]).toEqual([status, code]);
      expect(r4Problems(out.outcome)).toEqual([]);
    }
    expect(outcomeForError(unauthorised()).headers['www-authenticate']).toBe('Bearer');
    const internal = outcomeForError(new Error('secret detail at /src/x.ts:12'));
    expect(internal.internal).toBe(true);
    expect(JSON.stringify(internal.outcome)).not.toMatch(/secret|\.ts/);
  });

  it('names the elements of a rejected referral', () => {
    const rejected = new ReferralRejected([{ field: 'patient.nhsNumber', message: 'NHS number is not valid' }, { field: 'chosenProviders.1', message: 'XYZ is not a known provider' }]);
    const out = outcomeForError(rejected, (f) => fieldExpression(f));
    expect(out.statusCode).toBe(422);
    expect(out.outcome.issue.map((i) => i.expression)).toEqual([['ServiceRequest.contained[0].identifier[0].value'], ['ServiceRequest.performer[1]']]);
  });

  it('answers 400 for a structure problem and 422 for the rest', () => {
    expect(FhirError.fromIssues([{ expression: 'ServiceRequest', code: 'structure', message: 'Not a ServiceRequest' }]).statusCode).toBe(400);
    expect(FhirError.fromIssues([{ expression: 'ServiceRequest.priority', code: 'value', message: 'Bad priority' }]).statusCode).toBe(422);
  });
});

describe('CapabilityStatement', () => {
  const cs = capabilityStatement('https://hub.example.nhs.uk/fhir');

  it('is a valid R4 instance statement for a JSON server', () => {
    expect(r4Problems(cs)).toEqual([]);
    // the validator's schema (R4 4.0.0) gains only the 4.0.1 version code: other versions still fail
    expect(r4SchemaErrors({ ...cs, fhirVersion: '4.0.2' })).not.toEqual([]);
    expect(r4SchemaErrors({ ...cs, kind: 'server' })).not.toEqual([]);
    expect(cs).toMatchObject({ status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: expect.arrayContaining(['application/fhir+json', 'json']), implementation: { url: 'https://hub.example.nhs.uk/fhir' } });
  });

  it('lists ServiceRequest create, read and search with the search parameters we support', () => {
    const resource = cs.rest[0]!.resource[0]!;
    expect(cs.rest[0]!.mode).toBe('server');
    expect(resource.type).toBe('ServiceRequest');
    expect(resource.interaction.map((i) => i.code)).toEqual(['create', 'read', 'search-type']);
    expect(resource.searchParam.map((p) => [p.name, p.type])).toEqual([['patient', 'token'], ['status', 'token'], ['requester', 'token'], ['authored', 'date']]);
  });
});

describe('search parameters', () => {
  const ok = (params: Record<string, string | string[]>): ReadSearch => {
    const result = readSearch(params);
    if ('issues' in result) throw new Error(JSON.stringify(result.issues));
    return result;
  };
  const problems = (params: Record<string, string | string[]>) => {
    const result = readSearch(params);
    return 'issues' in result ? result.issues.map((i) => i.expression) : [];
  };

  it('reads the patient as an NHS number token, with or without its system', () => {
    expect(ok({ patient: `${SYSTEMS.nhsNumber}|9434765919` }).query).toEqual({ nhsNumber: '9434765919' });
    expect(ok({ patient: '943 476 5919' }).query).toEqual({ nhsNumber: '9434765919' });
    expect(ok({ 'patient:identifier': '|9434765919' }).query).toEqual({ nhsNumber: '9434765919' });
    expect(ok({ patient: 'https://example.org/mrn|9434765919' }).noMatch).toBe(true);
    expect(problems({ patient: 'Jones' })).toEqual(['patient']);
  });

  it('reads statuses as FHIR statuses or ours; commas are alternatives, repeats must all hold', () => {
    expect(ok({ status: 'active' }).query.status).toEqual(['received', 'awaiting_triage', 'forwarded', 'diverted', 'discussed_with_gp', 'booked']);
    expect(ok({ status: 'on-hold,completed' }).query.status).toEqual(['info_requested', 'closed']);
    expect(ok({ status: ['active', 'forwarded,closed'] }).query.status).toEqual(['forwarded']);
    expect(ok({ status: ['completed', 'forwarded'] }).noMatch).toBe(true);
    expect(ok({ status: 'draft' }).noMatch).toBe(true);
    expect(problems({ status: 'triaged' })).toEqual(['status']);
  });

  it('reads the requester as a practice ODS code', () => {
    expect(ok({ requester: `${SYSTEMS.odsCode}|e82001` }).query).toEqual({ practiceCode: 'E82001' });
    expect(ok({ requester: 'Organization/E82001' }).query).toEqual({ practiceCode: 'E82001' });
    expect(ok({ requester: 'https://example.org|E82001' }).noMatch).toBe(true);
    expect(problems({ requester: 'not a code!' })).toEqual(['requester']);
  });

  it('reads authored dates with prefixes and precision', () => {
    expect(ok({ authored: ['ge2025-01-01', 'le2025-12-31'] }).query).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(ok({ authored: '2025-10-14' }).query).toEqual({ from: '2025-10-14', to: '2025-10-14' });
    expect(ok({ authored: 'eq2024-02' }).query).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(ok({ authored: '2025' }).query).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(ok({ authored: ['gt2025-10-14', 'lt2025-11-01T00:00:00Z'] }).query).toEqual({ from: '2025-10-15', to: '2025-10-31' });
    expect(ok({ authored: ['ge2025-06-01', 'le2025-05-01'] }).noMatch).toBe(true);
    expect(problems({ authored: 'yesterday' })).toEqual(['authored']);
    expect(problems({ authored: 'ge2025-02-30' })).toEqual(['authored']);
    expect(problems({ authored: 'ap2025-01-01' })).toEqual(['authored']);
  });

  it('limits _count, ignores other parameters and keeps the used ones for the self link', () => {
    const s = ok({ _count: '500', _format: 'json', patient: '9434765919' });
    expect(s.count).toBe(199);
    expect(s.used).toEqual([['patient', '9434765919'], ['_count', '500']]);
    expect(ok({}).count).toBe(50);
    expect(problems({ _count: '0' })).toEqual(['_count']);
  });
});
