/**
 * One step of the activity benchmark in its own process, so its peak memory is its own:
 *   tsx bench/activity-worker.ts generate <lines> <folder>
 *     the demo generator at scale: <folder>/activity.csv with exactly <lines> lines (the default
 *     20-practice locality, a year of activity), and <folder>/tariff.csv;
 *   tsx bench/activity-worker.ts copy <target> <file> <lines>
 *     a plain COPY of the file into a table of text columns with no indexes;
 *   tsx bench/activity-worker.ts import <target> <folder>
 *     the demo organisations, then tariff.csv, then activity.csv through the real import
 *     (parse, validate, pseudonymise, price, attribute, store, run the challenge rules);
 *   tsx bench/activity-worker.ts monitor <target>
 *     the monthly monitoring views at whatever size is loaded, timed server-side.
 * <target> is a PostgreSQL URL or a PGlite folder. Prints one line `RESULT {json}` on stdout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { financialMonthOf } from '../src/domain/activity/financial-year.js';
import { ACTIVITY_CSV_COLUMNS, demoTariff, generateActivity } from '../src/domain/demo/activity.js';
import { generateLocality } from '../src/domain/demo/locality.js';
import { activityCost, contractMonitoring } from '../src/server/activity/monitoring.js';
import { csvField } from '../src/server/demo/csv.js';
import { loadDemo } from '../src/server/demo/load.js';
import { importOrgFile } from '../src/server/org/import/import-file.js';
import { MemorySampler, round, type MemoryPeak } from './memory.js';

export const BENCH_PERIOD = { from: '2024-04-01', to: '2025-03-31' } as const;
export const BENCH_YEAR = financialMonthOf(BENCH_PERIOD.from).year;
/** Lines a year per unit of generator fraction, for the default 20-practice locality (about 256,000). */
const LINES_PER_FRACTION = 256_000;

export interface GenerateActivityResult { step: 'generate'; lines: number; csvMiB: number; ms: number; memory: MemoryPeak }
export interface CopyResult { step: 'copy'; lines: number; ms: number; linesPerSecond: number }
export interface ImportActivityResult {
  step: 'import'; lines: number; ms: number; linesPerSecond: number; stored: number; summary: Record<string, number>;
  orgsMs: number; memory: MemoryPeak;
}
export interface MonitorResult { step: 'monitor'; lines: number; views: { name: string; rows: number; medianMs: number; maxMs: number }[] }

const [step, ...args] = process.argv.slice(2);
const report = (result: object) => process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
const isUrl = (target: string) => /^postgres(ql)?:\/\//.test(target);

async function open(target: string): Promise<Database> {
  const database = await openDatabase(isUrl(target) ? { databaseUrl: target, dataDir: '' } : { dataDir: target, holder: 'bench' });
  await migrate(database);
  return database;
}

