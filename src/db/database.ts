/**
 * Opens the database: embedded PGlite in a local folder by default, a real PostgreSQL
 * when DATABASE_URL is set. Both speak the same SQL and return values of the same types.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { PGlite } from '@electric-sql/pglite';
import type { Schema } from './schema.js';
import { acquireFolderLock, type FolderLock } from './folder-lock.js';

export type DatabaseKind = 'pglite' | 'postgres';
export type Db = Kysely<Schema>;
export type Tx = Transaction<Schema>;

export interface Database {
  kind: DatabaseKind;
  db: Db;
  /** Runs a script of several SQL statements inside the given transaction (migrations). */
  execScript(tx: Tx, script: string): Promise<void>;
  close(): Promise<void>;
}

// Type OIDs parsed the same way on both engines: int8 and numeric as numbers (pence and
// ratios fit well within 2^53), dates as ISO text so no time zone ever shifts a date.
const INT8 = 20, NUMERIC = 1700, DATE = 1082;

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite folder; `memory://` for a throwaway in-memory database (tests). */
  dataDir: string;
  /** Who holds the folder lock, shown to a second process that tries to open it. */
  holder?: string;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir, options.holder ?? 'hub');
}

async function openPostgres(connectionString: string): Promise<Database> {
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({
    connectionString,
    max: 20,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
        if (oid === DATE) return (v: string) => v;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle pooled connection that the server closes (restart, admin) is dropped and replaced
  // by the pool; without a listener the error would crash the process.
  pool.on('error', (error) => console.warn(`PostgreSQL connection lost: ${error.message}`));
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    // With no parameters node-postgres uses the simple protocol, which accepts many statements.
    execScript: async (tx, script) => { await sql.raw(script).execute(tx); },
    close: () => db.destroy(),
  };
}

async function openPglite(dataDir: string, holder: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const inMemory = dataDir.startsWith('memory://');
  let lock: FolderLock | undefined;
  if (!inMemory) {
    fs.mkdirSync(dataDir, { recursive: true });
    lock = acquireFolderLock(dataDir, holder);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(inMemory ? {} : { dataDir: path.join(dataDir, 'pgdata') }),
      parsers: { [INT8]: Number, [NUMERIC]: Number, [DATE]: (v: string) => v },
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = new Kysely<Schema>({ dialect: new PGliteDialect(pglite) });
  return {
    kind: 'pglite',
    db,
    // PGlite is one session, so exec runs inside the transaction the Kysely driver opened.
    execScript: async (_tx, script) => { await pglite.exec(script); },
    close: async () => {
      await db.destroy();
      lock?.release();
    },
  };
}
