/**
 * One measurement in its own process, so its peak memory (maxRSS) is its own:
 *   tsx bench/load-worker.ts generate <practices>
 *     the pure generator plus rendering population.csv, no database;
 *   tsx bench/load-worker.ts pglite <practices> <folder> [referral fraction] | postgres <practices> [referral fraction]
 *     loads the demo into a fresh database through the real import, then loads it again
 *     (which must change nothing). Demo referrals are left out unless a fraction is given: at
 *     the default ~8% of real volume a national demo would have 1.3 million of them.
 * Prints one line `RESULT {json}` on stdout.
 */
import { openDatabase, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { generateLocality } from '../src/domain/demo/locality.js';
import { populationCsvChunks } from '../src/server/demo/csv.js';
import { loadDemo } from '../src/server/demo/load.js';
import { testDatabase } from '../src/testing/test-db.js';
import { MemorySampler, round, type MemoryPeak } from './memory.js';

export interface GenerateResult { mode: 'generate'; practices: number; groups: number; providers: number; populationRows: number; csvMiB: number; ms: number; memory: MemoryPeak }

export interface LoadResult {
  mode: 'pglite' | 'postgres';
  practices: number;
  populationRows: number;
  /** milliseconds: opening and migrating the fresh database, each load phase, the second load */
  migrate: number;
  /** RSS once the empty database is open: the engine's own baseline */
  openedMiB: number;
  phases: Record<string, number>;
  reload: number;
  reloadUnchanged: boolean;
  memory: MemoryPeak;
}

const [mode = 'generate', practiceArg = '6500', ...rest] = process.argv.slice(2);
const folder = mode === 'pglite' ? rest[0] : undefined;
const referralFraction = Number((mode === 'pglite' ? rest[1] : rest[0]) ?? 0);
const practices = Number(practiceArg);
const report = (result: GenerateResult | LoadResult) => process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);

const sampler = new MemorySampler();
let t = performance.now();

if (mode === 'generate') {
  const locality = generateLocality({ practices });
  let rows = 0, chars = 0;
  for (const chunk of populationCsvChunks(locality)) {
    chars += chunk.length;
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) rows += 1;
  }
  report({
    mode, practices, groups: locality.groups.length, providers: locality.providers.length, populationRows: rows - 1,
    csvMiB: round(chars / 1024 / 1024), ms: Math.round(performance.now() - t), memory: sampler.stop(),
  });
} else {
  let database: Database;
  if (mode === 'postgres') {
    process.env.HUB_TEST_DB = 'postgres'; // a throwaway database on DATABASE_URL's server, dropped on close
    database = await testDatabase();
  } else {
    if (!folder) throw new Error('pglite needs a folder');
    database = await openDatabase({ dataDir: folder, holder: 'bench' });
    await migrate(database);
  }
  const migrated = Math.round(performance.now() - t);
  const openedMiB = round(process.memoryUsage().rss / 1024 / 1024);
  try {
    const first = await loadDemo(database, { practices, password: 'bench-password', referralFraction });
    t = performance.now();
    const second = await loadDemo(database, { practices, password: 'bench-password', referralFraction });
    const reload = Math.round(performance.now() - t);
    report({
      mode: mode as LoadResult['mode'], practices, populationRows: first.populationRows, migrate: migrated, openedMiB, phases: first.timings, reload,
      reloadUnchanged: Object.values(second.imports).every((i) => i.inserted === 0 && i.updated === 0) && second.referrals.submitted === 0,
      memory: sampler.stop(),
    });
  } finally {
    await database.close();
  }
}
