/**
 * The demo's hospital side (issue 4, item 10): a tariff for the years the demo covers, a year of
 * providers' activity consistent with the demo referrals (booked referrals become first
 * attendances at the same provider, for the same patient and specialty), contracts for the
 * current year, and the demo practices routing through the gateway. Tariff and activity go
 * through the real import as CSV (so pricing, attribution and the challenge rules run exactly as
 * for a provider's file); contracts are written directly. Idempotent: a second load changes nothing.
 */
import { Readable } from 'node:stream';
import type { Db } from '../../db/database.js';
import type { Pod } from '../../db/schema.js';
import { financialMonthOf, financialYearsBetween } from '../../domain/activity/financial-year.js';
import { ACTIVITY_CSV_COLUMNS, demoContracts, demoTariff, generateActivity, type ActivityCsvRow } from '../../domain/demo/activity.js';
import type { DemoLocality } from '../../domain/demo/locality.js';
import { DEFAULT_REFERRAL_FRACTION, generateReferrals } from '../../domain/demo/referrals.js';
import { importOrgFile } from '../org/import/import-file.js';
import type { ImportReport } from '../org/import/types.js';
import { csvField } from './csv.js';

export interface DemoActivitySummary {
  tariff: Pick<ImportReport, 'rowsRead' | 'inserted' | 'unchanged'>;
  activity: Pick<ImportReport, 'rowsRead' | 'inserted' | 'updated' | 'unchanged' | 'summary'>;
  contracts: number;
}

export interface DemoActivityOptions {
  /** the same period and fraction as the demo referrals, so activity matches them */
  period: { from: string; to: string };
  fraction?: number;
  actor: string;
  /** throws when an import fails (the demo's own files must import cleanly) */
  check: (report: ImportReport) => void;
}

/** CSV text in chunks of about 64 KB, produced as the importer reads. */
function* csvChunks<K extends string>(header: readonly K[], rows: Iterable<Record<K, string>>): Generator<string> {
  let chunk = `${header.join(',')}\r\n`;
  for (const row of rows) {
    chunk += `${header.map((c) => csvField(row[c])).join(',')}\r\n`;
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

export async function loadDemoActivity(db: Db, locality: DemoLocality, options: DemoActivityOptions): Promise<DemoActivitySummary> {
  const { from, to } = options.period;
  const fraction = options.fraction ?? DEFAULT_REFERRAL_FRACTION;
  const activity = (): Generator<ActivityCsvRow> => generateActivity(locality, {
    from, to, fraction, referrals: generateReferrals(locality, { fraction, from, to }),
  });

  const tariffRows = demoTariff(financialYearsBetween(from, to));
  const tariff = await importOrgFile(db, 'tariff', Readable.from(csvChunks(['year', 'pod', 'tfc', 'hrg', 'price'] as const, tariffRows)), { fileName: 'demo-tariff.csv', actor: options.actor });
  options.check(tariff);

  // Contracts before activity, so the challenge rules that depend on them (follow-up caps,
  // consultant-to-consultant) fire on the first import.
  const year = financialMonthOf(to).year;
  const contracts = await storeDemoContracts(db, demoContracts(locality, year, activity()));

  // The demo practices send their referrals through the gateway from the start of the demo year.
  await db.updateTable('practice').set({ gateway_from: from }).where('gateway_from', 'is', null)
    .where('code', 'in', locality.practices.map((p) => p.code)).execute();

  const lines = await importOrgFile(db, 'activity', Readable.from(csvChunks(ACTIVITY_CSV_COLUMNS, activity())), {
    fileName: 'demo-activity.csv', actor: options.actor,
  });
  options.check(lines);
  return {
    tariff: { rowsRead: tariff.rowsRead, inserted: tariff.inserted, unchanged: tariff.unchanged },
    activity: { rowsRead: lines.rowsRead, inserted: lines.inserted, updated: lines.updated, unchanged: lines.unchanged, summary: lines.summary },
    contracts,
  };
}

/** Contracts that do not exist yet (an edited contract is left as it is); returns how many were added. */
async function storeDemoContracts(db: Db, contracts: ReturnType<typeof demoContracts>): Promise<number> {
  let added = 0;
  for (const c of contracts) {
    await db.transaction().execute(async (tx) => {
      const row = await tx.insertInto('contract').values({
        provider_code: c.providerCode, year: c.year, reference: c.reference, phasing: c.phasing,
        profile: c.profile ? JSON.stringify(c.profile) : null, c2c_allowed: c.c2cAllowed, updated_by: 'demo',
      }).onConflict((oc) => oc.columns(['provider_code', 'year']).doNothing()).returning('id').executeTakeFirst();
      if (!row) return;
      added += 1;
      if (c.lines.length) {
        await tx.insertInto('contract_line').values(c.lines.map((l) => ({
          contract_id: row.id, pod: l.pod as Pod, tfc: l.tfc, planned_volume: l.plannedVolume, planned_value_pence: l.plannedValuePence,
        }))).execute();
      }
      if (c.followUpCaps.length) {
        await tx.insertInto('contract_follow_up_cap').values(c.followUpCaps.map((cap) => ({ contract_id: row.id, tfc: cap.tfc, max_ratio: cap.maxRatio }))).execute();
      }
    });
  }
  return added;
}
