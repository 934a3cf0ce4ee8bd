/**
 * The plan document through HTTP (PLAN-1, PLAN-5): the template of seed 004 and its editing for a
 * later year, starting plans, who may write which section, optimistic locking, sending for
 * sign-off (refused while sections are empty), withdrawal, new versions after sign-off, frozen
 * versions and figures, comparison — and the database refusing changes to what is frozen.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { insertPublishedBudget } from '../../testing/allowances.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { fillPlanSections } from '../../testing/plans.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

const YEAR = '2026/27';

let t: TestApp;
let db: Db;
type Headers = Record<string, string>;
let admin: Headers, commissioner: Headers, finance: Headers, board: Headers, north: Headers, south: Headers;

type Section = { key: string; part: string; title: string; completedBy: string; kind: string; body: string; revision: number; mayEdit: boolean; guidance: string };
type Figure = { label: string; value: number | null; unit: string; source: string };
type PlanView = {
  plan: { id: number; groupCode: string; status: string; version: number; sectionsWritten: number; sectionsToWrite: number };
  sections: Section[]; frozen: boolean; figures: Record<string, Figure>; mayManage: boolean;
  live: { practices: { code: string }[] }; version: { version: number; status: string } | null;
};
type Template = { id: number; name: string; fromYear: string; introduction: string; plans: number; updatedAt: string; sections: Omit<Section, 'body' | 'revision' | 'mayEdit'>[] };

const get = (url: string, headers: Headers) => t.app.inject({ url, headers });
const send = (method: 'POST' | 'PUT', url: string, headers: Headers, payload: object = {}) => t.app.inject({ method, url, headers, payload });
const ok = async <T>(res: Promise<{ statusCode: number; body: string; json: <J>() => J }>, status = 200) => {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json<T>();
};
const view = (id: number, headers = commissioner) => ok<PlanView>(get(`/api/plans/${id}`, headers));
const section = (v: PlanView, key: string) => v.sections.find((s) => s.key === key)!;
const write = (id: number, key: string, body: string, revision: number, headers: Headers) => send('PUT', `/api/plans/${id}/sections/${key}`, headers, { body, revision });
const auditOf = (action: string) => db.selectFrom('audit_log').select(['actor', 'entity_id', 'details', 'outcome']).where('action', '=', action).orderBy('id').execute();

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  await buildOrgTree(db, { practices: ['E82001', 'E82002', 'E82003'] }); // NORTH: E82001, E82003; SOUTH: E82002
  for (const role of ['admin', 'commissioner', 'finance', 'board'] as const) await createTestUser(db, role, role);
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'practice-e82002', 'practice', 'E82002');
  [admin, commissioner, finance, board, north, south] = await Promise.all([
    t.signIn('admin'), t.signIn('commissioner'), t.signIn('finance'), t.signIn('board'), t.signIn('practice-e82001'), t.signIn('practice-e82002'),
  ]);
});
afterAll(() => t.close());

describe('the template of seed 004', () => {
  it('has every section of the seed in order, each marked for completion as the seed marks it', async () => {
    const [summary] = await ok<{ id: number; fromYear: string; sections: number }[]>(get('/api/plan-templates', admin));
    expect(summary).toMatchObject({ fromYear: '2025/26', sections: 38 });
    const template = await ok<Template>(get(`/api/plan-templates/${summary!.id}`, board));
    const by = Object.fromEntries(template.sections.map((s) => [s.key, s]));
    expect(template.sections.map((s) => s.key)).toEqual([
      '1', '2.1', '2.3', '3.1', '3.2', '4.1', '4.2', '4.3', '4.4', '4.5', '5.1', '5.2', '5.3', '5.4', '5.5', '6.1', '6.2',
      '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '7.7', '7.8', '8.1', '8.2', '8.3', '8.4', '9.1', '9.2', '9.3', '10', 'a1', 'a4.2', 'a4.3', 'a4.4', 'a4.5',
    ]);
    expect([by['4.1'], by['4.2'], by['5.3'], by['3.2'], by['7.4'], by['9.3'], by['10']].map((s) => s!.completedBy))
      .toEqual(['both', 'consortium', 'commissioner', 'commissioner', 'consortium', 'consortium', 'both']);
    expect(Object.fromEntries(template.sections.filter((s) => s.kind !== 'text').map((s) => [s.key, s.kind]))).toEqual({
      1: 'practices', '2.1': 'governance', 10: 'signoff', a1: 'business_cases', 'a4.2': 'milestones', 'a4.3': 'responsibilities',
    });
    expect(by['4.2']!.guidance).toContain('Please specify what the evidence base is for each of the proposed changes.');
    expect(template.introduction).toMatch(/^## Purpose of this document/);
    expect(JSON.stringify(template)).not.toMatch(/\bPCT\b|DacCom/);
  });
});

describe('plans', () => {
  let planId: number;

  it('starts a group’s plan from the template in force, once per year', async () => {
    const created = await ok<PlanView>(send('POST', '/api/plans', board, { groupCode: 'NORTH', year: YEAR }), 201);
    planId = created.plan.id;
    expect(created.plan).toMatchObject({ groupCode: 'NORTH', status: 'draft', version: 1, sectionsWritten: 0, sectionsToWrite: 32 });
    expect(created.sections).toHaveLength(38);
    const again = await send('POST', '/api/plans', commissioner, { groupCode: 'NORTH', year: YEAR });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ details: [{ field: 'body.groupCode' }] });
    expect((await send('POST', '/api/plans', north, { groupCode: 'NORTH', year: '2027/28' })).statusCode).toBe(403);
    expect((await send('POST', '/api/plans', board, { groupCode: 'NORTH', year: '2024/25' })).json()).toMatchObject({ error: 'no_template' });
    expect((await send('POST', '/api/plans', board, { groupCode: 'NOWHERE', year: YEAR })).statusCode).toBe(422);
    expect((await auditOf('plan.start')).map((a) => a.actor)).toEqual(['board']);
  });

  it('lists plans by year and group; a practice sees only its own group’s and cannot read another’s', async () => {
    const southPlan = await ok<PlanView>(send('POST', '/api/plans', commissioner, { groupCode: 'SOUTH', year: YEAR }), 201);
    expect((await ok<{ groupCode: string }[]>(get(`/api/plans?year=${YEAR}`, finance))).map((p) => p.groupCode)).toEqual(['NORTH', 'SOUTH']);
    expect((await ok<{ groupCode: string }[]>(get('/api/plans?group=SOUTH', admin))).map((p) => p.groupCode)).toEqual(['SOUTH']);
    expect((await ok<{ groupCode: string }[]>(get('/api/plans', north))).map((p) => p.groupCode)).toEqual(['NORTH']);
    expect((await get(`/api/plans/${southPlan.plan.id}`, north)).statusCode).toBe(404);
    expect((await get(`/api/plans/${planId}`, south)).statusCode).toBe(404);
    expect((await get(`/api/plans/${planId}/versions`, south)).statusCode).toBe(404);
    expect((await get(`/api/plans/${planId}`, north)).statusCode).toBe(200);
    expect((await write(southPlan.plan.id, '4.2', 'Not ours.', 0, north)).statusCode).toBe(404);
    expect((await auditOf('plan.edit')).at(-1)).toMatchObject({ actor: 'practice-e82001', outcome: 'denied', entity_id: String(southPlan.plan.id) });
  });

  it('tells each user which sections they may write', async () => {
    const mine = (v: PlanView) => v.sections.filter((s) => s.mayEdit).map((s) => s.key);
    const practiceView = await view(planId, north);
    expect(mine(practiceView)).toContain('4.2');
    expect(mine(practiceView)).not.toContain('5.3');
    expect(mine(practiceView)).not.toContain('3.2');
    const commissionerView = await view(planId, commissioner);
    expect(mine(commissionerView)).toEqual(expect.arrayContaining(['4.1', '5.3', '3.2', '10']));
    expect(mine(commissionerView)).not.toContain('4.2');
    expect(mine(await view(planId, admin))).toEqual([]);
    expect([practiceView.mayManage, (await view(planId, board)).mayManage]).toEqual([false, true]);
  });

  it('lets the consortium write its sections and the commissioner its own, and no one the other’s', async () => {
    const saved = await ok<{ revision: number; updatedBy: string }>(write(planId, '4.2', 'Reducing A&E attendances.', 0, north));
    expect(saved).toMatchObject({ revision: 1, updatedBy: 'practice-e82001' });
    const refused = await write(planId, '5.3', 'Weighted capitation.', 0, north);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ message: 'This section is for completion by the commissioner.' });
    const refusedToo = await write(planId, '4.2', 'Our view.', 1, commissioner);
    expect(refusedToo.statusCode).toBe(403);
    expect(refusedToo.json()).toMatchObject({ message: 'This section is for completion by the consortium.' });
    expect((await write(planId, '5.3', 'Weighted capitation, {{fair_share_total}}.', 0, finance)).statusCode).toBe(200);
    expect((await write(planId, '4.4', '| Figure | Value |\n|---|---|\n| Budget | {{budget_total}} |', 0, board)).statusCode).toBe(200);
    expect((await write(planId, '4.2', 'x', 0, admin)).statusCode).toBe(403);
    expect((await write(planId, 'zz', 'x', 0, board)).statusCode).toBe(404);
    expect((await auditOf('plan.section.edit')).map((a) => a.entity_id)).toEqual([`${planId} 4.2`, `${planId} 5.3`, `${planId} 4.4`]);
  });

  it('refuses a save from a stale revision, naming the section and who changed it', async () => {
    const stale = await write(planId, '4.2', 'My older edit.', 0, board);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'stale_section', details: [{ field: 'body.revision' }] });
    expect(stale.json<{ message: string }>().message).toMatch(/^Section 4\.2 \(Services to be commissioned\) was changed by practice-e82001/);
    expect(section(await view(planId), '4.2')).toMatchObject({ body: 'Reducing A&E attendances.', revision: 1 });
  });

  it('refuses to send for sign-off while text sections are empty, naming each', async () => {
    const res = await send('POST', `/api/plans/${planId}/send-for-sign-off`, board);
    expect(res.statusCode).toBe(400);
    const details = res.json<{ details: { field: string; message: string }[] }>().details;
    expect(details).toHaveLength(29);
    expect(details[0]).toEqual({ field: 'sections.2.3', message: '2.3 Consortium leads is empty (for completion by the consortium)' });
    expect(details.map((d) => d.field)).not.toContain('sections.4.2');
    expect(details.map((d) => d.field)).not.toContain('sections.1');
    expect((await send('POST', `/api/plans/${planId}/send-for-sign-off`, north)).statusCode).toBe(403);
  });

  it('refuses a figure that does not exist, in the editor’s words', async () => {
    await fillPlanSections(db, planId);
    const r = (await view(planId)).sections.find((s) => s.key === '4.5')!;
    await ok(write(planId, '4.5', 'Pays {{budget_totl}}.', r.revision, board));
    const res = await send('POST', `/api/plans/${planId}/send-for-sign-off`, board);
    expect(res.json()).toMatchObject({ details: [{ field: 'sections.4.5', message: '4.5 Locally agreed initiatives names {{budget_totl}}, which is not a figure' }] });
    await ok(write(planId, '4.5', 'Pays {{budget_total}}.', r.revision + 1, board));
  });

  describe('a version sent for sign-off', () => {
    beforeAll(async () => {
      await insertPublishedBudget(db, YEAR, { E82001: 100_000_000, E82003: 50_000_000, E82002: 70_000_000 });
      expect((await view(planId)).figures.budget_total!.value).toBe(150_000_000);
      expect(await ok(send('POST', `/api/plans/${planId}/send-for-sign-off`, board))).toEqual({ version: 1 });
    });

    it('is frozen: no one may write a section, through the API or in the database', async () => {
      const v = await view(planId, board);
      expect(v).toMatchObject({ plan: { status: 'in_sign_off', version: 1 }, frozen: true, version: { version: 1, status: 'in_sign_off' } });
      expect(v.sections.filter((s) => s.mayEdit)).toEqual([]);
      const res = await write(planId, '4.2', 'Late change.', 1, north);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ message: 'Version 1 is with the signatories: withdraw it to change the plan.' });
      await expect(db.updateTable('plan_section').set({ body: 'Sneaked in.' }).where('plan_id', '=', planId).where('key', '=', '4.2').execute())
        .rejects.toThrow(/content cannot change/);
      await expect(sql`update plan_version set snapshot = '{}'::jsonb where plan_id = ${planId}`.execute(db)).rejects.toThrow(/is frozen/);
      expect((await send('POST', `/api/plans/${planId}/send-for-sign-off`, board)).statusCode).toBe(409);
    });

    it('keeps its figures as they were when the live data changes', async () => {
      await insertPublishedBudget(db, YEAR, { E82001: 10_000_000 }, 'outpatients');
      const frozen = await ok<{ figures: Record<string, Figure>; snapshot: { sections: { key: string; body: string }[] } }>(get(`/api/plans/${planId}/versions/1`, north));
      expect(frozen.figures.budget_total).toMatchObject({ value: 150_000_000, unit: 'pence' });
      expect(frozen.figures.practices!.value).toBe(2);
      expect(frozen.snapshot.sections.find((s) => s.key === '4.2')!.body).toBe('Reducing A&E attendances.');
      expect((await view(planId)).figures.budget_total!.value).toBe(150_000_000);
    });

    it('can be withdrawn, with a reason, returning the plan to draft as version 2', async () => {
      expect((await send('POST', `/api/plans/${planId}/withdraw`, board, { reason: ' ' })).statusCode).toBe(400);
      expect(await ok(send('POST', `/api/plans/${planId}/withdraw`, commissioner, { reason: 'Budget changed' }))).toEqual({ version: 2 });
      const v = await view(planId);
      expect(v).toMatchObject({ plan: { status: 'draft', version: 2 }, frozen: false, version: null });
      expect(v.figures.budget_total!.value).toBe(160_000_000);
      const versions = await ok<{ version: number; status: string; withdrawnReason: string }[]>(get(`/api/plans/${planId}/versions`, north));
      expect(versions).toMatchObject([{ version: 1, status: 'withdrawn', withdrawnReason: 'Budget changed' }]);
      expect((await send('POST', `/api/plans/${planId}/withdraw`, board, { reason: 'again' })).statusCode).toBe(409);
    });

    it('compares versions and the draft, section by section', async () => {
      const s = section(await view(planId), '4.2');
      await ok(write(planId, '4.2', 'Reducing A&E attendances by GP triage.', s.revision, north));
      const c = await ok<{ sections: { key: string; change: string; body: { text: string; change: string }[] }[]; summary: { sectionsChanged: number } }>(
        get(`/api/plans/${planId}/compare?from=1&to=draft`, north));
      expect(c.summary.sectionsChanged).toBe(1);
      const changed = c.sections.find((x) => x.key === '4.2')!;
      expect(changed.change).toBe('changed');
      expect(changed.body.filter((p) => p.change === 'added').map((p) => p.text).join('')).toContain('by GP triage');
      expect((await get(`/api/plans/${planId}/compare?from=7`, north)).statusCode).toBe(404);
    });

    it('once signed, is read-only until a plan.manage user starts a new version', async () => {
      expect(await ok(send('POST', `/api/plans/${planId}/send-for-sign-off`, board))).toEqual({ version: 2 });
      // Signing belongs to the sign-off routes; here the outcome is written as they record it.
      await db.updateTable('plan_version').set({ status: 'signed', signed_at: new Date() }).where('plan_id', '=', planId).where('version', '=', 2).execute();
      await db.updateTable('plan').set({ status: 'signed' }).where('id', '=', planId).execute();
      const res = await write(planId, '4.2', 'After signing.', 2, board);
      expect(res.json()).toMatchObject({ message: 'Version 2 is signed: start a new version to change it.' });
      await expect(sql`update plan_version set status = 'withdrawn' where plan_id = ${planId} and version = 2`.execute(db)).rejects.toThrow(/signed and cannot change/);
      expect((await send('POST', `/api/plans/${planId}/withdraw`, board, { reason: 'x' })).statusCode).toBe(409);
      expect((await send('POST', `/api/plans/${planId}/new-version`, north)).statusCode).toBe(403);
      expect(await ok(send('POST', `/api/plans/${planId}/new-version`, board, { reason: 'Mid-year review' }))).toEqual({ version: 3 });
      expect((await auditOf('plan.new_version'))[0]).toMatchObject({ actor: 'board', details: { signedVersion: 2, version: 3, reason: 'Mid-year review' } });
      const v = await view(planId, north);
      expect(v.plan).toMatchObject({ status: 'draft', version: 3 });
      expect(section(v, '4.2').mayEdit).toBe(true);
      const versions = await ok<{ version: number; status: string }[]>(get(`/api/plans/${planId}/versions`, board));
      expect(versions.map((x) => [x.version, x.status])).toEqual([[1, 'withdrawn'], [2, 'signed']]);
    });
  });
});

describe('the API description', () => {
  it('documents the plan routes', async () => {
    const doc = await ok<{ paths: Record<string, unknown> }>(get('/api/openapi.json', admin));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/plans', '/api/plans/{id}', '/api/plans/{id}/sections/{key}', '/api/plans/{id}/compare', '/api/plan-templates/{id}']));
  });
});

describe('editing the template for next year', () => {
  it('copies the latest template for a later year only, for administrators', async () => {
    expect((await send('POST', '/api/plan-templates', board, { fromYear: '2027/28' })).statusCode).toBe(403);
    expect((await send('POST', '/api/plan-templates', admin, { fromYear: '2025/26' })).statusCode).toBe(422);
    const copy = await ok<Template>(send('POST', '/api/plan-templates', admin, { fromYear: '2027/28' }), 201);
    expect(copy).toMatchObject({ fromYear: '2027/28', plans: 0 });
    expect(copy.sections).toHaveLength(38);
  });

  it('adds, removes, reorders and rewords sections in one save; plans already begun keep theirs', async () => {
    const templates = await ok<Template[]>(get('/api/plan-templates', admin));
    const next = await ok<Template>(get(`/api/plan-templates/${templates[0]!.id}`, admin));
    const sections = next.sections.filter((s) => s.key !== '8.4').map((s) => (s.key === '4.2' ? { ...s, title: 'Service changes', completedBy: 'both' } : s));
    sections.splice(1, 0, { key: '1.5', part: '1. Consortium details', title: 'Population health needs', guidance: 'The main health needs.', completedBy: 'commissioner', kind: 'text' });
    const body = { name: next.name, introduction: 'New introduction.', sections, updatedAt: next.updatedAt };
    const saved = await ok<Template>(send('PUT', `/api/plan-templates/${next.id}`, admin, body));
    expect(saved.sections.map((s) => s.key).slice(0, 3)).toEqual(['1', '1.5', '2.1']);
    expect(saved.sections.find((s) => s.key === '4.2')).toMatchObject({ title: 'Service changes', completedBy: 'both' });
    expect(saved.sections.map((s) => s.key)).not.toContain('8.4');
    expect((await auditOf('plan.template.update'))[0]).toMatchObject({ actor: 'admin', details: { added: ['1.5'], removed: ['8.4'], changed: ['4.2'] } });

    const stale = await send('PUT', `/api/plan-templates/${next.id}`, admin, body);
    expect(stale.statusCode).toBe(409);
    const duplicate = await send('PUT', `/api/plan-templates/${next.id}`, admin, { ...body, updatedAt: saved.updatedAt, sections: [...sections, sections[3]] });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json<{ details: unknown[] }>().details).toEqual([{ field: `body.sections.${sections.length}.key`, message: 'is 2.3, used by an earlier section: each section needs its own key' }]);

    const begun = (await ok<{ id: number; year: string }[]>(get('/api/plans?group=SOUTH', board)))[0]!;
    expect(section(await view(begun.id), '4.2')).toMatchObject({ title: 'Services to be commissioned', completedBy: 'consortium' });
    const later = await ok<PlanView>(send('POST', '/api/plans', board, { groupCode: 'SOUTH', year: '2028/29' }), 201);
    expect(section(later, '4.2')).toMatchObject({ title: 'Service changes', completedBy: 'both' });
    expect(section(later, '1.5').completedBy).toBe('commissioner');
  });
});
