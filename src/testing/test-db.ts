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
  const pg = (await import('pg')).default;
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused' });
  await migrate(database);
  const close = database.close;
  database.close = async () => {
    await close();
    const dropper = new pg.Client({ connectionString: serverUrl });
    await dropper.connect();
    await dropper.query(`drop database if exists ${name} with (force)`);
    await dropper.end();
  };
  return database;
}
