/** What every CLI command shares: the database (same settings as the server) and output. */
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { DatabaseBusyError } from '../db/folder-lock.js';
import { migrate } from '../db/migrate.js';

export class CliError extends Error {}

/** Opens and migrates the database, runs `work`, always closes. */
export async function withDatabase<T>(command: string, work: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, holder: `hub ${command}` });
  } catch (error) {
    if (error instanceof DatabaseBusyError) {
      throw new CliError(`${error.message}\nWhile the server is running, use the web app or the API (with a token from \`hub tokens create\`, run before starting the server) instead.`);
    }
    throw error;
  }
  try {
    await migrate(database);
    return await work(database, config);
  } finally {
    await database.close();
  }
}

/** Prints a result as JSON (for scripts) or as text lines (for people). */
export function output(json: boolean, value: unknown, lines: () => string[]) {
  if (json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else for (const line of lines()) process.stdout.write(`${line}\n`);
}
