/** Placeholder: replaced by the demo locality generator and loader. */
import type { Database } from '../../db/database.js';

export interface DemoOptions { seed?: number; practices?: number; password: string; onProgress?: (message: string) => void }
export interface DemoSummary { practices: number; providers: number; groups: number; accounts: string[] }

export async function loadDemo(_database: Database, _options: DemoOptions): Promise<DemoSummary> {
  throw new Error('The demo loader is not built yet.');
}

export async function isEmpty(database: Database): Promise<boolean> {
  const row = await database.db.selectFrom('practice').select('code').limit(1).executeTakeFirst();
  return !row;
}
