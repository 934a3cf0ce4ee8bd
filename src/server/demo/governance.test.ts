/** The demo's governance: every group gets its bodies, a complete council, levels, declarations and a recusal; a second load changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { testDatabase } from '../../testing/test-db.js';
import { bodyDetail, listBodies } from '../governance/bodies.js';
import { decisionsLog } from '../governance/decisions.js';
import { delegationTable } from '../governance/delegation-levels.js';
import { declarationRegister } from '../governance/declarations.js';
import { loadDemoGovernance } from './governance.js';

let database: Database;
const TODAY = '2026-06-15';

beforeAll(async () => {
  database = await testDatabase();
  await buildOrgTree(database.db, { practices: ['E82001', 'E82002', 'E82003', 'E82004', 'E82005', 'E82006', 'E82007'], patientsPerBand: 0 }); // NORTH 4, SOUTH 3
  for (const username of ['exec-chair', 'committee-chair', 'board']) await createTestUser(database.db, username, 'board');
});
afterAll(() => database.close());

describe('loadDemoGovernance', () => {
  it('gives every group its bodies, a council of one member per practice, and a board with the demo signatories', async () => {
    const summary = await loadDemoGovernance(database.db, 'demo', { today: TODAY });
    expect(summary).toMatchObject({ groups: 2, bodies: 14, meetings: 6, decisions: 6, declarations: 6 });
    const { db } = database;
    const bodies = await listBodies(db, 'NORTH', TODAY);
    expect(bodies.map((b) => b.kind)).toEqual(['council', 'board', 'medical_directors', 'executive', 'directors', 'leads', 'commissioner_support']);
    expect(bodies[0]).toMatchObject({ members: 4, practicesWithoutMember: [] });
    expect(bodies[1]!.nextMeeting).toMatchObject({ heldOn: '2026-07-06' });

    const board = await bodyDetail(db, bodies[1]!.id, TODAY);
    expect(board.memberList.filter((m) => m.username).map((m) => [m.personName, m.role, m.username])).toEqual([
      ['Dr Mary McMinn', 'Chair', 'exec-chair'], ['Dr Paul Heatley', 'Vice chair', 'committee-chair'], ['Dr Richard Walker', 'Member', 'board'],
    ]);
    expect(board.memberList.find((m) => m.role === 'Commissioner director')!.termStatus).toBe('ending_soon');
    const medical = await bodyDetail(db, bodies[2]!.id, TODAY);
    expect(medical.memberList.map((m) => m.sessionsPerWeek)).toEqual([1, 1, 1, 0.5, 1.5, 1]);
    const support = await bodyDetail(db, bodies[6]!.id, TODAY);
    expect(support.memberList.map((m) => m.personName)).toEqual(['John Phipps', 'Lynn Dalton', 'Mitali Begum', 'Pat Potts']);
  });

  it('sets delegation levels and records a recusal for the member with a financial interest', async () => {
    const { db } = database;
    const levels = await delegationTable(db, 'SOUTH');
    expect(Object.fromEntries(levels.functions.map((f) => [f.code, f.category]))).toEqual({
      'plan.approve': 'B', 'business_case.approve': 'B', 'budget.approve': 'A', 'reinvestment.approve': 'B', 'invoice.approve': 'C', 'contract.vary': 'A',
    });
    const register = await declarationRegister(db, { groupCode: 'SOUTH' }, TODAY);
    expect(register.map((d) => [d.personName, d.kind, d.status])).toEqual([
      ['Dr Corina Ciobanu', 'indirect', 'ended'], ['Dr Richard Walker', 'non_financial_personal', 'in_force'], ['Dr Avi Gupta', 'financial', 'in_force'],
    ]);
    const pathway = (await decisionsLog(db, { groupCode: 'SOUTH' })).find((d) => d.title.startsWith('Community dermatology'))!;
    expect(pathway.conflictList.map((c) => [c.personName, c.vote])).toEqual([['Dr Avi Gupta', 'recused']]);
    expect(pathway.tally).toEqual({ for: 5, against: 1, abstain: 0, recused: 1, voted: 6 });
  });

  it('changes nothing when loaded again', async () => {
    const count = (table: 'gov_member' | 'audit_log') => database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const before = [await count('gov_member'), await count('audit_log')];
    expect(await loadDemoGovernance(database.db, 'demo', { today: TODAY })).toMatchObject({ groups: 0, bodies: 0 });
    expect([await count('gov_member'), await count('audit_log')]).toEqual(before);
  });
});
