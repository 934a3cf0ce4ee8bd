/** The demo's groupings: a federation across two groups, a network of four, a reviewer's private caseload; idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { testDatabase } from '../../testing/test-db.js';
import { listGroupings, practicesInGrouping } from '../insight/groupings.js';
import { loadDemoGroupings } from './groupings.js';

const PRACTICES = Array.from({ length: 12 }, (_, i) => `E82${String(i + 1).padStart(3, '0')}`);
let database: Database;

beforeAll(async () => {
  database = await testDatabase();
  // Three groups, practices dealt round them: NORTH E82001, E82004, …; SOUTH E82002, …; WEST E82003, ….
  await buildOrgTree(database.db, { groups: ['NORTH', 'SOUTH', 'WEST'], practices: PRACTICES, patientsPerBand: 0 });
});
afterAll(() => database.close());

describe('loadDemoGroupings', () => {
  it('loads the shared groupings but skips the caseload while there is no reviewer account', async () => {
    expect(await loadDemoGroupings(database.db, 'demo')).toEqual({
      created: ['North and South federation', 'Primary care network 1'], skipped: ['Reviewer’s caseload'],
    });
  });

  it('adds the reviewer’s private caseload once the account exists, then changes nothing on a further load', async () => {
    const db = database.db;
    const reviewer = await createTestUser(db, 'reviewer', 'reviewer');
    const finance = await createTestUser(db, 'finance', 'finance');
    expect(await loadDemoGroupings(db, 'demo')).toEqual({ created: ['Reviewer’s caseload'], skipped: ['North and South federation', 'Primary care network 1'] });

    const asReviewer = { id: reviewer.id, username: 'reviewer', role: 'reviewer' as const, practiceCode: null };
    const asFinance = { id: finance.id, username: 'finance', role: 'finance' as const, practiceCode: null };
    const mine = await listGroupings(db, asReviewer);
    expect(mine.map((g) => [g.name, g.kind, g.shared, g.owner, g.memberCount])).toEqual([
      ['North and South federation', 'federation', true, null, 8],
      ['Primary care network 1', 'network', true, null, 4],
      ['Reviewer’s caseload', 'caseload', false, 'reviewer', 3],
    ]);
    expect(await practicesInGrouping(db, mine[0]!.id, asFinance)).toEqual(['E82001', 'E82002', 'E82004', 'E82005', 'E82007', 'E82008', 'E82010', 'E82011']);
    expect(await practicesInGrouping(db, mine[1]!.id, asFinance)).toEqual(['E82001', 'E82004', 'E82007', 'E82010']);
    expect(await practicesInGrouping(db, mine[2]!.id, asReviewer)).toEqual(['E82002', 'E82006', 'E82010']);
    expect((await listGroupings(db, asFinance)).map((g) => g.name)).toEqual(['North and South federation', 'Primary care network 1']);

    expect(await loadDemoGroupings(db, 'demo')).toEqual({ created: [], skipped: ['North and South federation', 'Primary care network 1', 'Reviewer’s caseload'] });
    expect(await db.selectFrom('practice_grouping').select('id').execute()).toHaveLength(3);
    const audits = await db.selectFrom('audit_log').select(['actor', 'action']).where('action', '=', 'grouping.create').execute();
    expect(audits).toEqual(Array(3).fill({ actor: 'demo', action: 'grouping.create' }));
  });

  it('gives the shared groupings to the demo commissioner where the account exists', async () => {
    const fresh = await testDatabase();
    try {
      await buildOrgTree(fresh.db, { practices: ['E82001', 'E82002'], patientsPerBand: 0 });
      const commissioner = await createTestUser(fresh.db, 'commissioner', 'commissioner');
      await loadDemoGroupings(fresh.db, 'demo');
      const owners = await fresh.db.selectFrom('practice_grouping').select(['name', 'owner_user_id']).orderBy('name').execute();
      expect(owners).toEqual([{ name: 'North and South federation', owner_user_id: commissioner.id }, { name: 'Primary care network 1', owner_user_id: commissioner.id }]);
    } finally {
      await fresh.close();
    }
  });
});
