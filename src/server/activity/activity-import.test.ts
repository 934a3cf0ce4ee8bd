import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database, Db } from '../../db/database.js';
import { patientPseudonym } from '../../domain/patient/pseudonym.js';
import { buildOrgTree } from '../../testing/factories.js';
import { streamOf } from '../../testing/sample-csv.js';
import { testDatabase } from '../../testing/test-db.js';
import { importOrgFile } from '../org/import/import-file.js';
import { activityCost } from './monitoring.js';
import type { ImportKind, ImportOptions } from '../org/import/types.js';
import { pseudonymSecret } from '../referrals/service.js';

vi.setConfig({ testTimeout: 30_000 });
let database: Database;
let db: Db;
beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  await buildOrgTree(db); // practices E82001–3; providers RWG and RQW at MFF 1.05
});
afterAll(() => database.close());
beforeEach(async () => {
  for (const table of ['challenge', 'activity_quarantine', 'activity_month_summary', 'activity', 'tariff'] as const) await db.deleteFrom(table).execute();
});

const run = (kind: ImportKind, lines: string[], options: Partial<ImportOptions> = {}) =>
  importOrgFile(db, kind, streamOf(`${lines.join('\n')}\n`), { fileName: `${kind}.csv`, actor: 'analyst', ...options });

const TARIFF = ['year,pod,tfc,hrg,price', '2025/26,OPFA,,,160.00', '2025/26,OPFA,110,,185.00', '2025/26,OPFU,,,95', '2025/26,DC,,BZ34B,950.50'];
const HEADER = 'activity_id,provider_code,practice_code,nhs_number,pod,tfc,hrg,activity_date,primary_diagnosis,price';
const ACTIVITY = [
  HEADER,
  'A1,RWG,E82001,9434765919,OPFA,110,,2025-05-02,M17.1,194.25', // £185.00 × 1.05 = £194.25 exactly
  'A2,RWG,E82002,943 476 5870,OPFA,300,,2025-05-09,,168.00', // pod alone: £160 × 1.05 = £168.00
  'A3,RWG,E82001,9434765919,OPFU,110,,2025-06-13,,100.00', // £95 × 1.05 = £99.75; the provider charged £100.00
  'A4,RQW,Y99999,9434765919,DC,130,BZ34B,2025-06-20,,', // out of area; £950.50 × 1.05 = £998.025 → £998.03
  'A5,RQW,E82003,9434765919,NEL,300,,2025-07-01,J44.1,2100.00', // no NEL tariff: unpriced
];

describe('tariff.csv', () => {
  it('stores prices in pence, and a re-import changes nothing', async () => {
    expect(await run('tariff', TARIFF)).toMatchObject({ status: 'succeeded', inserted: 4 });
    expect(await db.selectFrom('tariff').select(['pod', 'tfc', 'hrg', 'price_pence']).orderBy('price_pence').execute()).toEqual([
      { pod: 'OPFU', tfc: '', hrg: '', price_pence: 9500 }, { pod: 'OPFA', tfc: '', hrg: '', price_pence: 16000 },
      { pod: 'OPFA', tfc: '110', hrg: '', price_pence: 18500 }, { pod: 'DC', tfc: '', hrg: 'BZ34B', price_pence: 95050 },
    ]);
    expect(await run('tariff', TARIFF)).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0, unchanged: 4 });
  });
});

