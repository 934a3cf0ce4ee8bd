import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHWAYS } from '../../domain/referrals/catalogue.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { buildReferralCatalogue, validReferral } from '../../testing/referrals.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { PathwayCriterionSchema } from './catalogue-routes.js';

let t: TestApp;
let admin: Record<string, string>, commissioner: Record<string, string>, reviewer: Record<string, string>, practice: Record<string, string>, other: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await buildOrgTree(db);
  await buildReferralCatalogue(db);
  await createTestUser(db, 'admin', 'admin');
  await createTestUser(db, 'commissioner', 'commissioner');
  await createTestUser(db, 'reviewer', 'reviewer');
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'practice-e82002', 'practice', 'E82002');
  admin = await t.signIn('admin');
  commissioner = await t.signIn('commissioner');
  reviewer = await t.signIn('reviewer');
  practice = await t.signIn('practice-e82001');
  other = await t.signIn('practice-e82002');
});
afterAll(() => t.close());

const kneeCriteria = [
  { id: 'duration', kind: 'threshold', label: 'Months of symptoms', field: 'duration_months', operator: '>=', value: 3, unit: 'months' },
  { id: 'xray', kind: 'required_test', label: 'Knee X-ray', test: 'xray' },
  { id: 'physio', kind: 'required_field', label: 'Physiotherapy tried', field: 'physio_tried', input: 'yes-no' },
  { id: 'not-acute', kind: 'excluded_diagnosis', label: 'Not for acute injury', codes: ['S83', 'm00'] },
];
const put = (headers: Record<string, string>, body: object, code = 'knee-pain') =>
  t.app.inject({ method: 'PUT', url: `/api/pathways/${code}`, headers, payload: { name: 'Knee pain (orthopaedics)', tfc: '110', description: 'Adult knee pain', criteria: kneeCriteria, ...body } });

