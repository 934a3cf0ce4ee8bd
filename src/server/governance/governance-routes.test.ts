/**
 * Governance through HTTP (ORG-3 to ORG-6): bodies and the council's one member per practice, the
 * delegation levels (A by default), the register of declarations, and the rule that nobody with
 * a declared conflict decides unseen: a conflicted member's vote on a related decision is refused
 * unless recused, unrelated decisions are unaffected, and an ended declaration stops conflicting.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { createTestBody, createTestBusinessCase, createTestMember } from '../../testing/governance.js';

let t: TestApp;
let db: Db;
let board: Record<string, string>, commissioner: Record<string, string>, practice: Record<string, string>, drx: Record<string, string>;
let drxUserId: number;

const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload: unknown, headers = board) => t.app.inject({ method, url, headers, payload: payload as object });
const get = async <T>(url: string, headers = board) => {
  const res = await t.app.inject({ url, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};
const auditOf = (action: string) => db.selectFrom('audit_log').select(['actor', 'entity_id', 'details']).where('action', '=', action).orderBy('id').execute();

type Member = { id: number; personName: string; practiceCode: string | null; termStatus: string; declarations: { id: number }[] };
type Body = { id: number; kind: string; currentMembers: number; practicesWithoutMember: { code: string }[] | null; memberList: Member[]; nextMeeting: { id: number } | null };
type Declaration = { id: number; personName: string; memberId: number | null; userId: number | null; seats: string[]; status: string; subject: { label: string }; endsOn: string | null };
type Decision = {
  id: number; subjects: { kind: string; ref: string }[]; conflicts: number; tally: Record<string, number>;
  conflictList: { memberId: number; personName: string; sentences: string[]; vote: string | null }[];
  votes: { memberId: number; vote: string; reason: string }[]; recusals: { personName: string }[];
  voters: { memberId: number; eligible: boolean; recusalNeeded: string | null }[];
};

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  await buildOrgTree(db, { practices: ['E82001', 'E82002', 'E82003', 'E82004', 'E82005'], patientsPerBand: 0 }); // NORTH: 1, 3, 5; SOUTH: 2, 4
  await createTestUser(db, 'board', 'board');
  await createTestUser(db, 'commissioner', 'commissioner');
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  drxUserId = (await createTestUser(db, 'drx', 'board')).id;
  [board, commissioner, practice, drx] = await Promise.all([t.signIn('board'), t.signIn('commissioner'), t.signIn('practice-e82001'), t.signIn('drx')]);
});
afterAll(() => t.close());

describe('bodies and the council (ORG-3)', () => {
  let councilId: number;

  it('creates a council and seats one member per practice; a second for the same practice is refused naming it', async () => {
    const created = await send('POST', '/api/governance/bodies', { groupCode: 'NORTH', kind: 'council', name: 'NORTH council', cadence: 'Quarterly, evening' });
    expect(created.statusCode, created.body).toBe(201);
    councilId = created.json<Body>().id;
    expect(created.json<Body>().practicesWithoutMember!.map((p) => p.code)).toEqual(['E82001', 'E82003', 'E82005']);

    const first = await send('POST', `/api/governance/bodies/${councilId}/members`, { personName: 'Dr Ann Lee', practiceCode: 'e82001', role: 'Member', termStart: '2025-04-01', termEnd: '2099-03-31' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<Member>()).toMatchObject({ personName: 'Dr Ann Lee', practiceCode: 'E82001', termStatus: 'current' });

    const second = await send('POST', `/api/governance/bodies/${councilId}/members`, { personName: 'Dr Bob Hart', practiceCode: 'E82001' });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ message: expect.stringContaining('Practice E82001 (E82001) already has a council member: Dr Ann Lee'), details: [{ field: 'practiceCode' }] });

    const body = await get<Body>(`/api/governance/bodies/${councilId}`, practice);
    expect(body.practicesWithoutMember!.map((p) => p.code)).toEqual(['E82003', 'E82005']);
    expect(body.memberList.map((m) => m.personName)).toEqual(['Dr Ann Lee']);
    expect((await auditOf('governance.member_add'))[0]).toMatchObject({ actor: 'board', details: { bodyId: councilId, after: { personName: 'Dr Ann Lee', practiceCode: 'E82001' } } });
  });

  it('lets a successor follow once the earlier term has ended', async () => {
    const ann = (await get<Body>(`/api/governance/bodies/${councilId}`)).memberList[0]!;
    const ended = await send('PUT', `/api/governance/members/${ann.id}`, { personName: 'Dr Ann Lee', practiceCode: 'E82001', termStart: '2025-04-01', termEnd: '2025-12-31' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json<Member>().termStatus).toBe('ended');
    const overlapping = await send('POST', `/api/governance/bodies/${councilId}/members`, { personName: 'Dr Bob Hart', practiceCode: 'E82001', termStart: '2025-12-31' });
    expect(overlapping.statusCode).toBe(409);
    const successor = await send('POST', `/api/governance/bodies/${councilId}/members`, { personName: 'Dr Bob Hart', practiceCode: 'E82001', termStart: '2026-01-01' });
    expect(successor.statusCode, successor.body).toBe(201);
    const body = await get<Body>(`/api/governance/bodies/${councilId}`);
    expect(body.practicesWithoutMember!.map((p) => p.code)).toEqual(['E82003', 'E82005']);
    expect(body.currentMembers).toBe(1);
  });

  it('needs a practice of the group for a council member, a real account to link, and a term that ends after it starts', async () => {
    const url = `/api/governance/bodies/${councilId}/members`;
    const noPractice = await send('POST', url, { personName: 'Dr C' });
    expect(noPractice.statusCode).toBe(422);
    expect(noPractice.json()).toMatchObject({ details: [{ field: 'practiceCode', message: expect.stringContaining('one member per practice') }] });
    expect((await send('POST', url, { personName: 'Dr C', practiceCode: 'E82002' })).json()).toMatchObject({ details: [{ field: 'practiceCode', message: 'E82002 is not a practice of this group' }] });
    const bad = await send('POST', url, { personName: 'Dr C', practiceCode: 'E82003', username: 'nobody', termStart: '2026-04-01', termEnd: '2026-03-01' });
    expect(bad.json<{ details: { field: string }[] }>().details.map((d) => d.field)).toEqual(['termEnd', 'username']);
    expect((await send('POST', url, { personName: '', practiceCode: 'E82003' })).statusCode).toBe(400);
  });

  it('lets everyone read and only governance managers change', async () => {
    expect((await send('POST', '/api/governance/bodies', { groupCode: 'NORTH', kind: 'board', name: 'X' }, practice)).statusCode).toBe(403);
    expect((await send('POST', `/api/governance/bodies/${councilId}/meetings`, { heldOn: '2026-05-01', title: 'Q1' }, practice)).statusCode).toBe(403);
    expect((await get<Body[]>('/api/governance/bodies?group=NORTH', practice)).map((b) => b.kind)).toEqual(['council']);
    const duplicate = await send('POST', '/api/governance/bodies', { groupCode: 'NORTH', kind: 'board', name: 'north COUNCIL' });
    expect(duplicate.statusCode).toBe(409);
    expect((await t.app.inject({ url: '/api/governance/bodies?group=NOPE', headers: board })).statusCode).toBe(404);
  });

  it('keeps meetings, showing the next planned one', async () => {
    const meeting = await send('POST', `/api/governance/bodies/${councilId}/meetings`, { heldOn: '2099-06-01', title: 'Council, Q1', location: 'Hemel Hempstead' });
    expect(meeting.statusCode, meeting.body).toBe(201);
    await send('POST', `/api/governance/bodies/${councilId}/meetings`, { heldOn: '2099-09-01', title: 'Council, Q2' });
    const list = await get<Body[]>('/api/governance/bodies?group=NORTH');
    expect(list[0]!.nextMeeting).toMatchObject({ id: meeting.json<{ id: number }>().id });
  });
});

describe('delegation (ORG-4)', () => {
  type Level = { code: string; category: string; isDefault: boolean; approvers: string[]; approversText: string; bodyName: string | null };

  it('holds every function at A (advisory) until a level is set', async () => {
    const table = await get<{ functions: Level[] }>('/api/governance/delegation?group=SOUTH', practice);
    expect(table.functions.map((f) => f.code)).toEqual(['plan.approve', 'business_case.approve', 'budget.approve', 'reinvestment.approve', 'invoice.approve', 'contract.vary']);
    expect(table.functions.every((f) => f.category === 'A' && f.isDefault && f.approversText === 'Commissioner approves')).toBe(true);
  });

  it('sets a level and the body holding it, audited before and after', async () => {
    const boardBody = await createTestBody(db, 'SOUTH', 'board', 'SOUTH board');
    const res = await send('PUT', '/api/governance/delegation/business_case.approve', { groupCode: 'SOUTH', category: 'B', bodyId: boardBody.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Level>()).toMatchObject({ category: 'B', isDefault: false, approvers: ['consortium', 'commissioner'], approversText: 'Consortium and commissioner approve', bodyName: 'SOUTH board' });
    const again = await send('PUT', '/api/governance/delegation/business_case.approve', { groupCode: 'SOUTH', category: 'C', bodyId: null });
    expect(again.json<Level>()).toMatchObject({ category: 'C', approversText: 'Consortium approves' });
    expect((await auditOf('governance.delegation')).map((a) => a.details)).toEqual([
      { before: { category: 'A', bodyId: null, default: true }, after: { category: 'B', bodyId: boardBody.id } },
      { before: { category: 'B', bodyId: boardBody.id }, after: { category: 'C', bodyId: null } },
    ]);
    expect((await get<{ functions: Level[] }>('/api/governance/delegation?group=NORTH')).functions.find((f) => f.code === 'business_case.approve')!.category).toBe('A');
  });

  it('refuses a body of another group, an unknown function or level, and those who cannot manage', async () => {
    const other = await createTestBody(db, 'NORTH', 'board', 'NORTH board');
    expect((await send('PUT', '/api/governance/delegation/plan.approve', { groupCode: 'SOUTH', category: 'B', bodyId: other.id })).json()).toMatchObject({ details: [{ field: 'bodyId' }] });
    expect((await send('PUT', '/api/governance/delegation/nothing.here', { groupCode: 'SOUTH', category: 'B' })).statusCode).toBe(404);
    expect((await send('PUT', '/api/governance/delegation/plan.approve', { groupCode: 'SOUTH', category: 'D' })).statusCode).toBe(400);
    expect((await send('PUT', '/api/governance/delegation/plan.approve', { groupCode: 'SOUTH', category: 'C' }, practice)).statusCode).toBe(403);
  });
});

describe('declarations and decisions (ORG-5, ORG-6)', () => {
  let boardId: number, xId: number, yId: number, outsiderId: number;
  let caseId: number, otherCaseId: number;

  beforeAll(async () => {
    const body = (await db.selectFrom('gov_body').select('id').where('name', '=', 'NORTH board').executeTakeFirstOrThrow());
    boardId = body.id;
    xId = (await createTestMember(db, boardId, 'Dr X', { userId: drxUserId, role: 'Chair' })).id;
    yId = (await createTestMember(db, boardId, 'Dr Y')).id;
    outsiderId = (await createTestMember(db, (await createTestBody(db, 'NORTH', 'executive')).id, 'Mr Z')).id;
    caseId = (await createTestBusinessCase(db, 'NORTH', 'Community audiology')).id;
    otherCaseId = (await createTestBusinessCase(db, 'SOUTH', 'Weight management')).id;
  });

  const decide = async (payload: Record<string, unknown>) => {
    const res = await send('POST', '/api/governance/decisions', { bodyId: boardId, decidedOn: '2026-05-01', title: 'A decision', ...payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Decision>();
  };
  const vote = (decisionId: number, memberId: number, v: string, reason = '') => send('POST', `/api/governance/decisions/${decisionId}/votes`, { memberId, vote: v, reason });

  it('records a member’s declaration for them, checking the subject against the hub', async () => {
    const declared = await send('POST', '/api/governance/interests', {
      groupCode: 'NORTH', memberId: xId, kind: 'financial', interest: 'Shareholder in the trust’s outpatient company', subjectKind: 'provider', subjectRef: 'rwg', declaredOn: '2026-04-01',
    });
    expect(declared.statusCode, declared.body).toBe(201);
    expect(declared.json<Declaration>()).toMatchObject({ personName: 'Dr X', memberId: xId, userId: drxUserId, seats: ['NORTH board: Chair'], status: 'in_force', subject: { label: 'RWG (Provider RWG)' } });

    const bad = (subjectKind: string, subjectRef: string) => send('POST', '/api/governance/interests', { groupCode: 'NORTH', memberId: yId, kind: 'indirect', interest: 'x', subjectKind, subjectRef, declaredOn: '2026-04-01' });
    expect((await bad('provider', 'ZZZ')).json()).toMatchObject({ details: [{ field: 'subjectRef', message: 'There is no provider with the ODS code ZZZ' }] });
    expect((await bad('practice', 'E99999')).json()).toMatchObject({ details: [{ field: 'subjectRef', message: 'There is no practice with the code E99999' }] });
    expect((await bad('business_case', String(otherCaseId))).json()).toMatchObject({ details: [{ message: `Business case ${otherCaseId} belongs to another group` }] });
    expect((await bad('project', '999')).statusCode).toBe(422);
    const ends = await send('POST', '/api/governance/interests', { groupCode: 'NORTH', memberId: yId, kind: 'indirect', interest: 'x', subjectKind: 'topic', subjectRef: 'Audiology', declaredOn: '2026-04-01', endsOn: '2026-03-01' });
    expect(ends.json()).toMatchObject({ details: [{ field: 'endsOn' }] });
  });

  it('lets anyone declare their own interest, and only managers record one for someone else', async () => {
    const own = await send('POST', '/api/governance/interests', {
      groupCode: 'NORTH', kind: 'non_financial_professional', interest: 'Partner at the practice', subjectKind: 'practice', subjectRef: 'E82003', declaredOn: '2026-01-01',
    }, practice);
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json<Declaration>()).toMatchObject({ personName: 'practice-e82001', memberId: null, seats: [] });
    expect((await send('POST', '/api/governance/interests', { groupCode: 'NORTH', memberId: yId, kind: 'indirect', interest: 'x', subjectKind: 'topic', subjectRef: 'x', declaredOn: '2026-04-01' }, practice)).statusCode).toBe(403);

    const mine = await send('POST', '/api/governance/interests', { groupCode: 'NORTH', kind: 'indirect', interest: 'Spouse works in audiology', subjectKind: 'business_case', subjectRef: String(caseId), declaredOn: '2026-04-01' }, drx);
    expect(mine.json<Declaration>()).toMatchObject({ personName: 'drx', memberId: xId, userId: drxUserId, subject: { label: `Business case ${caseId} (Community audiology)` } });

    const filtered = await get<Declaration[]>('/api/governance/interests?group=NORTH&person=dr%20x');
    expect(filtered.map((d) => d.personName)).toEqual(['Dr X']);
    expect((await get<Declaration[]>('/api/governance/interests?group=NORTH&subjectKind=provider&subjectRef=RWG')).map((d) => d.personName)).toEqual(['Dr X']);
    expect((await auditOf('interest.declare')).map((a) => a.actor)).toEqual(['board', 'practice-e82001', 'drx']);
  });

  it('refuses a conflicted member’s vote on a related decision unless recused, naming the declaration', async () => {
    const decision = await decide({ title: 'Extend the outpatient contract', subjects: [{ kind: 'provider', ref: 'RWG' }], papers: [{ title: 'Contract paper', link: 'https://example.nhs.uk/p.pdf' }] });
    expect(decision.conflicts).toBe(1);
    expect(decision.conflictList).toEqual([expect.objectContaining({ memberId: xId, personName: 'Dr X', vote: null, sentences: ['Dr X declared a financial interest in RWG (Provider RWG) on 2026-04-01'] })]);
    expect(decision.voters.find((v) => v.memberId === xId)!.recusalNeeded).toBe('Dr X declared a financial interest in RWG (Provider RWG) on 2026-04-01: record the vote as recused');

    for (const v of ['for', 'against', 'abstain']) {
      const refused = await vote(decision.id, xId, v);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ message: 'Dr X declared a financial interest in RWG (Provider RWG) on 2026-04-01: record the vote as recused' });
    }
    const recused = await vote(decision.id, xId, 'recused');
    expect(recused.statusCode, recused.body).toBe(200);
    expect((await vote(decision.id, yId, 'for')).statusCode).toBe(200);
    const after = await get<Decision>(`/api/governance/decisions/${decision.id}`, practice);
    expect(after.tally).toEqual({ for: 1, against: 0, abstain: 0, recused: 1, voted: 1 });
    expect(after.recusals.map((r) => r.personName)).toEqual(['Dr X']);
    expect(after.votes.find((v) => v.memberId === xId)!.reason).toBe('Declared interest: Dr X declared a financial interest in RWG (Provider RWG) on 2026-04-01');
    expect(after.conflictList[0]!.vote).toBe('recused');
    const rows = await db.selectFrom('gov_vote').select(['member_id', 'vote']).where('decision_id', '=', decision.id).orderBy('member_id').execute();
    expect(rows).toEqual([{ member_id: xId, vote: 'recused' }, { member_id: yId, vote: 'for' }]);
    expect((await auditOf('decision.vote')).map((a) => (a.details as { after: { vote: string } }).after.vote)).toEqual(['recused', 'for']);
  });

  it('leaves unrelated decisions alone', async () => {
    const decision = await decide({ title: 'Community clinic at RQW', subjects: [{ kind: 'provider', ref: 'RQW' }, { kind: 'topic', ref: 'Dermatology' }] });
    expect(decision.conflicts).toBe(0);
    expect((await vote(decision.id, xId, 'for')).statusCode).toBe(200);
  });

  it('treats a business case link as a subject, so a declaration on the case conflicts', async () => {
    const decision = await decide({ title: 'Approve community audiology', businessCaseId: caseId, functionCode: 'business_case.approve' });
    expect(decision.subjects).toEqual([expect.objectContaining({ kind: 'business_case', ref: String(caseId) })]);
    expect(decision.conflictList.map((c) => c.personName)).toEqual(['Dr X']);
    expect((await vote(decision.id, xId, 'for')).json()).toMatchObject({ message: `drx declared an indirect interest in Business case ${caseId} (Community audiology) on 2026-04-01: record the vote as recused` });
    const foreign = await send('POST', '/api/governance/decisions', { bodyId: boardId, decidedOn: '2026-05-01', title: 'x', businessCaseId: otherCaseId });
    expect(foreign.json()).toMatchObject({ details: [{ field: 'businessCaseId', message: `Business case ${otherCaseId} belongs to another group` }] });
  });

  it('stops conflicting after a declaration’s end date', async () => {
    const rwg = (await get<Declaration[]>('/api/governance/interests?group=NORTH&subjectKind=provider')).find((d) => d.personName === 'Dr X')!;
    expect((await send('POST', `/api/governance/interests/${rwg.id}/end`, { endsOn: '2026-03-01' })).statusCode).toBe(422);
    expect((await send('POST', `/api/governance/interests/${rwg.id}/end`, { endsOn: '2026-06-30' }, practice)).statusCode).toBe(403);
    const ended = await send('POST', `/api/governance/interests/${rwg.id}/end`, { endsOn: '2026-06-30' }, drx); // their own
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json<Declaration>().endsOn).toBe('2026-06-30');

    const onLastDay = await decide({ decidedOn: '2026-06-30', subjects: [{ kind: 'provider', ref: 'RWG' }] });
    expect((await vote(onLastDay.id, xId, 'for')).statusCode).toBe(409);
    const dayAfter = await decide({ decidedOn: '2026-07-01', subjects: [{ kind: 'provider', ref: 'RWG' }] });
    expect(dayAfter.conflicts).toBe(0);
    expect((await vote(dayAfter.id, xId, 'for')).statusCode).toBe(200);
    expect((await auditOf('interest.end'))[0]).toMatchObject({ actor: 'drx', details: { before: { endsOn: null }, after: { endsOn: '2026-06-30' } } });
  });

  it('lets only members of the deciding body vote, and only decision recorders record', async () => {
    const decision = await decide({ title: 'Noted the finance report', outcome: 'noted' });
    const outsider = await vote(decision.id, outsiderId, 'for');
    expect(outsider.statusCode).toBe(422);
    expect(outsider.json()).toMatchObject({ details: [{ field: 'memberId', message: 'Mr Z is not a member of NORTH board: only members of the deciding body may vote' }] });
    expect((await send('POST', `/api/governance/decisions/${decision.id}/votes`, { memberId: yId, vote: 'for' }, practice)).statusCode).toBe(403);
    expect((await send('POST', '/api/governance/decisions', { bodyId: boardId, decidedOn: '2026-05-01', title: 'x' }, practice)).statusCode).toBe(403);
    expect((await send('POST', '/api/governance/decisions', { bodyId: boardId, decidedOn: '2026-05-01', title: 'x', papers: [{ title: 'p', link: 'javascript:alert(1)' }] }, commissioner)).statusCode).toBe(400);
    expect((await send('POST', '/api/governance/decisions', { bodyId: boardId, decidedOn: '2026-05-01', title: 'x', subjects: [{ kind: 'provider', ref: 'NOPE1' }] }, commissioner)).json())
      .toMatchObject({ details: [{ field: 'subjects.0.ref', message: 'There is no provider with the ODS code NOPE1' }] });
  });

  it('shows a meeting’s decisions and the declarations of its members that conflict with them', async () => {
    const meeting = await send('POST', `/api/governance/bodies/${boardId}/meetings`, { heldOn: '2026-05-01', title: 'Board, May', status: 'held' });
    const meetingId = meeting.json<{ id: number }>().id;
    const decision = await decide({ meetingId, title: 'RWG pathway', subjects: [{ kind: 'provider', ref: 'RWG' }] });
    const detail = await get<{ decisions: { id: number }[]; conflicts: { decisionId: number; personName: string }[]; memberDeclarations: { personName: string }[] }>(`/api/governance/meetings/${meetingId}`);
    expect(detail.decisions.map((d) => d.id)).toEqual([decision.id]);
    expect(detail.conflicts).toEqual([expect.objectContaining({ decisionId: decision.id, personName: 'Dr X' })]);
    expect(detail.memberDeclarations.map((d) => d.personName).sort()).toEqual(['Dr X', 'drx']);
    const otherBody = await createTestBody(db, 'NORTH', 'leads');
    expect((await send('POST', '/api/governance/decisions', { bodyId: otherBody.id, meetingId, decidedOn: '2026-05-01', title: 'x' })).json()).toMatchObject({ details: [{ field: 'meetingId' }] });
  });

  it('shows members’ declarations in force on the body page', async () => {
    const body = await get<Body>(`/api/governance/bodies/${boardId}`);
    expect(body.memberList.find((m) => m.id === xId)!.declarations.length).toBeGreaterThanOrEqual(1);
    expect(body.memberList.find((m) => m.id === yId)!.declarations).toEqual([]);
  });
});

describe('exports', () => {
  it('downloads the decisions log as CSV with formula cells neutralised', async () => {
    const boardId = (await db.selectFrom('gov_body').select('id').where('name', '=', 'NORTH board').executeTakeFirstOrThrow()).id;
    expect((await send('POST', '/api/governance/decisions', { bodyId: boardId, decidedOn: '2026-08-01', title: '=HYPERLINK("http://evil")' })).statusCode).toBe(201);
    const res = await t.app.inject({ url: '/api/governance/decisions?group=NORTH&format=csv', headers: board });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="decisions-log-NORTH.csv"');
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^Number,Date,Group,Body,Meeting,Decision,/);
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(res.body).not.toMatch(/,=HYPERLINK/);
    expect(res.body).toContain('Dr X declared a financial interest in RWG (Provider RWG) on 2026-04-01');
  });

  it('downloads the members and the register as XLSX', async () => {
    const members = await t.app.inject({ url: '/api/governance/members?group=NORTH&format=xlsx', headers: practice });
    expect(members.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(members.rawPayload as unknown as ArrayBuffer);
    const values = workbook.getWorksheet('Members')!.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1));
    expect(values.find((r) => r[3] === 'Dr Bob Hart')?.slice(0, 7)).toEqual(['NORTH', 'NORTH council', 'Council', 'Dr Bob Hart', 'Member', undefined, 'Practice E82001 (E82001)']);
    const register = await t.app.inject({ url: '/api/governance/interests?group=NORTH&format=csv', headers: practice });
    expect(register.body.split('\r\n')[0]).toBe('\uFEFFPerson,Seats,Kind of interest,Interest,Subject,In,Declared on,Ends on,Status,Recorded by');
  });
});
