import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../auth/credentials.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { HUB_SYSTEMS, SYSTEMS } from './resources.js';
import { nhsNumber, r4Problems, sampleServiceRequest } from './test-support.js';

let t: TestApp;
const auth: Record<string, { authorization: string }> = {};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await buildOrgTree(db, { practices: ['E82001', 'E82002', 'E82003'], providers: ['RWG', 'RQW'], patientsPerBand: 0 });
  const users: [string, Parameters<typeof createTestUser>[2], string | null][] = [
    ['gp1', 'practice', 'E82001'], ['gp2', 'practice', 'E82002'], ['reviewer', 'reviewer', null], ['admin', 'admin', null],
  ];
  for (const [username, role, practice] of users) {
    const user = await createTestUser(db, username, role, practice);
    auth[username] = { authorization: `Bearer ${(await createApiToken(db, user.id, 'fhir')).token}` };
  }
});
afterAll(() => t.close());

type Resource = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const FHIR = { 'content-type': 'application/fhir+json' };
let serial = 100_000_000;
/** A referral from gp1's practice for a new patient unless told otherwise. */
const referral = (over: Record<string, unknown> = {}, nhs = nhsNumber(String(serial++))) => {
  const base = sampleServiceRequest({ identifier: [{ system: 'https://fhir.e82001.example/referral-id', value: `EMIS-${serial++}` }], ...over });
  (base.contained as Resource[])[0]!.identifier[0].value = nhs;
  return base;
};
const post = (user: string, body: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest', headers: { ...FHIR, ...auth[user], ...headers }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
const get = (user: string | null, url: string) => t.app.inject({ method: 'GET', url, headers: user ? auth[user] : {} });
const referralRows = async () => Number((await t.database.db.selectFrom('referral').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

function expectOutcome(res: { statusCode: number; headers: Record<string, unknown>; json(): Resource }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/fhir\+json/);
  const body = res.json();
  expect(body.resourceType).toBe('OperationOutcome');
  expect(body.issue.map((i: Resource) => i.code)).toContain(code);
  expect(r4Problems(body)).toEqual([]);
  return body;
}

describe('GET /fhir/metadata', () => {
  it('serves a valid CapabilityStatement without sign-in', async () => {
    const res = await get(null, '/fhir/metadata');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const cs = res.json();
    expect(cs).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance', implementation: { url: 'http://localhost:80/fhir' } });
    expect(r4Problems(cs)).toEqual([]);
  });
});

describe('POST /fhir/ServiceRequest', () => {
  it('creates a referral: 201, Location, the stored resource, valid R4', async () => {
    const sent = referral();
    const res = await post('gp1', sent);
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const sr = res.json();
    expect(res.headers.location).toBe(`/fhir/ServiceRequest/${sr.id}`);
    expect(res.headers.etag).toBe('W/"1"');
    expect(r4Problems(sr)).toEqual([]);
    expect(sr).toMatchObject({
      resourceType: 'ServiceRequest', status: 'active', intent: 'order', priority: 'routine',
      identifier: [{ system: HUB_SYSTEMS.practiceReferralId, value: (sent.identifier as Resource[])[0]!.value }, { system: HUB_SYSTEMS.referralReference, value: expect.stringMatching(/^R-\d{4}-\d{6}$/) }],
      requester: { identifier: { system: SYSTEMS.odsCode, value: 'E82001' }, display: 'Dr Alice Smith' },
      performer: [{ identifier: { value: 'RWG' }, display: 'Provider RWG' }, { identifier: { value: 'RQW' } }],
      extension: [{ valueCoding: { code: 'awaiting_triage' } }],
    });
    expect(sr.contained[0]).toMatchObject({ identifier: [{ value: (sent.contained as Resource[])[0]!.identifier[0].value }], name: [{ family: 'Jones', given: ['Mary Ann'] }] });

    const again = await get('gp1', res.headers.location as string);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(sr);
    const row = await t.database.db.selectFrom('referral').select(['source', 'practice_code']).where('id', '=', sr.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ source: 'fhir', practice_code: 'E82001' });
  });

  it('accepts application/json too, and sends a two-week-wait (asap) straight to the first choice', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest', headers: { ...auth.gp1, 'content-type': 'application/json; charset=utf-8' }, payload: referral({ priority: 'asap' }) });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ priority: 'asap', status: 'active', extension: [{ valueCoding: { code: 'forwarded' } }] });
    expect(r4Problems(res.json())).toEqual([]);
  });

  it('returns the existing referral, 200, for a repeat with the same identifier', async () => {
    const sent = referral();
    const first = await post('gp1', sent);
    const before = await referralRows();
    const repeat = await post('gp1', sent);
    expect(first.statusCode).toBe(201);
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json().id).toBe(first.json().id);
    expect(repeat.headers['content-location']).toBe(`/fhir/ServiceRequest/${first.json().id}`);
    expect(await referralRows()).toBe(before);
  });

  it('stores one referral when a request is retried with the same Idempotency-Key', async () => {
    const sent = referral({ identifier: undefined });
    const key = `retry-${serial}`;
    const before = await referralRows();
    const first = await post('gp1', sent, { 'idempotency-key': key });
    const retry = await post('gp1', sent, { 'idempotency-key': key });
    expect([first.statusCode, retry.statusCode]).toEqual([201, 200]);
    expect(retry.json().id).toBe(first.json().id);
    expect(await referralRows()).toBe(before + 1);
  });

  it('keeps Idempotency-Keys per practice: another practice reusing one gets its own referral, never the first', async () => {
    const key = `shared-${serial}`;
    const mine = await post('gp1', referral({ identifier: undefined }), { 'idempotency-key': key });
    expect(mine.statusCode).toBe(201);
    const theirs = referral({ identifier: undefined, requester: { identifier: { system: SYSTEMS.odsCode, value: 'E82002' }, display: 'Dr B' } });
    const res = await post('gp2', theirs, { 'idempotency-key': key });
    expect(res.statusCode).toBe(201);
    expect(res.json().id).not.toBe(mine.json().id);
    expect(res.body).not.toContain(mine.json().id);
  });

  it('refuses an invalid NHS number with 422, naming the contained Patient identifier, and stores nothing', async () => {
    const before = await referralRows();
    const res = await post('gp1', referral({}, '9434765918'));
    const body = expectOutcome(res, 422, 'invalid');
    expect(body.issue).toEqual([expect.objectContaining({ severity: 'error', expression: ['ServiceRequest.contained[0].identifier[0].value'], diagnostics: expect.stringMatching(/NHS number/) })]);
    expect(await referralRows()).toBe(before);
  });

  it('names performer[i] for an unknown provider, and every other problem in its own issue', async () => {
    const res = await post('gp1', referral({
      performer: [{ identifier: { system: SYSTEMS.odsCode, value: 'RWG' } }, { identifier: { system: SYSTEMS.odsCode, value: 'XYZ99' } }],
      authoredOn: '2099-01-01',
      reasonCode: [{ coding: [{ system: SYSTEMS.icd10, code: 'banana' }] }],
      performerType: { coding: [{ system: SYSTEMS.treatmentFunction, code: '999' }] },
    }));
    const body = expectOutcome(res, 422, 'invalid');
    expect(body.issue.map((i: Resource) => i.expression[0]).sort()).toEqual([
      'ServiceRequest.authoredOn', 'ServiceRequest.performerType.coding[0].code', 'ServiceRequest.performer[1]', 'ServiceRequest.reasonCode[0].coding[0].code',
    ]);
    expect(body.issue.find((i: Resource) => i.expression[0] === 'ServiceRequest.performer[1]').diagnostics).toMatch(/XYZ99/);
  });

  it('refuses missing elements with 422 and malformed JSON or another resource type with 400 structure', async () => {
    const missing = await post('gp1', referral({ subject: undefined, priority: undefined }));
    expect(expectOutcome(missing, 422, 'required').issue.map((i: Resource) => i.expression[0])).toEqual(['ServiceRequest.subject', 'ServiceRequest.priority']);
    expectOutcome(await post('gp1', '{"resourceType": "ServiceRequest", '), 400, 'structure');
    expectOutcome(await post('gp1', { resourceType: 'Patient', id: 'x' }), 400, 'structure');
    expectOutcome(await post('gp1', ''), 400, 'structure');
    const text = await t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest', headers: { ...auth.gp1, 'content-type': 'text/plain' }, payload: 'hello' });
    expectOutcome(text, 415, 'not-supported');
    const xml = await t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest', headers: { ...auth.gp1, 'content-type': 'application/fhir+xml' }, payload: '<ServiceRequest/>' });
    expectOutcome(xml, 415, 'not-supported');
  });

  it('answers 401 login without a valid token, and 403 forbidden for another practice or a role that does not refer', async () => {
    const anonymous = await t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest', headers: FHIR, payload: JSON.stringify(referral()) });
    expectOutcome(anonymous, 401, 'login');
    const badToken = await t.app.inject({ method: 'GET', url: '/fhir/ServiceRequest', headers: { authorization: 'Bearer hub_nope' } });
    expectOutcome(badToken, 401, 'login');
    const other = await post('gp2', referral());
    expect(expectOutcome(other, 403, 'forbidden').issue[0].expression).toEqual(['ServiceRequest.requester.identifier.value']);
    expectOutcome(await post('admin', referral()), 403, 'forbidden');
  });
});