describe('pathways', () => {
  it('lists pathways for anyone signed in, with the questions the form asks', async () => {
    const res = await t.app.inject({ url: '/api/pathways', headers: practice });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([expect.objectContaining({
      code: 'knee-pain', tfc: '110', tfcName: 'Trauma and Orthopaedic', version: 1, active: true, updatedBy: 'test',
      questions: [expect.objectContaining({ key: 'duration_months', type: 'number' }), expect.objectContaining({ key: 'xray', type: 'text' })],
    })]);
    expect((await t.app.inject({ url: '/api/pathways/knee-pain', headers: reviewer })).json()).toMatchObject({ code: 'knee-pain' });
    expect((await t.app.inject({ url: '/api/pathways/no-such', headers: reviewer })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/pathways' })).statusCode).toBe(401);
  });

  it('lets an administrator change the criteria, bumping the version and auditing it; new referrals are checked against them', async () => {
    const res = await put(admin, { version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, updatedBy: 'admin', criteria: kneeCriteria.map((c) => expect.objectContaining({ id: c.id })) });
    expect(res.json().criteria[3].codes).toEqual(['S83', 'M00']);
    const audit = await t.database.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'pathway.update').where('entity_id', '=', 'knee-pain').execute();
    expect(audit).toEqual([{ actor: 'admin', details: expect.objectContaining({ fromVersion: 1, toVersion: 2, changed: ['description', 'criteria'], criteriaBefore: ['duration', 'xray'] }) }]);

    const referral = await t.app.inject({ method: 'POST', url: '/api/referrals', headers: practice, payload: validReferral({ pathwayCode: 'knee-pain', clinicalInfo: { duration_months: 6, physio_tried: 'yes' } }) as object });
    expect(referral.json().pathwayCheck.map((c: { id: string; met: boolean }) => [c.id, c.met])).toEqual([['duration', true], ['xray', false], ['physio', true], ['not-acute', true]]);
  });

  it('refuses a change made on an old version (409), and any change from a reviewer (403)', async () => {
    const stale = await put(commissioner, { version: 1, name: 'Someone else’s edit' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toMatch(/changed by admin/);
    const refused = await put(reviewer, { version: 2 });
    expect(refused.statusCode).toBe(403);
    const denied = await t.database.db.selectFrom('audit_log').select('outcome').where('actor', '=', 'reviewer').where('action', '=', 'pathway.manage').execute();
    expect(denied).toEqual([{ outcome: 'denied' }]);
    expect((await t.app.inject({ url: '/api/pathways/knee-pain', headers: reviewer })).json()).toMatchObject({ version: 2 });
  });

  it('refuses a bad criterion with 400, naming the field', async () => {
    const noOperator = await put(admin, { version: 2, criteria: [kneeCriteria[0], { id: 'bmi', kind: 'threshold', label: 'BMI', field: 'bmi', value: 40 }] });
    expect(noOperator.statusCode).toBe(400);
    expect(noOperator.json().details.map((d: { field: string }) => d.field)).toContain('body.criteria.1.operator');

    const unknownKind = await put(admin, { version: 2, criteria: [{ id: 'x', kind: 'vibes', label: 'Good vibes' }] });
    expect(unknownKind.statusCode).toBe(400);
    expect(unknownKind.json().details.map((d: { field: string }) => d.field)).toContain('body.criteria.0.kind');

    const problems = await put(admin, {
      version: 2, tfc: '999',
      criteria: [kneeCriteria[0], { ...kneeCriteria[1], id: 'duration' }, { id: 'ex', kind: 'excluded_diagnosis', label: 'Excluded', codes: ['banana'] }, { ...kneeCriteria[2], fild: 'typo' }],
    });
    expect(problems.statusCode).toBe(400);
    expect(problems.json().details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['body.tfc', 'body.criteria.1.id', 'body.criteria.2.codes.0', 'body.criteria.3']));
    expect((await t.app.inject({ url: '/api/pathways/knee-pain', headers: admin })).json()).toMatchObject({ version: 2 });
  });

  it('adds a pathway for a commissioning manager, once', async () => {
    const body = { code: 'cataract', name: 'Cataract', tfc: '130', criteria: [{ id: 'acuity', kind: 'threshold', label: 'Visual acuity (logMAR)', field: 'va_logmar', operator: '>=', value: 0.3 }] };
    const created = await t.app.inject({ method: 'POST', url: '/api/pathways', headers: commissioner, payload: body });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: 'cataract', version: 1, updatedBy: 'commissioner', description: '', active: true });
    expect(created.headers.location).toBe('/api/pathways/cataract');
    expect((await t.app.inject({ method: 'POST', url: '/api/pathways', headers: commissioner, payload: body })).statusCode).toBe(409);
    const badCode = await t.app.inject({ method: 'POST', url: '/api/pathways', headers: admin, payload: { ...body, code: 'Not A Code' } });
    expect(badCode.json().details.map((d: { field: string }) => d.field)).toEqual(['body.code']);
    expect((await t.app.inject({ method: 'POST', url: '/api/pathways', headers: reviewer, payload: { ...body, code: 'other' } })).statusCode).toBe(403);
  });

  it('takes a pathway out of use, and leaves it so when a change does not say', async () => {
    const fields = { name: 'Cataract', tfc: '130', criteria: [] };
    const off = await put(admin, { ...fields, version: 1, active: false }, 'cataract');
    expect(off.json()).toMatchObject({ version: 2, active: false });
    const renamed = await put(admin, { ...fields, name: 'Cataract surgery', version: 2 }, 'cataract');
    expect(renamed.json()).toMatchObject({ version: 3, active: false, name: 'Cataract surgery' });
    const inUse = (await t.app.inject({ url: '/api/pathways?active=true', headers: practice })).json();
    expect(inUse.map((p: { code: string }) => p.code)).toEqual(['knee-pain']);
  });

  it('accepts every demo pathway’s criteria (the schema mirrors the domain type)', () => {
    for (const p of PATHWAYS) for (const c of p.criteria) expect(PathwayCriterionSchema.safeParse(c).success, `${p.code}/${c.id}`).toBe(true);
  });
});

