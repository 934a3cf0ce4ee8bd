/**
 * Test set-up for the budget routes: the whole application on a fresh database, practices with
 * different populations in two groups, capitation weights, and one user per role.
 */
import type { FastifyInstance } from 'fastify';
import type { Database, Db } from '../db/database.js';
import { CELLS } from '../domain/budgets/capitation.js';
import { buildOrgTree, createTestUser } from './factories.js';
import { createTestApp } from './test-app.js';

export interface BudgetTestApp {
  app: FastifyInstance;
  database: Database;
  db: Db;
  /** session headers per username: finance, commissioner, board, admin, and practice users p1 (E82001) and p2 (E82002) */
  as: Record<string, Record<string, string>>;
  close(): Promise<void>;
}

export const PRACTICES = ['E82001', 'E82002', 'E82003', 'E82004', 'E82005'] as const;
export const POPULATION_PERIOD = '2025-01-01';

export async function budgetTestApp(): Promise<BudgetTestApp> {
  const t = await createTestApp();
  const { app, database } = t;
  const db = database.db;

  // E82001, E82003, E82005 in NORTH; E82002, E82004 in SOUTH. Populations differ (and older practices weigh more).
  await buildOrgTree(db, { practices: [...PRACTICES], groups: ['NORTH', 'SOUTH'], patientsPerBand: 0 });
  await db.insertInto('population').values(PRACTICES.flatMap((practice_code, p) => CELLS.map(({ sex, ageBand }, i) => ({
    practice_code, period: POPULATION_PERIOD, sex, age_band: ageBand, patients: 20 + p * 7 + (i % 20 >= 13 ? p * 5 : 0),
  })))).execute();
  for (const line of ['elective', 'outpatients', 'non_elective']) {
    await db.insertInto('capitation_weight').values(CELLS.map(({ sex, ageBand }, i) => ({ service_line: line, sex, age_band: ageBand, weight: i % 20 >= 13 ? 2.5 : 1 }))).execute();
  }

  const as: Record<string, Record<string, string>> = {};
  const users: [string, Parameters<typeof createTestUser>[2], string | null][] = [
    ['finance', 'finance', null], ['commissioner', 'commissioner', null], ['board', 'board', null], ['admin', 'admin', null],
    ['p1', 'practice', 'E82001'], ['p2', 'practice', 'E82002'],
  ];
  for (const [username, role, practice] of users) {
    await createTestUser(db, username, role, practice);
    as[username] = await t.signIn(username);
  }
  return { app, database, db, as, close: t.close };
}
