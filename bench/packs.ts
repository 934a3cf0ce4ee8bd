/**
 * Every practice's feedback pack at scale (issue 7 §3, "Done when"):
 *   `npm run bench -- --packs [--practices N]` (default 6,500).
 * For each engine - PGlite always, and PostgreSQL when DATABASE_URL is set (a database of its own,
 * created and dropped) - a worker builds a synthetic locality of N practices with bulk inserts
 * (lists, a year of referrals, activity summaries), then another worker runs the real job for one
 * month and reports the total time, packs per second and its peak memory (RSS), with RSS at each
 * quarter of the run to show memory staying flat.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createThrowawayDatabase } from '../src/testing/test-db.js';
import { runWorker } from './children.js';
import type { BuildResult, RunResult } from './packs-worker.js';

export interface PacksBenchResult { engine: 'postgres' | 'pglite'; build: BuildResult; run: RunResult }

const worker = <T>(...args: string[]) => runWorker<T>(args, process.env, 'bench/packs-worker.ts');

export async function runPacksBench(engine: 'postgres' | 'pglite', practices: number, log: (s: string) => void): Promise<PacksBenchResult> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-packs-'));
  const throwaway = engine === 'postgres' ? await createThrowawayDatabase(process.env.DATABASE_URL!, `bench_packs_${process.pid}`) : undefined;
  const target = throwaway?.url ?? path.join(folder, 'db');
  try {
    log(`${engine}: building a locality of ${practices.toLocaleString('en-GB')} practices…`);
    const build = await worker<BuildResult>('build', target, String(practices));
    log(`${engine}: generating every practice's feedback pack…`);
    const run = await worker<RunResult>('run', target);
    return { engine, build, run };
  } finally {
    await throwaway?.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

export function packsTable(results: PacksBenchResult[]): string[] {
  const n = (x: number) => x.toLocaleString('en-GB');
  const out: string[] = [];
  for (const r of results) {
    const b = r.build;
    const j = r.run;
    out.push('', `Feedback packs: ${r.engine}, ${n(j.practices)} practices (${n(b.populationRows)} population rows, ${n(b.referrals)} referrals, ${n(b.summaryRows)} activity summary rows; built in ${(b.ms / 1000).toFixed(1)} s)`);
    out.push(`  every practice's pack for one month   ${(j.ms / 1000).toFixed(1)} s total (peer data assembled once in ${(j.assembleMs / 1000).toFixed(1)} s), ${j.packsPerSecond} packs/s, ${n(j.done)} PDFs (${(j.pdfBytes / 1024 / 1024).toFixed(1)} MiB)`);
    out.push(`  peak memory: ${j.memory.maxRssMiB} MiB maxRSS (sampled ${j.memory.sampledPeakMiB}, JS heap ${j.memory.heapPeakMiB}); RSS at 25/50/75/100% of the packs: ${j.rssAtQuarterMiB.join(' / ')} MiB`);
  }
  return out;
}