describe('community services and the prior-approval list', () => {
  it('lists community services', async () => {
    const res = await t.app.inject({ url: '/api/community-services', headers: reviewer });
    expect(res.json()).toEqual([{ code: 'CMSK', name: 'Community MSK service', tfc: '110', tfcName: 'Trauma and Orthopaedic', providerCode: null, description: '' }]);
  });

  it('lets an administrator add, change and remove a procedure, audited; others may only read', async () => {
    const url = '/api/prior-approval-procedures/t20';
    const add = await t.app.inject({ method: 'PUT', url, headers: admin, payload: { name: 'Inguinal hernia repair', tfc: '100', criteria: 'Symptomatic only' } });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json()).toEqual({ code: 'T20', name: 'Inguinal hernia repair', tfc: '100', tfcName: 'General Surgery', criteria: 'Symptomatic only' });
    const change = await t.app.inject({ method: 'PUT', url, headers: admin, payload: { name: 'Primary repair of inguinal hernia' } });
    expect(change.statusCode).toBe(200);
    expect(change.json()).toMatchObject({ name: 'Primary repair of inguinal hernia', tfc: null, criteria: '' });
    const listed = (await t.app.inject({ url: '/api/prior-approval-procedures', headers: practice })).json();
    expect(listed.map((p: { code: string }) => p.code)).toEqual(['T20', 'W85.1']);
    expect((await t.app.inject({ method: 'PUT', url, headers: reviewer, payload: { name: 'x' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url, headers: reviewer })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url, headers: admin })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'DELETE', url, headers: admin })).statusCode).toBe(404);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', 'T20').where('outcome', '=', 'ok').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['prior_approval.create', 'prior_approval.update', 'prior_approval.delete']);
  });
});

describe('practice notifications', () => {
  it('shows a practice the outcomes of its own referrals, newest first, and marks them read', async () => {
    let r = (await t.app.inject({ method: 'POST', url: '/api/referrals', headers: practice, payload: validReferral() as object })).json();
    r = (await t.app.inject({ method: 'POST', url: `/api/referrals/${r.id}/decisions`, headers: reviewer, payload: { version: r.version, action: 'request_info', reason: 'Please add the X-ray report' } })).json();
    await t.app.inject({ method: 'POST', url: `/api/referrals/${r.id}/decisions`, headers: reviewer, payload: { version: r.version, action: 'discuss_with_gp', reason: 'Phoned the GP' } });

    const mine = (await t.app.inject({ url: '/api/notifications', headers: practice })).json();
    expect(mine.unread).toBe(2);
    expect(mine.notifications.map((n: { message: string }) => n.message)).toEqual([
      `${r.reference}: discussed with the referring GP: Phoned the GP`, `${r.reference}: more information needed: Please add the X-ray report`,
    ]);
    expect(mine.notifications[0]).toMatchObject({ referralId: r.id, read: false, readAt: null });

    const theirs = (await t.app.inject({ url: '/api/notifications', headers: other })).json();
    expect(theirs).toEqual({ unread: 0, notifications: [] });
    expect((await t.app.inject({ method: 'POST', url: `/api/notifications/${mine.notifications[0].id}/read`, headers: other })).statusCode).toBe(404);

    const read = await t.app.inject({ method: 'POST', url: `/api/notifications/${mine.notifications[0].id}/read`, headers: practice });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ read: true, readAt: expect.any(String) });
    const after = (await t.app.inject({ url: '/api/notifications', headers: practice })).json();
    expect(after.unread).toBe(1);
    expect((await t.app.inject({ url: '/api/notifications?unread=true', headers: practice })).json().notifications).toHaveLength(1);
    expect((await t.app.inject({ url: '/api/notifications', headers: reviewer })).statusCode).toBe(403);
  });
});

