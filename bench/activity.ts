/**
 * Hospital activity at scale (issue 4, "Speed and memory"):
 *   `npm run bench -- --activity [--lines N] [--pglite-lines N]` (this part only), or part of `npm run bench`.
 * For each engine — PostgreSQL (a throwaway database on DATABASE_URL's server, or the local
 * default) at `lines` (default 10 million) and PGlite at `pgliteLines` (default 1 million):
 * 1. the demo generator writes activity.csv with exactly that many lines (and tariff.csv);
 * 2. a plain COPY of the file into an unindexed table of text columns: the floor;
 * 3. the full import in its own process — parse, validate, pseudonymise, price, attribute,
 *    store, run the challenge rules — with its peak memory;
 * 4. the monthly monitoring views over everything loaded, timed server-side (median of five).
 * Targets: import at least half the COPY rate; import peak memory under 512 MB; monitoring under 200 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createThrowawayDatabase } from '../src/testing/test-db.js';
import type { CopyResult, GenerateActivityResult, ImportActivityResult, MonitorResult } from './activity-worker.js';
import { runWorker } from './children.js';

export interface ActivityBenchResult {
  engine: 'postgres' | 'pglite';
  generate: GenerateActivityResult;
  copy: CopyResult;
  import: ImportActivityResult;
  monitor: MonitorResult;
  /** import lines/s ÷ COPY lines/s */
  ratio: number;
  targets: { halfCopyRate: boolean; memoryUnder512MiB: boolean; monitoringUnder200Ms: boolean };
}

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
const worker = <T>(...args: string[]) => runWorker<T>(args, process.env, 'bench/activity-worker.ts');

export async function runActivityBench(engine: 'postgres' | 'pglite', lines: number, log: (s: string) => void): Promise<ActivityBenchResult> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-activity-'));
  const throwaway = engine === 'postgres' ? await createThrowawayDatabase(process.env.DATABASE_URL || DEFAULT_SERVER, 'hub_bench_activity') : undefined;
  try {
    log(`${engine}: generating ${lines.toLocaleString('en-GB')} activity lines…`);
    const generate = await worker<GenerateActivityResult>('generate', String(lines), folder);
    const file = path.join(folder, 'activity.csv');
    log(`${engine}: plain COPY of ${generate.csvMiB} MiB…`);
    const copy = await worker<CopyResult>('copy', throwaway?.url ?? path.join(folder, 'copy-db'), file, String(lines));
    log(`${engine}: full import…`);
    const target = throwaway?.url ?? path.join(folder, 'db');
    const imported = await worker<ImportActivityResult>('import', target, folder);
    log(`${engine}: monitoring views…`);
    const monitor = await worker<MonitorResult>('monitor', target);
    const ratio = Number((imported.linesPerSecond / Math.max(1, copy.linesPerSecond)).toPrecision(2));
    return {
      engine, generate, copy, import: imported, monitor, ratio,
      targets: {
        halfCopyRate: ratio >= 0.5, memoryUnder512MiB: imported.memory.maxRssMiB < 512,
        monitoringUnder200Ms: monitor.views.every((v) => v.medianMs < 200),
      },
    };
  } finally {
    await throwaway?.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

export function activityTable(results: ActivityBenchResult[]): string[] {
  const out: string[] = [];
  const n = (x: number) => x.toLocaleString('en-GB');
  for (const r of results) {
    out.push('', `Hospital activity: ${r.engine}, ${n(r.import.lines)} lines (${r.generate.csvMiB} MiB of CSV, generated in ${(r.generate.ms / 1000).toFixed(1)} s)`);
    out.push(`  plain COPY, no indexes        ${n(r.copy.linesPerSecond).padStart(9)} lines/s  (${(r.copy.ms / 1000).toFixed(1)} s)`);
    out.push(`  full import                   ${n(r.import.linesPerSecond).padStart(9)} lines/s  (${(r.import.ms / 1000).toFixed(1)} s; ${n(r.import.summary.challenges ?? 0)} challenges; peak ${r.import.memory.maxRssMiB} MiB, JS heap ${r.import.memory.heapPeakMiB} MiB)`);
    out.push(`  import ÷ COPY: ${r.ratio} (target ≥ 0.5: ${r.targets.halfCopyRate ? 'met' : 'NOT met'}); import memory ${r.import.memory.maxRssMiB} MiB (target < 512: ${r.targets.memoryUnder512MiB ? 'met' : 'NOT met'})`);
    for (const v of r.monitor.views) out.push(`  ${v.name}: ${v.medianMs} ms median, ${v.maxMs} ms max, ${n(v.rows)} rows (target < 200 ms: ${v.medianMs < 200 ? 'met' : 'NOT met'})`);
  }
  return out;
}
