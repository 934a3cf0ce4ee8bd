/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new
 * throwaway database on the PostgreSQL server when HUB_TEST_DB=postgres (DATABASE_URL set).
 */
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';

export const testEngine = (): 'pglite' | 'postgres' => (process.env.HUB_TEST_DB === 'postgres' ? 'postgres' : 'pglite');

export async function testDatabase(): Promise<Database> {
  if (testEngine() === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrate(database);
    return database;
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('HUB_TEST_DB=postgres needs DATABASE_URL');
  const throwaway = await createThrowawayDatabase(serverUrl, 'hub_test');
  const database = await openDatabase({ databaseUrl: throwaway.url, dataDir: 'unused' });
  await migrate(database);
  const close = database.close;
  database.close = async () => {
    await close();
    await throwaway.drop();
  };
  return database;
}

/** A new, empty database on the PostgreSQL server at `serverUrl` (tests, benchmarks), and how to drop it. */
export async function createThrowawayDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const pg = (await import('pg')).default;
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try { await client.query(statement); } finally { await client.end(); }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