describe('editing community services', () => {
  const url = (code: string) => `/api/community-services/${code}`;
  const service = { name: 'Community hernia clinic', tfc: '100', providerCode: 'rwg', description: 'GPs with an extended role assess groin lumps.' };
  const auditOf = (code: string) => t.database.db.selectFrom('audit_log').select(['actor', 'action', 'outcome', 'details']).where('entity_type', '=', 'community_service').where('entity_id', '=', code).orderBy('id').execute();

  it('lets a commissioning manager add a service and then change it, each audited with what changed', async () => {
    const add = await t.app.inject({ method: 'PUT', url: url('hernia-clinic'), headers: commissioner, payload: service });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json()).toEqual({ code: 'hernia-clinic', name: 'Community hernia clinic', tfc: '100', tfcName: 'General Surgery', providerCode: 'RWG', description: service.description });

    const change = await t.app.inject({ method: 'PUT', url: url('hernia-clinic'), headers: admin, payload: { name: 'Community hernia and groin clinic', tfc: '100', providerCode: 'RWG' } });
    expect(change.statusCode, change.body).toBe(200);
    expect(change.json()).toMatchObject({ name: 'Community hernia and groin clinic', providerCode: 'RWG', description: '' });

    const listed = (await t.app.inject({ url: '/api/community-services?tfc=100', headers: reviewer })).json();
    expect(listed.map((s: { code: string }) => s.code)).toEqual(['hernia-clinic']);
    expect(await auditOf('hernia-clinic')).toEqual([
      { actor: 'commissioner', action: 'community_service.create', outcome: 'ok', details: { name: 'Community hernia clinic', tfc: '100', providerCode: 'RWG' } },
      { actor: 'admin', action: 'community_service.update', outcome: 'ok', details: expect.objectContaining({ changed: ['name', 'description'] }) },
    ]);
  });

  it('refuses a bad code, name, specialty or provider with 400 naming each field, storing nothing', async () => {
    const badCode = await t.app.inject({ method: 'PUT', url: url('no%20spaces'), headers: admin, payload: service });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().details.map((d: { field: string }) => d.field)).toEqual(['params.code']);

    const bad = await t.app.inject({ method: 'PUT', url: url('new-service'), headers: admin, payload: { name: ' ', tfc: '999' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['body.name', 'body.tfc']));

    const unknownProvider = await t.app.inject({ method: 'PUT', url: url('new-service'), headers: admin, payload: { ...service, providerCode: 'ZZZ' } });
    expect(unknownProvider.statusCode).toBe(400);
    expect(unknownProvider.json().details).toEqual([{ field: 'body.providerCode', message: 'ZZZ is not a known provider code' }]);

    expect((await t.app.inject({ url: '/api/community-services', headers: admin })).json().map((s: { code: string }) => s.code)).not.toContain('new-service');
    expect(await auditOf('new-service')).toEqual([]);
  });

  it('lets only administrators and commissioning managers change or remove a service; refusals are audited', async () => {
    for (const headers of [reviewer, practice]) {
      expect((await t.app.inject({ method: 'PUT', url: url('CMSK'), headers, payload: { name: 'Taken over' } })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'DELETE', url: url('CMSK'), headers })).statusCode).toBe(403);
    }
    expect((await t.app.inject({ method: 'PUT', url: url('CMSK'), payload: { name: 'Taken over' } })).statusCode).toBe(401);
    const audit = await auditOf('CMSK');
    expect(audit.map((a) => [a.actor, a.action, a.outcome])).toEqual([
      ['reviewer', 'pathway.manage', 'denied'], ['reviewer', 'pathway.manage', 'denied'],
      ['practice-e82001', 'pathway.manage', 'denied'], ['practice-e82001', 'pathway.manage', 'denied'],
    ]);
    expect((await t.app.inject({ url: '/api/community-services', headers: admin })).json()).toContainEqual(expect.objectContaining({ code: 'CMSK', name: 'Community MSK service' }));
  });

  it('removes an unused service, audited, and says when there is none to remove', async () => {
    const removed = await t.app.inject({ method: 'DELETE', url: url('hernia-clinic'), headers: admin });
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await t.app.inject({ method: 'DELETE', url: url('hernia-clinic'), headers: admin })).statusCode).toBe(404);
    expect((await auditOf('hernia-clinic')).map((a) => a.action).at(-1)).toBe('community_service.delete');
    expect((await t.app.inject({ url: '/api/community-services', headers: admin })).json().map((s: { code: string }) => s.code)).not.toContain('hernia-clinic');
  });

  it('refuses to remove a service a referral was diverted to, naming the referral (409)', async () => {
    const r = (await t.app.inject({ method: 'POST', url: '/api/referrals', headers: other, payload: validReferral({ practiceCode: 'E82002' }) as object })).json();
    const diverted = await t.app.inject({ method: 'POST', url: `/api/referrals/${r.id}/decisions`, headers: reviewer, payload: { version: r.version, action: 'divert', serviceCode: 'CMSK', reason: 'Community first' } });
    expect(diverted.json()).toMatchObject({ status: 'diverted', divertedTo: { code: 'CMSK' } });

    const refused = await t.app.inject({ method: 'DELETE', url: url('CMSK'), headers: admin });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'in_use', details: [{ field: 'params.code', message: 'is used by 1 referral' }] });
    expect(refused.json().message).toContain(r.reference);
    expect((await t.app.inject({ url: `/api/referrals/${r.id}`, headers: other })).json()).toMatchObject({ divertedTo: { code: 'CMSK', name: 'Community MSK service' } });
    expect((await auditOf('CMSK')).map((a) => a.action)).not.toContain('community_service.delete');
  });
});