describe('reading and searching', () => {
  const patientA = nhsNumber('401000001');
  const patientB = nhsNumber('401000002');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const send = async (name: string, user: string, practice: string, nhs: string, authoredOn: string, priority = 'routine') => {
      const res = await post(user, referral({ authoredOn, priority, requester: { identifier: { system: SYSTEMS.odsCode, value: practice }, display: 'Dr X' } }, nhs));
      expect(res.statusCode).toBe(201);
      ids[name] = res.json().id;
    };
    await send('a1', 'gp1', 'E82001', patientA, '2025-01-15');
    await send('a2', 'gp1', 'E82001', patientA, '2025-06-30', 'asap');
    await send('b1', 'gp1', 'E82001', patientB, '2024-12-31');
    await send('other', 'gp2', 'E82002', patientA, '2025-03-01');
  });

  const search = async (user: string, query: string) => {
    const res = await get(user, `/fhir/ServiceRequest?${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const bundle = res.json();
    expect(r4Problems(bundle)).toEqual([]);
    return bundle;
  };
  const found = (bundle: Resource) => (bundle.entry ?? []).map((e: Resource) => Object.entries(ids).find(([, id]) => id === e.resource.id)?.[0]).sort();

  it('returns a searchset Bundle with total, fullUrl and the resources', async () => {
    const bundle = await search('gp1', `patient=${SYSTEMS.nhsNumber}|${patientA}`);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 2, link: [{ relation: 'self', url: expect.stringContaining('/fhir/ServiceRequest?patient=') }] });
    expect(bundle.entry[0]).toMatchObject({ fullUrl: `http://localhost:80/fhir/ServiceRequest/${bundle.entry[0].resource.id}`, search: { mode: 'match' }, resource: { resourceType: 'ServiceRequest' } });
    expect(found(bundle)).toEqual(['a1', 'a2']);
  });

  it('searches by patient, status, requester and date', async () => {
    expect(found(await search('reviewer', `patient=${patientA}`))).toEqual(['a1', 'a2', 'other']);
    expect(found(await search('reviewer', `patient=${patientA}&requester=${SYSTEMS.odsCode}|E82002`))).toEqual(['other']);
    expect(found(await search('reviewer', `patient=${patientA}&status=forwarded`))).toEqual(['a2']);
    expect(found(await search('reviewer', `patient=${patientA}&status=active`))).toEqual(['a1', 'a2', 'other']);
    expect(found(await search('reviewer', `patient=${patientA}&status=completed`))).toEqual([]);
    expect(found(await search('gp1', 'authored=ge2025-01-01&authored=le2025-12-31&requester=E82001'))).toEqual(expect.arrayContaining(['a1', 'a2']));
    expect(found(await search('gp1', `authored=ge2025-01-01&authored=le2025-12-31&patient=${patientB}`))).toEqual([]);
    expect(found(await search('gp1', `authored=lt2025&patient=${patientB}`))).toEqual(['b1']);
    expect(found(await search('gp1', `authored=2025-06&patient=${patientA}`))).toEqual(['a2']);
  });

  it('keeps a practice to its own referrals: another practice\'s is not found and never in a search', async () => {
    expectOutcome(await get('gp2', `/fhir/ServiceRequest/${ids.a1}`), 404, 'not-found');
    expect(found(await search('gp2', `patient=${patientA}`))).toEqual(['other']);
    expect((await search('gp2', 'requester=E82001')).total).toBe(0);
    expect((await search('gp2', `patient=${patientB}`)).total).toBe(0);
    expectOutcome(await get('gp1', `/fhir/ServiceRequest/${ids.other}`), 404, 'not-found');
  });

  it('audits each read', async () => {
    await get('reviewer', `/fhir/ServiceRequest/${ids.b1}`);
    const audit = await t.database.db.selectFrom('audit_log').select(['actor', 'action', 'outcome']).where('entity_id', '=', ids.b1!).where('action', '=', 'referral.view').execute();
    expect(audit).toContainEqual({ actor: 'reviewer', action: 'referral.view', outcome: 'ok' });
  });

  it('answers 404 for an unknown id, 400 for a bad search and a note when there are more than _count', async () => {
    expectOutcome(await get('gp1', '/fhir/ServiceRequest/00000000-0000-4000-8000-000000000000'), 404, 'not-found');
    expectOutcome(await get('gp1', '/fhir/ServiceRequest/not-a-uuid'), 404, 'not-found');
    expect(expectOutcome(await get('gp1', '/fhir/ServiceRequest?authored=yesterday'), 400, 'value').issue[0].expression).toEqual(['authored']);
    const page = await search('gp1', `patient=${patientA}&_count=1`);
    expect(page.total).toBeUndefined();
    expect(page.entry.map((e: Resource) => e.search.mode)).toEqual(['match', 'outcome']);
  });

  it('answers other paths and methods under /fhir with an OperationOutcome', async () => {
    expectOutcome(await get('gp1', '/fhir/Patient/123'), 404, 'not-found');
    expectOutcome(await get(null, '/fhir'), 404, 'not-found');
    expectOutcome(await t.app.inject({ method: 'PUT', url: `/fhir/ServiceRequest/${ids.a1}`, headers: { ...FHIR, ...auth.gp1 }, payload: '{}' }), 405, 'not-supported');
    expectOutcome(await t.app.inject({ method: 'DELETE', url: `/fhir/ServiceRequest/${ids.a1}`, headers: auth.gp1 }), 405, 'not-supported');
    // The JSON API keeps its own error shape.
    expect((await get(null, '/api/nothing-here')).json()).toMatchObject({ error: 'not_found' });
  });
});
