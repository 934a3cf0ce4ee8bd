/**
 * Referral submissions through the HTTP API under load (issue 3, "Done when"):
 *   `npm run bench -- --referrals` (this part only) or `tsx bench/referrals.ts [--pglite] [--duration S] [--connections N]`
 *
 * For each engine (PostgreSQL; PGlite too with --pglite or from `npm run bench`):
 * 1. a fresh database — on PostgreSQL a throwaway database on DATABASE_URL's server, or on
 *    postgres://postgres@127.0.0.1:5432/postgres, dropped afterwards — with the default demo
 *    loaded (20 practices, a year of referrals) and a personal API token for practice-e82001;
 * 2. the server (bench/server.ts: the app main.ts serves, plus POST /api/bench/insert when
 *    HUB_BENCH=1) in its own process on 127.0.0.1;
 * 3. autocannon, 50 connections, loopback, after a short warm-up, for `duration` seconds each:
 *    (a) POST /api/referrals with the token, a valid knee-pain referral with a new externalId
 *        every request (201 expected);
 *    (b) POST /api/bench/insert, the bare route: one row inserted, no authentication;
 *    (c) the bare route again with the token, to show what authentication alone costs.
 * Then it counts the referrals stored against the 201s received.
 *
 * Targets: referral rate at least half the bare rate, and referral p99 under 50 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { createApiToken } from '../src/server/auth/credentials.js';
import { loadDemo } from '../src/server/demo/load.js';
import { killTrackedOnExit, spawnTsx, stop, track } from './children.js';
import { freePort } from './cold-start.js';
import { createThrowawayDatabase } from '../src/testing/test-db.js';

export interface LoadRun {
  route: string;
  /** successful (2xx) responses per second */
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  ok: number;
  non2xx: number;
  /** connection errors and timeouts (no answer within 10 s) */
  errors: number;
  /** responses by HTTP status */
  statusCodes: Record<string, number>;
}

export interface ReferralBenchResult {
  engine: 'postgres' | 'pglite';
  connections: number;
  /** the machine's 1-minute load average before and after the runs: other work skews the figures */
  loadAverage: [number, number];
  durationS: number;
  /** the default demo (20 practices, a year of referrals) loaded into the fresh database */
  demoLoadMs: number;
  demoReferrals: number;
  referral: LoadRun;
  /**
   * PostgreSQL only: what the server's connections were doing during the referral run, sampled
   * from pg_stat_activity every 20 ms — share of samples per wait (e.g. `Lock:advisory`, the audit
   * chain's lock; `Lock:transactionid`/`Lock:tuple`, a row lock; `IO:WALSync`, the commit's flush),
   * `running` (on CPU in PostgreSQL) and `idle` (waiting for the application).
   */
  referralWaits?: Record<string, number>;
  bare: LoadRun;
  bareWithToken: LoadRun;
  /** referral requests/s ÷ bare requests/s */
  ratio: number;
  /** referrals the runs stored, and 201s received (warm-up included); requests in flight when a run stops may be stored unanswered */
  stored: number;
  acknowledged: number;
  storedMatches: boolean;
  targets: { halfBareRate: boolean; p99Under50ms: boolean };
}

export interface ReferralBenchOptions { engines: ('postgres' | 'pglite')[]; durationS: number; connections: number; log?: (s: string) => void }

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A referral that passes every check; the externalId makes each one new. */
const referralBody = (n: number, runId: string) => JSON.stringify({
  externalId: `BENCH-${runId}-${n}`,
  practiceCode: 'E82001',
  clinician: 'Dr A Patel',
  patient: { nhsNumber: '9434765919', familyName: 'Smith', givenName: 'Jo', birthDate: '1956-03-27', sex: 'female', postcode: 'AL1 3EW' },
  tfc: '110',
  reason: { system: 'icd10', code: 'M17.1', display: 'Other primary gonarthrosis' },
  priority: 'routine',
  chosenProviders: ['RWG', 'NT4'],
  pathwayCode: 'knee-pain',
  clinicalInfo: { symptom_months: 8, knee_xray: '2025-08-01: moderate medial narrowing', physio_tried: true, analgesia_tried: 'paracetamol', bmi: 29.4 },
  referralDate: '2025-10-01',
});

interface Target { database: Database; env: NodeJS.ProcessEnv; dispose: () => Promise<void> }

/** Samples pg_stat_activity for the bench database until stopped; returns the share of samples per state. */
async function sampleWaits(databaseUrl: string) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const counts = new Map<string, number>();
  let total = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ state: string | null; wait_event_type: string | null; wait_event: string | null }>(
        'select state, wait_event_type, wait_event from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = $1', ['client backend']);
      for (const r of rows) {
        const key = r.state !== 'active' ? (r.state === 'idle in transaction' ? 'idle in transaction' : 'idle') : r.wait_event_type ? `${r.wait_event_type}:${r.wait_event}` : 'running';
        counts.set(key, (counts.get(key) ?? 0) + 1);
        total += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return async () => {
    running = false;
    await loop;
    await client.end();
    return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, Math.round((n / Math.max(1, total)) * 1000) / 10]));
  };
}