async function generate(lines: number, folder: string) {
  const sampler = new MemorySampler();
  const t = performance.now();
  const locality = generateLocality();
  fs.writeFileSync(path.join(folder, 'tariff.csv'), `year,pod,tfc,hrg,price\n${demoTariff([BENCH_YEAR]).map((r) => [r.year, r.pod, r.tfc, r.hrg, r.price].join(',')).join('\n')}\n`);
  const rows = generateActivity(locality, { ...BENCH_PERIOD, fraction: Math.max(0.01, (lines / LINES_PER_FRACTION) * 1.1) });
  let written = 0;
  async function* chunks() {
    let chunk = `${ACTIVITY_CSV_COLUMNS.join(',')}\n`;
    for (const row of rows) {
      if (written === lines) break;
      chunk += `${ACTIVITY_CSV_COLUMNS.map((c) => csvField(row[c])).join(',')}\n`;
      written += 1;
      if (chunk.length > 256 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
    yield chunk;
  }
  const file = path.join(folder, 'activity.csv');
  await pipeline(Readable.from(chunks()), fs.createWriteStream(file));
  if (written < lines) throw new Error(`the generator made only ${written} lines`);
  const result: GenerateActivityResult = { step: 'generate', lines: written, csvMiB: round(fs.statSync(file).size / 1024 / 1024), ms: Math.round(performance.now() - t), memory: sampler.stop() };
  report(result);
}

/** The floor: the same file into a table of text columns, no indexes, no checks. */
async function copy(target: string, file: string, lines: number) {
  const columns = ACTIVITY_CSV_COLUMNS.map((c) => `${c} text`).join(', ');
  let ms: number;
  if (isUrl(target)) {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    await client.query(`drop table if exists bench_activity_copy; create unlogged table bench_activity_copy (${columns})`);
    const t = performance.now();
    await pipeline(fs.createReadStream(file), client.query(copyFrom('copy bench_activity_copy from stdin with (format csv, header true)')));
    ms = performance.now() - t;
    await client.query('drop table bench_activity_copy');
    await client.end();
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create({ dataDir: target });
    await db.exec(`create table bench_activity_copy (${columns})`);
    const t = performance.now();
    // PGlite reads COPY input from a Blob (the whole file in memory: fine for the PGlite sizes).
    await db.query("copy bench_activity_copy from '/dev/blob' with (format csv, header true)", [], { blob: new Blob([fs.readFileSync(file)]) });
    ms = performance.now() - t;
    await db.close();
  }
  const result: CopyResult = { step: 'copy', lines, ms: Math.round(ms), linesPerSecond: Math.round(lines / (ms / 1000)) };
  report(result);
}

async function importActivity(target: string, folder: string) {
  const database = await open(target);
  try {
    let t = performance.now();
    await loadDemo(database, { password: 'bench-password', referralFraction: 0 });
    const orgsMs = Math.round(performance.now() - t);
    const tariff = await importOrgFile(database.db, 'tariff', fs.createReadStream(path.join(folder, 'tariff.csv')), { fileName: 'tariff.csv', actor: 'bench' });
    if (tariff.status !== 'succeeded') throw new Error(tariff.message);
    const sampler = new MemorySampler();
    t = performance.now();
    const lines = await importOrgFile(database.db, 'activity', fs.createReadStream(path.join(folder, 'activity.csv')), { fileName: 'activity.csv', actor: 'bench' });
    const ms = performance.now() - t;
    const memory = sampler.stop();
    if (lines.status !== 'succeeded') throw new Error(`${lines.message} ${JSON.stringify(lines.errors.slice(0, 3))}`);
    const result: ImportActivityResult = {
      step: 'import', lines: lines.rowsRead, ms: Math.round(ms), linesPerSecond: Math.round(lines.rowsRead / (ms / 1000)),
      stored: lines.inserted + lines.updated + lines.unchanged, summary: lines.summary, orgsMs, memory,
    };
    report(result);
  } finally {
    await database.close();
  }
}

/** Each view five times after a warm-up; the median is the figure. */
async function monitor(target: string) {
  const database = await open(target);
  try {
    const { db } = database;
    const lines = Number((await db.selectFrom('activity').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const views: [string, () => Promise<unknown[]>][] = [
      ['cost by practice × provider × month (all practices and providers)', () => activityCost(db, { year: BENCH_YEAR }, ['practice', 'provider', 'month'])],
      ['cost by provider × point of delivery × month', () => activityCost(db, { year: BENCH_YEAR }, ['provider', 'pod', 'month'])],
      ['contract monitoring, every provider (plan v actual by month, forecasts)', async () => (await contractMonitoring(db, { year: BENCH_YEAR })).providers],
    ];
    const result: MonitorResult = { step: 'monitor', lines, views: [] };
    for (const [name, run] of views) {
      await run();
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        rows = (await run()).length;
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      result.views.push({ name, rows, medianMs: round(times[2]!), maxMs: round(times[4]!) });
    }
    report(result);
  } finally {
    await database.close();
  }
}

if (step === 'generate') await generate(Number(args[0]), args[1]!);
else if (step === 'copy') await copy(args[0]!, args[1]!, Number(args[2]));
else if (step === 'import') await importActivity(args[0]!, args[1]!);
else if (step === 'monitor') await monitor(args[0]!);
else throw new Error(`unknown step ${step}`);