describe('activity.csv', () => {
  it('prices each line at tariff × MFF, keeps the provider’s price, flags out of area, reports unpriced, stores no NHS number', async () => {
    await run('tariff', TARIFF);
    const report = await run('activity', ACTIVITY);
    expect(report).toMatchObject({ status: 'succeeded', inserted: 5, quarantined: 0 });
    expect(report.summary).toMatchObject({ lines: 5, unpriced: 1, outOfArea: 1, costPence: 19425 + 16800 + 9975 + 99803, priceDifferences: 1 });
    expect(report.warnings.join(' ')).toMatch(/1 line has no tariff price/);
    const lines = await db.selectFrom('activity').selectAll().orderBy('activity_id').execute();
    expect(lines.map((l) => [l.activity_id, l.tariff_price_pence, l.tariff_basis, l.provider_price_pence, l.in_area, l.year, l.month])).toEqual([
      ['A1', 19425, 'pod+tfc', 19425, true, '2025/26', 2],
      ['A2', 16800, 'pod', 16800, true, '2025/26', 2],
      ['A3', 9975, 'pod', 10000, true, '2025/26', 3],
      ['A4', 99803, 'pod+hrg', null, false, '2025/26', 3],
      ['A5', null, null, 210000, true, '2025/26', 4],
    ]);
    // The patient is the referral gateway's pseudonym, so activity and referrals match without NHS numbers.
    expect(lines[0]!.patient_pseudo).toBe(patientPseudonym(await pseudonymSecret(db), '9434765919'));
    expect(JSON.stringify(lines)).not.toMatch(/9434765919|9434765870/);
  });

  it('keeps the monthly totals the monitoring views read in step with the lines, through a resubmission', async () => {
    await run('tariff', TARIFF);
    await run('activity', ACTIVITY);
    await run('activity', [HEADER, 'A2,RWG,E82002,9434765870,OPFA,110,,2025-06-09,,194.25']); // moved to June and re-priced
    const fromLines = await db.selectFrom('activity').select(['provider_code as provider', 'month', (eb) => eb.fn.countAll<number>().as('lines'),
      (eb) => eb.fn.coalesce(eb.fn.sum<number>('tariff_price_pence'), eb.lit(0)).as('cost')]).groupBy(['provider_code', 'month']).orderBy('provider_code').orderBy('month').execute();
    const fromSummary = await activityCost(db, { year: '2025/26' }, ['provider', 'month']);
    expect(fromSummary.map((r) => ({ provider: r.provider, month: r.month, lines: r.lines, cost: r.costPence }))).toEqual(fromLines);
    expect(fromSummary.find((r) => r.provider === 'RQW' && r.month === 4)).toMatchObject({ lines: 1, unpricedLines: 1, costPence: 0 });
  });

  it('replaces rather than doubles on re-import and on a corrected resubmission', async () => {
    await run('tariff', TARIFF);
    await run('activity', ACTIVITY);
    expect(await run('activity', ACTIVITY)).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0, unchanged: 5 });
    const corrected = [HEADER, 'A2,RWG,E82002,9434765870,OPFA,110,,2025-05-09,,194.25'];
    expect(await run('activity', corrected)).toMatchObject({ inserted: 0, updated: 1 });
    expect(await db.selectFrom('activity').select(['tfc', 'tariff_price_pence']).where('activity_id', '=', 'A2').execute()).toEqual([{ tfc: '110', tariff_price_pence: 19425 }]);
    expect((await db.selectFrom('activity').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(5);
  });

  it('stores nothing from a file with a bad row, naming row, column and reason (NHS number masked)', async () => {
    const bad = [...ACTIVITY, 'A6,RWG,E82001,9434765918,OPFA,110,,2025-05-02,,', 'A7,XYZ,E82001,9434765919,OPFA,110,,2025-05-02,,', 'A1,RWG,E82001,9434765919,OPFA,110,,2025-05-02,,'];
    const report = await run('activity', bad);
    expect(report.status).toBe('failed');
    expect(report.errors).toEqual([
      { row: 7, column: 'nhs_number', value: '•••••••918', message: 'is not a valid NHS number: the check digit does not match' },
      { row: 8, column: 'provider_code', value: 'XYZ', message: 'is not a provider in the database; import it in providers.csv first' },
      { row: 9, column: 'activity_id', value: 'RWG|A1', message: 'is a duplicate: activity A1 of provider RWG is also in row 2' },
    ]);
    expect(await db.selectFrom('activity').selectAll().execute()).toEqual([]);
  });

  it('with quarantine, stores the good rows and sets the bad ones aside without their NHS numbers', async () => {
    const bad = [...ACTIVITY, 'A6,RWG,E82001,9434765918,OPFA,110,,2025-05-02,,', 'A7,RWG,E82001,9434765919,XX,110,,2025-05-02,,'];
    const report = await run('activity', bad, { quarantine: true });
    expect(report).toMatchObject({ status: 'succeeded', inserted: 5, quarantined: 2, errorCount: 2 });
    expect(report.message).toMatch(/Imported 5 of 7 rows .* 2 set aside in quarantine/);
    const aside = await db.selectFrom('activity_quarantine').select(['row_number', 'cells', 'errors', 'import_run_id']).orderBy('row_number').execute();
    expect(aside.map((a) => a.row_number)).toEqual([7, 8]);
    expect(aside[0]!.cells).not.toHaveProperty('nhs_number');
    expect(aside[1]!.cells).toMatchObject({ activity_id: 'A7', pod: 'XX', patient_pseudo: patientPseudonym(await pseudonymSecret(db), '9434765919') });
    expect(aside[0]!.import_run_id).toBe(report.id);
  });

  it('refuses quarantine for files that must be whole', async () => {
    const report = await run('tariff', TARIFF, { quarantine: true });
    expect(report).toMatchObject({ status: 'failed', errors: [{ message: expect.stringMatching(/quarantine is available for activity files only/) }] });
  });
});
