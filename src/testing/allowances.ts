/**
 * A small Fastify app for the allowance, DES and running-cost route tests, built as
 * src/server/app.ts builds the real one (zod validator and serializer, error handlers, cookies,
 * sign-in and the auth context), so those tests do not depend on app.ts wiring the routes.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import cookie from '@fastify/cookie';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loadConfig } from '../config.js';
import type { Database, Db } from '../db/database.js';
import { authContext } from '../server/auth/context.js';
import { LoginLimiter } from '../server/auth/login-limiter.js';
import { authRoutes } from '../server/auth/routes.js';
import { registerErrorHandlers } from '../server/http/errors.js';
import { TEST_PASSWORD } from './factories.js';
import { testDatabase } from './test-db.js';

export interface RoutesTestApp {
  app: FastifyInstance;
  database: Database;
  db: Db;
  /** Signs in and returns headers carrying the session cookie and CSRF token. */
  signIn(username: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export async function routesTestApp(plugins: ((deps: { db: Db }) => FastifyPluginAsyncZod)[]): Promise<RoutesTestApp> {
  const database = await testDatabase();
  const db = database.db;
  const config = { ...loadConfig({}), webDist: '/nonexistent' };
  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandlers(app);
  await app.register(cookie);
  await app.register(authContext, { db, config });
  await app.register(authRoutes({ db, config, limiter: new LoginLimiter() }));
  for (const plugin of plugins) await app.register(plugin({ db }));
  await app.ready();
  return {
    app, database, db,
    async signIn(username) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`);
      const session = res.cookies.find((c) => c.name === 'hub_session')!;
      return { cookie: `hub_session=${session.value}`, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * A published budget setting for a year and service line with each practice's budget, written
 * directly (the budget-setting workflow is tested where it lives): what the service-change
 * allowance reads. Only the columns migration 0006 requires are given.
 */
export async function insertPublishedBudget(db: Db, year: string, budgets: Record<string, number>, serviceLine = 'elective') {
  const total = Object.values(budgets).reduce((n, b) => n + b, 0);
  const setting = await sql<{ id: number }>`
    insert into budget_setting (year, service_line, version, status, commissioner_total_pence, pace_of_change, floor_percent, growth_pence,
      historic_year, historic_source, created_by, published_by, published_at)
    values (${year}, ${serviceLine}, 1, 'published', ${total}, 0.5, 0.02, 0, ${year}, 'imported', 'test', 'test', now())
    returning id`.execute(db);
  const id = setting.rows[0]!.id;
  for (const [practiceCode, budget] of Object.entries(budgets)) {
    await sql`insert into practice_budget (setting_id, practice_code, group_code, historic_pence, fair_share_pence, budget_pence)
      select ${id}, code, group_code, ${budget}, ${budget}, ${budget} from practice where code = ${practiceCode}`.execute(db);
  }
  return id;
}
