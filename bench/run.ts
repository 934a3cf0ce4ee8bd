/**
 * `npm run bench [-- --quick] [-- --practices N] [-- --no-cold-start] [-- --no-referrals | --referrals] [-- --no-activity | --activity [--lines N] [--pglite-lines N]] [-- --packs [--practices N]]`
 * Generates and loads a national-size demo (6,500 practices, ~1 million population rows)
 * into a fresh PGlite database (and PostgreSQL when DATABASE_URL is set), then times the
 * server's cold start, then referral submissions over HTTP against a bare insert route
 * (bench/referrals.ts: PostgreSQL, and PGlite for comparison). `--referrals` runs only that.
 * Then hospital activity at scale (bench/activity.ts: 10 million lines on PostgreSQL, 1 million
 * on PGlite; --quick: 200,000 and 50,000). `--activity` runs only that. `--packs` runs only the
 * feedback packs of every practice for a month (bench/packs.ts).
 * Prints a table and writes bench/results/latest.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { killTrackedOnExit, runWorker } from './children.js';
import { freePort, timeStart, type StartResult } from './cold-start.js';
import type { GenerateResult, LoadResult } from './load-worker.js';
import { activityTable, runActivityBench, type ActivityBenchResult } from './activity.js';
import { packsTable, runPacksBench, type PacksBenchResult } from './packs.js';
import { referralTable, runReferralBench, saveReferralResults, type ReferralBenchResult } from './referrals.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false }, practices: { type: 'string' }, 'no-cold-start': { type: 'boolean', default: false },
    referrals: { type: 'boolean', default: false }, 'no-referrals': { type: 'boolean', default: false },
    activity: { type: 'boolean', default: false }, 'no-activity': { type: 'boolean', default: false },
    lines: { type: 'string' }, 'pglite-lines': { type: 'string' }, packs: { type: 'boolean', default: false },
  },
});
const practices = values.practices ? Number(values.practices) : values.quick ? 500 : 6500;
if (!Number.isInteger(practices) || practices < 1) throw new Error('--practices must be a whole number');
killTrackedOnExit();
const log = (s: string) => process.stderr.write(`${s}\n`);

/** The referral load test: PostgreSQL when a server answers (DATABASE_URL or the local default), and PGlite. */
async function referralBench(): Promise<ReferralBenchResult[]> {
  const results: ReferralBenchResult[] = [];
  const options = { engines: ['postgres', 'pglite'] as ('postgres' | 'pglite')[], durationS: values.quick ? 5 : 10, connections: 50, log };
  for (const engine of ['postgres', 'pglite'] as const) {
    try {
      results.push(await runReferralBench(engine, options));
    } catch (error) {
      if (engine === 'postgres' && /ECONNREFUSED|connect/i.test(String(error))) log(`No PostgreSQL server to load (${String(error).slice(0, 120)}): skipping it.`);
      else throw error;
    }
  }
  return results;
}

/** Hospital activity at scale: PostgreSQL when a server answers, and PGlite at a tenth of the size. */
async function activityBench(): Promise<ActivityBenchResult[]> {
  const lines = Number(values.lines ?? (values.quick ? 200_000 : 10_000_000));
  const pgliteLines = Number(values['pglite-lines'] ?? (values.quick ? 50_000 : 1_000_000));
  const results: ActivityBenchResult[] = [];
  try {
    results.push(await runActivityBench('postgres', lines, log));
  } catch (error) {
    if (/ECONNREFUSED|connect/i.test(String(error))) log(`No PostgreSQL server (${String(error).slice(0, 120)}): skipping it.`);
    else throw error;
  }
  results.push(await runActivityBench('pglite', pgliteLines, log));
  return results;
}

function saveActivityResults(results: ActivityBenchResult[]) {
  const out = path.resolve('bench/results/latest.json');
  const existing = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, unknown> : {};
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ ...existing, activity: results }, null, 2)}\n`);
  return out;
}

if (values.activity) {
  const results = await activityBench();
  for (const line of activityTable(results)) console.log(line);
  console.log(`\nWritten to ${path.relative(process.cwd(), saveActivityResults(results))}`);
  process.exit(0);
}

// Every practice's feedback pack (`--packs [--practices N]`): PGlite, and PostgreSQL when DATABASE_URL is set.
if (values.packs) {
  const results: PacksBenchResult[] = [await runPacksBench('pglite', practices, log)];
  if (process.env.DATABASE_URL) results.push(await runPacksBench('postgres', practices, log));
  for (const line of packsTable(results)) console.log(line);
  const out = path.resolve('bench/results/latest.json');
  const existing = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, unknown> : {};
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ ...existing, packs: results }, null, 2)}\n`);
  console.log(`\nWritten to ${path.relative(process.cwd(), out)}`);
  process.exit(0);
}