/** A fresh, migrated database and the environment that points the server at it. */
async function freshDatabase(engine: 'postgres' | 'pglite', tmp: string): Promise<Target> {
  if (engine === 'pglite') {
    const dataDir = path.join(tmp, 'pglite');
    const database = await openDatabase({ dataDir, holder: 'bench setup' });
    await migrate(database);
    return { database, env: { DATA_DIR: dataDir, DATABASE_URL: '' }, dispose: async () => {} };
  }
  const serverUrl = process.env.DATABASE_URL || DEFAULT_SERVER;
  const throwaway = await createThrowawayDatabase(serverUrl, 'hub_bench');
  const database = await openDatabase({ databaseUrl: throwaway.url, dataDir: 'unused' });
  await migrate(database);
  return { database, env: { DATABASE_URL: throwaway.url }, dispose: throwaway.drop };
}

async function startServer(env: NodeJS.ProcessEnv, port: number) {
  const child = track(spawnTsx('bench/server.ts', [], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', HUB_BENCH: '1', HUB_DEMO: '1', LOG_LEVEL: 'warn', WEB_DIST: '/nonexistent' },
  }));
  let log = '';
  child.stdout!.on('data', (d: Buffer) => { log += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { log += d.toString(); });
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bench server exited (${child.exitCode}):\n${log.slice(-3000)}`);
    if (log.includes('LISTENING ')) return { child, log: () => log };
    if (performance.now() - started > 120_000) throw new Error(`the bench server did not start:\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function load(route: string, options: autocannon.Options): Promise<LoadRun> {
  const result = await autocannon(options);
  return {
    route,
    requestsPerSecond: Math.round(result['2xx'] / result.duration),
    p50Ms: result.latency.p50, p90Ms: result.latency.p90, p99Ms: result.latency.p99, maxMs: result.latency.max,
    ok: result['2xx'], non2xx: result.non2xx, errors: result.errors,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0])),
  };
}

