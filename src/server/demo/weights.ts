/**
 * The demo's capitation weights (FIN-1): ../../domain/demo/weights.ts rendered as weights.csv and
 * fed through the real import, as a finance lead would load published weights. Idempotent: a
 * second load reports all 280 weights unchanged.
 */
import { Readable } from 'node:stream';
import type { Db } from '../../db/database.js';
import { demoWeights } from '../../domain/demo/weights.js';
import { importOrgFile } from '../org/import/import-file.js';
import type { ImportReport } from '../org/import/types.js';
import { csvField } from './csv.js';

export const DEMO_WEIGHTS_FILE = 'demo-weights.csv';

export function demoWeightsCsv(): string {
  const lines = [['service_line', 'sex', 'age_band', 'weight'], ...demoWeights().map((r) => [r.serviceLine, r.sex, r.ageBand, r.weight])];
  return lines.map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('');
}

/** Imports the demo weights; throws when they do not import (the demo's own file must be clean). */
export async function loadDemoWeights(db: Db, actor: string): Promise<ImportReport> {
  const report = await importOrgFile(db, 'weights', Readable.from([demoWeightsCsv()]), { fileName: DEMO_WEIGHTS_FILE, actor });
  if (report.status !== 'succeeded') throw new Error(`The demo weights did not import: ${report.message}`);
  return report;
}
