/**
 * Applies migrations/*.sql in name order, each once, each inside its own transaction.
 * An advisory lock makes concurrent start-ups against one PostgreSQL safe.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
const MIGRATION_LOCK = 727_001;

export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const { db } = database;
  await sql`create table if not exists schema_migration (
    name text primary key, applied_at timestamptz not null default now())`.execute(db);
  const files = fs.readdirSync(dir).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  for (const name of files) {
    await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(tx);
      const done = await sql<{ name: string }>`select name from schema_migration where name = ${name}`.execute(tx);
      if (done.rows.length > 0) return;
      await database.execScript(tx, fs.readFileSync(path.join(dir, name), 'utf8'));
      await sql`insert into schema_migration (name) values (${name})`.execute(tx);
      applied.push(name);
    });
  }
  return applied;
}
