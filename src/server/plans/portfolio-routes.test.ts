/**
 * The project portfolio through HTTP (PLAN-6): projects per group, benefits by horizon with their
 * readings, the past-due flag, who may read and change what, exports and the audit trail.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { createTestPlan } from '../../testing/plans.js';

let t: TestApp;
let db: Db;
type Headers = Record<string, string>;
let board: Headers, commissioner: Headers, practiceNorth: Headers, practiceSouth: Headers, reviewer: Headers;

interface Benefit { id: number; horizon: string; status: string; pastDue: boolean; latest: { value: string; recordedOn: string } | null; readings: unknown[] }
interface Project {
  id: number; name: string; groupCode: string; status: string; businessCaseTitle: string | null;
  benefits: { total: number; byHorizon: Record<string, number>; byStatus: Record<string, number>; pastDue: number }; benefitList: Benefit[];
}
interface Portfolio { groupCode: string | null; projects: Project[]; totals: { projects: number; benefits: number; pastDue: number; byHorizon: Record<string, number> } }

const send = (method: 'POST' | 'PUT', url: string, payload: unknown, headers: Headers) => t.app.inject({ method, url, headers, payload: payload as object });
const get = (url: string, headers: Headers) => t.app.inject({ url, headers });
const auditOf = (action: string) => db.selectFrom('audit_log').select(['actor', 'entity_id', 'details']).where('action', '=', action).where('outcome', '=', 'ok').orderBy('id').execute();

let audiology: Project;
let caseId: number;

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  await buildOrgTree(db, { practices: ['E82001', 'E82002'], patientsPerBand: 0 }); // NORTH: E82001; SOUTH: E82002
  await createTestUser(db, 'board', 'board');
  await createTestUser(db, 'commissioner', 'commissioner');
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'practice-e82002', 'practice', 'E82002');
  await createTestUser(db, 'reviewer', 'reviewer');
  [board, commissioner, practiceNorth, practiceSouth, reviewer] = await Promise.all([
    t.signIn('board'), t.signIn('commissioner'), t.signIn('practice-e82001'), t.signIn('practice-e82002'), t.signIn('reviewer'),
  ]);
  const plan = await createTestPlan(db, { groupCode: 'NORTH' });
  caseId = (await db.insertInto('business_case').values({ plan_id: plan.id, title: 'Community audiology', created_by: 'test', updated_by: 'test' }).returning('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.close());

describe('projects and benefits', () => {
  it('adds a project linked to a business case of the group’s plan', async () => {
    const res = await send('POST', '/api/portfolio/projects', { groupCode: 'NORTH', name: 'Community audiology', lead: 'Dr Savla', status: 'active', businessCaseId: caseId, startedOn: '2026-04-01' }, board);
    expect(res.statusCode, res.body).toBe(201);
    audiology = res.json<Project>();
    expect(audiology).toMatchObject({ groupCode: 'NORTH', status: 'active', businessCaseTitle: 'Community audiology', benefits: { total: 0 } });
    const dup = await send('POST', '/api/portfolio/projects', { groupCode: 'NORTH', name: 'Community audiology' }, commissioner);
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ details: [{ field: 'body.name' }] });
    const otherGroup = await send('POST', '/api/portfolio/projects', { groupCode: 'SOUTH', name: 'Stroke pathway', businessCaseId: caseId }, board);
    expect(otherGroup.statusCode).toBe(400);
    expect(otherGroup.json()).toMatchObject({ details: [{ field: 'body.businessCaseId', message: expect.stringMatching(/another group/) }] });
    expect((await auditOf('project.create'))).toHaveLength(1);
  });

  it('adds benefits over three horizons with readings, and flags the past-due ones', async () => {
    const add = (body: object) => send('POST', `/api/portfolio/projects/${audiology.id}/benefits`, body, board);
    expect((await add({ horizon: 'short', description: 'Waits for hearing tests under 6 weeks', measure: 'Median wait (weeks)', baseline: '14', target: '6', dueOn: '2020-09-30', status: 'on_track' })).statusCode).toBe(201);
    expect((await add({ horizon: 'medium', description: 'Fewer ENT outpatient referrals', target: '−20%', dueOn: '2099-03-31' })).statusCode).toBe(201);
    const last = await add({ horizon: 'long', description: 'Hearing aids fitted locally', dueOn: '2020-01-01', status: 'realised' });
    const project = last.json<Project>();
    expect(project.benefits).toEqual({ total: 3, byHorizon: { short: 1, medium: 1, long: 1 }, byStatus: { expected: 1, on_track: 1, at_risk: 0, realised: 1, not_realised: 0 }, pastDue: 1 });
    expect(project.benefitList.map((b) => [b.horizon, b.pastDue])).toEqual([['short', true], ['medium', false], ['long', false]]);

    const short = project.benefitList[0]!;
    const reading = await send('POST', `/api/portfolio/benefits/${short.id}/readings`, { recordedOn: '2026-05-31', value: '11', note: 'May figures' }, commissioner);
    expect(reading.statusCode, reading.body).toBe(201);
    await send('POST', `/api/portfolio/benefits/${short.id}/readings`, { recordedOn: '2026-06-30', value: '9' }, commissioner);
    const future = await send('POST', `/api/portfolio/benefits/${short.id}/readings`, { recordedOn: '2999-01-01', value: '1' }, commissioner);
    expect(future.json()).toMatchObject({ details: [{ field: 'body.recordedOn' }] });
    const realised = await send('PUT', `/api/portfolio/benefits/${short.id}`, { status: 'realised' }, board);
    const b = realised.json<Project>().benefitList[0]!;
    expect(b).toMatchObject({ status: 'realised', pastDue: false, latest: { value: '9', recordedOn: '2026-06-30' } });
    expect(b.readings).toHaveLength(2);
    await send('PUT', `/api/portfolio/benefits/${short.id}`, { status: 'at_risk' }, board);
    expect((await auditOf('benefit.update')).at(-1)).toMatchObject({ actor: 'board', details: { before: { status: 'realised' }, after: { status: 'at_risk' } } });
    expect((await auditOf('benefit.reading')).map((a) => a.actor)).toEqual(['commissioner', 'commissioner']);
  });

  it('shows the portfolio by group with counts; a practice sees only its own group', async () => {
    await send('POST', '/api/portfolio/projects', { groupCode: 'SOUTH', name: 'Stroke pathways' }, board);
    const all = (await get('/api/portfolio', commissioner)).json<Portfolio>();
    expect(all.projects.map((p) => [p.groupCode, p.name])).toEqual([['NORTH', 'Community audiology'], ['SOUTH', 'Stroke pathways']]);
    expect(all.totals).toMatchObject({ projects: 2, benefits: 3, pastDue: 1, byHorizon: { short: 1, medium: 1, long: 1 } });
    expect((await get('/api/portfolio?group=SOUTH', board)).json<Portfolio>().projects.map((p) => p.name)).toEqual(['Stroke pathways']);
    const mine = (await get('/api/portfolio?group=SOUTH', practiceNorth)).json<Portfolio>();
    expect(mine).toMatchObject({ groupCode: 'NORTH', projects: [{ name: 'Community audiology' }] });
    expect((await get(`/api/portfolio/projects/${audiology.id}`, practiceNorth)).statusCode).toBe(200);
    expect((await get(`/api/portfolio/projects/${audiology.id}`, practiceSouth)).statusCode).toBe(404);
    expect((await get('/api/portfolio', reviewer)).statusCode).toBe(403);
  });

  it('lets only the board and the commissioner change the portfolio', async () => {
    expect((await send('POST', '/api/portfolio/projects', { groupCode: 'NORTH', name: 'Weight management' }, practiceNorth)).statusCode).toBe(403);
    expect((await send('PUT', `/api/portfolio/projects/${audiology.id}`, { status: 'completed' }, practiceNorth)).statusCode).toBe(403);
    const changed = await send('PUT', `/api/portfolio/projects/${audiology.id}`, { status: 'completed', lead: 'Dr Walker' }, commissioner);
    expect(changed.json<Project>()).toMatchObject({ status: 'completed' });
    expect((await auditOf('project.update')).at(-1)).toMatchObject({ actor: 'commissioner', details: { before: { status: 'active', lead: 'Dr Savla' } } });
  });

  it('exports one row per benefit as CSV and XLSX', async () => {
    const csv = await get('/api/portfolio?group=NORTH&format=csv', board);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('Group,Project,Project status,Lead,Business case,Horizon,Benefit,Measure,Baseline,Target,Due,Status,Past due,Latest reading,Reading date');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('Short term,Waits for hearing tests under 6 weeks,Median wait (weeks),14,6,2020-09-30,At risk,Yes,9,2026-06-30');
    const xlsx = await get('/api/portfolio?format=xlsx', board);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Portfolio')!;
    expect(sheet.getCell('A1').value).toBe('Project portfolio');
    expect(sheet.rowCount).toBe(4 + 4); // title, as-at line, blank, header; three benefits and a project without any
  });
});
