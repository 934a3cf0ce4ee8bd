/** The whole HTTP application on a fresh test database, with helpers to sign in. */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { loadConfig, type Config } from '../config.js';
import type { Database } from '../db/database.js';
import { buildApp } from '../server/app.js';
import { TEST_PASSWORD } from './factories.js';
import { testDatabase } from './test-db.js';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  /** Signs in and returns headers that carry the session cookie and CSRF token. */
  signIn(username: string, password?: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await testDatabase();
  const config = { ...loadConfig({}), webDist: '/nonexistent', ...overrides };
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  return {
    app, database, config,
    async signIn(username, password = TEST_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'hub_session');
      return { cookie: `hub_session=${cookie!.value}`, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export type { InjectOptions };
