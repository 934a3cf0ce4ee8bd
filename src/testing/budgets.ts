/**
 * Test set-up for the budget routes: the whole application on a fresh database, with the budget
 * routes registered when app.ts does not (yet) register them, practices with different
 * populations in two groups, capitation weights, and one user per role.
 */
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config.js';
import type { Database, Db } from '../db/database.js';
import { CELLS } from '../domain/budgets/capitation.js';
import { buildOrgTree, createTestUser, TEST_PASSWORD } from './factories.js';
import { testDatabase } from './test-db.js';
import { buildApp } from '../server/app.js';
import { budgetRoutes } from '../server/budgets/budget-routes.js';

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
  const database = await testDatabase();
  const db = database.db;
  const app = await buildApp({ config: { ...loadConfig({}), webDist: '/nonexistent' }, database, logger: false });
  if (!app.hasRoute({ method: 'GET', url: '/api/budgets/settings' })) await app.register(budgetRoutes({ db }));
  await app.ready();

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
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'hub_session')!;
    as[username] = { cookie: `hub_session=${cookie.value}`, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken };
  }
  return { app, database, db, as, close: async () => { await app.close(); await database.close(); } };
}
