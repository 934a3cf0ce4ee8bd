/** The demo's signatories: each signatory account holds its role in every group; a second load changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { SIGNATORY_ACCOUNTS } from '../../domain/demo/accounts.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { testDatabase } from '../../testing/test-db.js';
import { loadDemoSignatories } from './signatories.js';

let database: Database;
const holders = () => database.db.selectFrom('plan_signatory as s').innerJoin('app_user as u', 'u.id', 's.user_id')
  .select(['s.group_code', 's.role_code', 'u.username']).orderBy('s.group_code').orderBy('s.role_code').execute();

beforeAll(async () => {
  database = await testDatabase();
  await buildOrgTree(database.db, { groups: ['NORTH', 'SOUTH'], patientsPerBand: 0 });
});
afterAll(() => database.close());

describe('loadDemoSignatories', () => {
  it('reports missing accounts and names nobody for them', async () => {
    expect(await loadDemoSignatories(database.db, 'demo')).toEqual({ groups: 2, assigned: 0, missing: ['exec-chair', 'committee-chair', 'chief-exec'] });
    expect(await holders()).toEqual([]);
  });

  it('names each signatory account to its role for every group, once, keeping a holder named since', async () => {
    for (const a of SIGNATORY_ACCOUNTS) await createTestUser(database.db, a.username, a.role);
    expect(await loadDemoSignatories(database.db, 'demo')).toEqual({ groups: 2, assigned: 6, missing: [] });
    expect((await holders()).map((h) => [h.group_code, h.role_code, h.username])).toEqual([
      ['NORTH', 'chief_executive', 'chief-exec'], ['NORTH', 'committee_chair', 'committee-chair'], ['NORTH', 'executive_chair', 'exec-chair'],
      ['SOUTH', 'chief_executive', 'chief-exec'], ['SOUTH', 'committee_chair', 'committee-chair'], ['SOUTH', 'executive_chair', 'exec-chair'],
    ]);
    const other = await createTestUser(database.db, 'new-chair', 'board');
    await database.db.updateTable('plan_signatory').set({ user_id: other.id }).where('group_code', '=', 'SOUTH').where('role_code', '=', 'executive_chair').execute();
    expect(await loadDemoSignatories(database.db, 'demo')).toEqual({ groups: 2, assigned: 0, missing: [] });
    expect((await holders()).find((h) => h.group_code === 'SOUTH' && h.role_code === 'executive_chair')!.username).toBe('new-chair');
    const audits = await database.db.selectFrom('audit_log').select('details').where('action', '=', 'demo.signatories').execute();
    expect(audits).toHaveLength(1);
  });
});