export async function runReferralBench(engine: 'postgres' | 'pglite', options: ReferralBenchOptions): Promise<ReferralBenchResult> {
  const log = options.log ?? (() => {});
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-referrals-'));
  const target = await freshDatabase(engine, tmp);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    log(`${engine}: loading the demo (20 practices, a year of referrals)…`);
    const t = performance.now();
    const demo = await loadDemo(target.database, { password: 'bench-password' });
    const demoLoadMs = Math.round(performance.now() - t);
    const user = await target.database.db.selectFrom('app_user').select('id').where('username', '=', 'practice-e82001').executeTakeFirstOrThrow();
    const { token } = await createApiToken(target.database.db, user.id, 'bench');
    await target.database.close(); // PGlite: the server needs the folder to itself

    const port = await freePort(3995);
    server = await startServer(target.env, port);
    const url = `http://127.0.0.1:${port}`;
    const runId = randomBytes(4).toString('hex');
    let n = 0;
    const referralRequest: autocannon.Options = {
      url, connections: options.connections, duration: options.durationS,
      requests: [{
        method: 'POST', path: '/api/referrals',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        setupRequest: (request) => ({ ...request, body: referralBody(n++, runId) }),
      }],
    };
    const bareRequest = (withToken: boolean): autocannon.Options => ({
      url: `${url}/api/bench/insert`, connections: options.connections, duration: options.durationS,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(withToken ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ note: 'one row', n: 1 }),
    });

    const loadBefore = Math.round(os.loadavg()[0]! * 10) / 10;
    log(`${engine}: warming up…`);
    const warmUp = await load('warm-up', { ...referralRequest, duration: 2 });
    await load('warm-up', { ...bareRequest(false), duration: 2 });
    log(`${engine}: POST /api/referrals, ${options.connections} connections, ${options.durationS} s…`);
    const stopSampling = engine === 'postgres' ? await sampleWaits(target.env.DATABASE_URL!) : undefined;
    const referral = await load('POST /api/referrals', referralRequest);
    const referralWaits = await stopSampling?.();
    log(`${engine}: POST /api/bench/insert (bare), ${options.durationS} s…`);
    const bare = await load('POST /api/bench/insert', bareRequest(false));
    log(`${engine}: POST /api/bench/insert with the token, ${options.durationS} s…`);
    const bareWithToken = await load('POST /api/bench/insert (with token)', bareRequest(true));
    await stop(server.child);
    server = undefined;

    // Every 201 is a stored referral, and nothing else was stored.
    const check = engine === 'pglite' ? await openDatabase({ dataDir: target.env.DATA_DIR!, holder: 'bench check' }) : await openDatabase({ databaseUrl: target.env.DATABASE_URL!, dataDir: 'unused' });
    let stored: number;
    try {
      stored = Number((await check.db.selectFrom('referral').select((eb) => eb.fn.countAll().as('n')).where('external_id', 'like', `BENCH-${runId}-%`).executeTakeFirstOrThrow()).n);
    } finally {
      await check.close();
    }
    const acknowledged = warmUp.ok + referral.ok;
    const ratio = Math.round((referral.requestsPerSecond / Math.max(1, bare.requestsPerSecond)) * 100) / 100;
    return {
      engine, connections: options.connections, durationS: options.durationS,
      loadAverage: [loadBefore, Math.round(os.loadavg()[0]! * 10) / 10],
      demoLoadMs, demoReferrals: demo.referrals.submitted,
      referral, ...(referralWaits ? { referralWaits } : {}), bare, bareWithToken, ratio,
      stored, acknowledged,
      // Requests still in flight when a run stops, or timed out by the load generator, may be stored without a 201 being counted.
      storedMatches: referral.non2xx === 0 && stored >= acknowledged && stored - acknowledged <= 2 * options.connections + warmUp.errors + referral.errors,
      targets: { halfBareRate: ratio >= 0.5, p99Under50ms: referral.p99Ms < 50 },
    };
  } finally {
    if (server) await stop(server.child);
    await target.dispose().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export function referralTable(results: ReferralBenchResult[]): string[] {
  const lines: string[] = [];
  const row = (cells: string[]) => lines.push(`${cells[0]!.padEnd(42)}${cells.slice(1).map((c) => c.padStart(10)).join('')}`);
  for (const r of results) {
    lines.push('', `Referral submissions over HTTP: ${r.engine}, ${r.connections} connections, ${r.durationS} s each, loopback `
      + `(demo with ${r.demoReferrals.toLocaleString('en-GB')} referrals loaded in ${(r.demoLoadMs / 1000).toFixed(1)} s; `
      + `load average ${r.loadAverage[0]} → ${r.loadAverage[1]} on ${os.cpus().length} CPUs)`);
    row(['route', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'failed']);
    for (const run of [r.referral, r.bare, r.bareWithToken]) {
      row([run.route, String(run.requestsPerSecond), String(run.p50Ms), String(run.p90Ms), String(run.p99Ms), String(run.maxMs), String(run.non2xx + run.errors)]);
      const failures = Object.entries(run.statusCodes).filter(([code]) => !code.startsWith('2')).map(([code, n]) => `${n} × ${code}`);
      if (run.errors) failures.push(`${run.errors} timeouts or connection errors`);
      if (failures.length) lines.push(`  ${run.route} failures: ${failures.join(', ')}`);
    }
    lines.push(`referral ÷ bare: ${r.ratio} (target ≥ 0.5: ${r.targets.halfBareRate ? 'met' : 'NOT met'}); `
      + `referral p99 ${r.referral.p99Ms} ms (target < 50 ms: ${r.targets.p99Under50ms ? 'met' : 'NOT met'}); `
      + `referrals stored ${r.stored.toLocaleString('en-GB')} for ${r.acknowledged.toLocaleString('en-GB')} 201s (${r.storedMatches ? 'consistent' : 'MISMATCH'})`);
    if (r.referralWaits) {
      lines.push(`PostgreSQL connections during the referral run (% of samples): ${Object.entries(r.referralWaits).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    }
  }
  return lines;
}

/** Adds (or replaces) `referrals` in bench/results/latest.json, keeping the rest of the file. */
export function saveReferralResults(results: ReferralBenchResult[]) {
  const out = path.resolve('bench/results/latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  let previous: Record<string, unknown> = {};
  try { previous = JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, unknown>; } catch { /* none yet */ }
  fs.writeFileSync(out, `${JSON.stringify({ ...previous, referrals: { at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, results } }, null, 2)}\n`);
  return out;
}

// Run directly: tsx bench/referrals.ts [--pglite] [--pglite-only] [--duration 10] [--connections 50]
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { values } = parseArgs({
    options: {
      pglite: { type: 'boolean', default: false }, 'pglite-only': { type: 'boolean', default: false },
      duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' },
    },
  });
  killTrackedOnExit();
  const options: ReferralBenchOptions = {
    engines: values['pglite-only'] ? ['pglite'] : values.pglite ? ['postgres', 'pglite'] : ['postgres'],
    durationS: Number(values.duration), connections: Number(values.connections),
    log: (s) => process.stderr.write(`${s}\n`),
  };
  const results: ReferralBenchResult[] = [];
  for (const engine of options.engines) results.push(await runReferralBench(engine, options));
  for (const line of referralTable(results)) console.log(line);
  console.log(`\nWritten to ${path.relative(process.cwd(), saveReferralResults(results))}`);
}