if (values.referrals) {
  const results = await referralBench();
  for (const line of referralTable(results)) console.log(line);
  console.log(`\nWritten to ${path.relative(process.cwd(), saveReferralResults(results))}`);
  process.exit(0);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-'));
const results: { generate?: GenerateResult; loads: LoadResult[]; coldStart?: { firstStart: StartResult; secondStart: StartResult } } = { loads: [] };
let referralResults: ReferralBenchResult[] | undefined;
let activityResults: ActivityBenchResult[] | undefined;

try {
  log(`Generating ${practices.toLocaleString('en-GB')} practices…`);
  results.generate = await runWorker<GenerateResult>(['generate', String(practices)]);
  log('Loading into PGlite…');
  results.loads.push(await runWorker<LoadResult>(['pglite', String(practices), path.join(tmp, 'pglite')]));
  if (process.env.DATABASE_URL) {
    log('Loading into PostgreSQL…');
    results.loads.push(await runWorker<LoadResult>(['postgres', String(practices)]));
  }
  if (!values['no-cold-start']) {
    const port = await freePort(3990);
    const dataDir = path.join(tmp, 'server');
    log('Cold start: first start on an empty database…');
    const firstStart = await timeStart(dataDir, port);
    log('Cold start: second start…');
    const secondStart = await timeStart(dataDir, port);
    results.coldStart = { firstStart, secondStart };
  }
  if (!values['no-referrals']) referralResults = await referralBench();
  if (!values['no-activity']) activityResults = await activityBench();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rows: [string, string, string][] = [];
const g = results.generate!;
rows.push([`generate ${g.populationRows.toLocaleString('en-GB')} population rows (${g.csvMiB} MiB CSV)`, s(g.ms), `${g.memory.maxRssMiB} MiB (JS heap ${g.memory.heapPeakMiB})`]);
for (const l of results.loads) {
  const load = l.phases.total ?? 0;
  rows.push([`${l.mode}: open + migrate`, s(l.migrate), `${l.openedMiB} MiB (RSS after)`]);
  for (const phase of ['generate', 'names', 'providers', 'practices', 'population', 'accounts', 'referrals'] as const) rows.push([`${l.mode}:   ${phase}`, s(l.phases[phase] ?? 0), '']);
  rows.push([`${l.mode}: load total`, s(load), `${l.memory.maxRssMiB} MiB (sampled ${l.memory.sampledPeakMiB}, JS heap ${l.memory.heapPeakMiB})`]);
  rows.push([`${l.mode}: load again (${l.reloadUnchanged ? 'nothing changed' : 'CHANGED ROWS'})`, s(l.reload), '']);
}
if (results.coldStart) {
  rows.push(['cold start, empty database (includes loading the demo)', s(results.coldStart.firstStart.ms), '']);
  rows.push(['cold start, second start', s(results.coldStart.secondStart.ms), '']);
}
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\nCommissioning Hub benchmark: ${practices.toLocaleString('en-GB')} practices, node ${process.version}, ${os.cpus().length} CPUs\n`);
console.log(`${'measure'.padEnd(width)}  ${'time'.padStart(9)}  peak memory (maxRSS)`);
for (const [name, time, memory] of rows) console.log(`${name.padEnd(width)}  ${time.padStart(9)}  ${memory}`);
if (referralResults) for (const line of referralTable(referralResults)) console.log(line);
if (activityResults) for (const line of activityTable(activityResults)) console.log(line);

const out = path.resolve('bench/results/latest.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, practices, ...results }, null, 2)}\n`);
if (referralResults) saveReferralResults(referralResults); // adds `referrals` to the same file
if (activityResults) saveActivityResults(activityResults); // and `activity`
console.log(`\nWritten to ${path.relative(process.cwd(), out)}`);
