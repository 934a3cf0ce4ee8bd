import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database, Db } from '../../../db/database.js';
import { testDatabase } from '../../../testing/test-db.js';
import { verifyAuditLog } from '../../audit/audit-log.js';
import { importOrgFile } from './import-file.js';
import {
  csvText, junkBytes, POPULATION_HEADER, PRACTICE_HEADER, PROVIDER_HEADER, samplePopulation, samplePractices, sampleProviders, streamOf,
} from '../../../testing/sample-csv.js';
import type { ImportKind, ImportOptions, ImportProgress } from './types.js';

// Database work (and 50 MB of junk) can outlast the default 5 s on a busy CI machine.
vi.setConfig({ testTimeout: 30_000 });
let database: Database;
let db: Db;
beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
});
afterAll(() => database.close());
beforeEach(async () => {
  for (const table of ['population', 'practice', 'org_group', 'commissioner', 'provider', 'import_run'] as const) await db.deleteFrom(table).execute();
});

const run = (kind: ImportKind, data: string | Buffer | AsyncIterable<Buffer>, options: Partial<ImportOptions> = {}) =>
  importOrgFile(db, kind, typeof data === 'string' || Buffer.isBuffer(data) ? streamOf(data) : data, { fileName: `${kind}.csv`, actor: 'tester', ...options });

async function counts() {
  const count = async (table: 'practice' | 'provider' | 'population' | 'org_group' | 'commissioner') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { practice: await count('practice'), provider: await count('provider'), population: await count('population'), group: await count('org_group'), commissioner: await count('commissioner') };
}

const loadPractices = () => run('practices', csvText([PRACTICE_HEADER, ...samplePractices()]));
const EMPTY = { practice: 0, provider: 0, population: 0, group: 0, commissioner: 0 };

describe('practices.csv', () => {
  it('loads a good file, creating its commissioner and groups', async () => {
    const report = await loadPractices();
    expect(report).toMatchObject({ status: 'succeeded', rowsRead: 3, inserted: 3, updated: 0, unchanged: 0, errorCount: 0, errors: [] });
    expect(report.warnings).toEqual(['added commissioner QM7, named after the code until renamed', 'added groups NORTH, SOUTH as localities, named after their codes until renamed']);
    expect(await counts()).toEqual({ ...EMPTY, practice: 3, group: 2, commissioner: 1 });
    expect(await db.selectFrom('org_group').select(['code', 'name', 'kind', 'commissioner_code']).orderBy('code').execute())
      .toEqual([{ code: 'NORTH', name: 'NORTH', kind: 'locality', commissioner_code: 'QM7' }, { code: 'SOUTH', name: 'SOUTH', kind: 'locality', commissioner_code: 'QM7' }]);
  });

  it('reports every row unchanged on re-import, and changes nothing', async () => {
    await loadPractices();
    const before = await db.selectFrom('practice').selectAll().orderBy('code').execute();
    const again = await loadPractices();
    expect(again).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0, unchanged: 3, warnings: [] });
    expect(await db.selectFrom('practice').selectAll().orderBy('code').execute()).toEqual(before);
    expect(await counts()).toEqual({ ...EMPTY, practice: 3, group: 2, commissioner: 1 });
  });

  it('updates from a corrected file, never renaming existing groups or commissioners', async () => {
    await db.insertInto('commissioner').values({ code: 'QM7', name: 'Hertfordshire' }).execute();
    await db.insertInto('org_group').values({ code: 'NORTH', name: 'North Herts locality', kind: 'federation', commissioner_code: 'QM7' }).execute();
    await loadPractices();
    const corrected = samplePractices();
    corrected[1]![1] = 'Renamed Surgery';
    corrected[2]![2] = 'sg1 1aa';
    const report = await run('practices', csvText([PRACTICE_HEADER, ...corrected]));
    expect(report).toMatchObject({ status: 'succeeded', inserted: 0, updated: 2, unchanged: 1 });
    expect(await db.selectFrom('practice').select(['code', 'name', 'postcode']).where('code', 'in', ['E82002', 'E82003']).orderBy('code').execute())
      .toEqual([{ code: 'E82002', name: 'Renamed Surgery', postcode: 'AL2 3EW' }, { code: 'E82003', name: 'Practice E82003', postcode: 'SG1 1AA' }]);
    expect(await db.selectFrom('org_group').select(['name', 'kind']).where('code', '=', 'NORTH').executeTakeFirst()).toEqual({ name: 'North Herts locality', kind: 'federation' });
    expect(await db.selectFrom('commissioner').select('name').executeTakeFirst()).toEqual({ name: 'Hertfordshire' });
  });

  it('loads a file with BOM, CRLF, columns in another order and quoted fields with commas', async () => {
    const text = '\uFEFFcommissioner_code,Practice_Code,name,group_code,postcode\r\nQM7,E82001,"Smith, Jones & Partners",NORTH,al1 3ew\r\n'
      + 'QM7,E82002,"The ""Old"" Surgery, Harpenden",NORTH,AL5  2JX\r\n';
    const report = await run('practices', text);
    expect(report).toMatchObject({ status: 'succeeded', inserted: 2 });
    expect(await db.selectFrom('practice').select(['code', 'name', 'postcode']).orderBy('code').execute()).toEqual([
      { code: 'E82001', name: 'Smith, Jones & Partners', postcode: 'AL1 3EW' },
      { code: 'E82002', name: 'The "Old" Surgery, Harpenden', postcode: 'AL5 2JX' },
    ]);
  });

  it('ignores an unknown extra column with a warning naming it, and still loads', async () => {
    const rows = samplePractices().map((r) => [...r, 'Dr Smith']);
    const report = await run('practices', csvText([[...PRACTICE_HEADER, 'lead_gp'], ...rows]));
    expect(report).toMatchObject({ status: 'succeeded', inserted: 3 });
    expect(report.warnings[0]).toBe('ignored column not used for practices: lead_gp');
  });

  it('rejects a group placed under a second commissioner', async () => {
    const rows = samplePractices();
    rows[2]![3] = 'NORTH';
    rows[2]![4] = 'QXX';
    const report = await run('practices', csvText([PRACTICE_HEADER, ...rows]));
    expect(report.errors).toEqual([{ row: 4, column: 'commissioner_code', value: 'QXX', message: 'does not match group NORTH, which belongs to commissioner QM7 (row 2)' }]);
    expect(await counts()).toEqual(EMPTY);
  });
});

describe('providers.csv', () => {
  it('loads, defaults the MFF to 1, re-imports unchanged and updates a corrected MFF', async () => {
    const first = await run('providers', csvText([PROVIDER_HEADER, ...sampleProviders()]));
    expect(first).toMatchObject({ status: 'succeeded', inserted: 3 });
    expect(await db.selectFrom('provider').select(['code', 'kind', 'mff']).orderBy('code').execute())
      .toEqual([{ code: 'NT4', kind: 'independent', mff: 1 }, { code: 'RQW', kind: 'acute', mff: 1 }, { code: 'RWG', kind: 'acute', mff: 1.0432 }]);
    expect(await run('providers', csvText([PROVIDER_HEADER, ...sampleProviders()]))).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    const corrected = sampleProviders();
    corrected[0]![3] = '1.05';
    expect(await run('providers', csvText([PROVIDER_HEADER, ...corrected]))).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    expect((await db.selectFrom('provider').select('mff').where('code', '=', 'RWG').executeTakeFirstOrThrow()).mff).toBe(1.05);
  });

  it('loads without the optional mff column', async () => {
    const report = await run('providers', csvText([['provider_code', 'name', 'kind'], ['rwg', 'West Herts', 'Acute']]));
    expect(report).toMatchObject({ status: 'succeeded', inserted: 1 });
    expect(await db.selectFrom('provider').select(['code', 'kind', 'mff']).execute()).toEqual([{ code: 'RWG', kind: 'acute', mff: 1 }]);
  });
});

describe('population.csv', () => {
  it('loads a good file, re-imports unchanged, and updates a corrected count', async () => {
    await loadPractices();
    const rows = samplePopulation();
    const first = await run('population', csvText([POPULATION_HEADER, ...rows]));
    expect(first).toMatchObject({ status: 'succeeded', rowsRead: 120, inserted: 120, updated: 0, unchanged: 0 });
    const again = await run('population', csvText([POPULATION_HEADER, ...rows]));
    expect(again).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0, unchanged: 120 });
    expect((await counts()).population).toBe(120);
    rows[7]![4] = 999;
    const corrected = await run('population', csvText([POPULATION_HEADER, ...rows]));
    expect(corrected).toMatchObject({ inserted: 0, updated: 1, unchanged: 119 });
    const total = await db.selectFrom('population').select(sql<number>`sum(patients)::int`.as('n')).executeTakeFirstOrThrow();
    expect(total.n).toBe(rows.reduce((sum, r) => sum + Number(r[4]), 0));
  });

  it('stores many batches in one go (several periods, 2,400 rows)', async () => {
    await loadPractices();
    const periods = Array.from({ length: 20 }, (_, i) => `20${String(10 + i)}-04-01`);
    const rows = periods.flatMap((p) => samplePopulation(undefined, p));
    const progress: ImportProgress[] = [];
    const report = await run('population', csvText([POPULATION_HEADER, ...rows]), { onProgress: (p) => progress.push(p) });
    expect(report).toMatchObject({ status: 'succeeded', rowsRead: 2400, inserted: 2400 });
    expect((await counts()).population).toBe(2400);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', rowsRead: 2400 });
    expect(progress.some((p) => p.phase === 'storing')).toBe(true);
  });
});

describe('a rejected file stores nothing and says where the problem is', () => {
  async function expectRejected(kind: ImportKind, data: string | Buffer | AsyncIterable<Buffer>) {
    const before = await counts();
    const report = await run(kind, data);
    expect(report.status).toBe('failed');
    expect(report).toMatchObject({ inserted: 0, updated: 0, unchanged: 0 });
    expect(await counts()).toEqual(before);
    const stored = await db.selectFrom('import_run').selectAll().where('id', '=', report.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'failed', kind, error_count: report.errorCount, actor: 'tester' });
    return report;
  }

  it('a missing column', async () => {
    const report = await expectRejected('practices', csvText([['practice_code', 'name', 'group_code', 'commissioner_code'], ['E82001', 'A', 'NORTH', 'QM7']]));
    expect(report.errors).toEqual([{ row: 1, column: 'postcode', message: 'the column postcode is missing; the header row must have practice_code, name, postcode, group_code, commissioner_code' }]);
    expect(report.message).toContain('column postcode');
  });

  it('a bad ODS code, among good rows (nothing of the good rows is stored)', async () => {
    const rows = samplePractices();
    rows[1]![0] = 'E8204';
    const report = await expectRejected('practices', csvText([PRACTICE_HEADER, ...rows]));
    expect(report.errors).toEqual([{ row: 3, column: 'practice_code', value: 'E8204', message: 'must be an ODS practice code: one letter and five digits, like E82044' }]);
    expect(report.message).toBe('practices.csv was not imported: row 3, column practice_code ("E8204"): must be an ODS practice code: one letter and five digits, like E82044. Nothing was stored.');
  });

  it('negative patients', async () => {
    await loadPractices();
    const rows = samplePopulation();
    rows[5]![4] = '-3';
    const report = await expectRejected('population', csvText([POPULATION_HEADER, ...rows]));
    expect(report.errors).toEqual([{ row: 7, column: 'patients', value: '-3', message: 'must be a whole number of 0 or more' }]);
  });

  it('a duplicate key, naming both rows', async () => {
    await loadPractices();
    const rows = samplePopulation();
    rows.push([...rows[3]!]);
    const report = await expectRejected('population', csvText([POPULATION_HEADER, ...rows]));
    expect(report.errors).toEqual([{ row: 122, value: 'practice E82001, period 2025-10-01, sex F, age band 5-9', message: 'is a duplicate: practice E82001, period 2025-10-01, sex F, age band 5-9 is also in row 5' }]);
    const practices = samplePractices();
    practices.push([...practices[0]!]);
    const dup = await expectRejected('practices', csvText([PRACTICE_HEADER, ...practices]));
    expect(dup.errors).toEqual([{ row: 5, column: 'practice_code', value: 'E82001', message: 'is a duplicate: practice E82001 is also in row 2' }]);
  });

  it('a Windows-1252 file (é as byte 0xE9), naming the row', async () => {
    const head = Buffer.from(csvText([PRACTICE_HEADER, ...samplePractices()], '\r\n'));
    const windows1252 = Buffer.concat([head, Buffer.from('E82004,Caf'), Buffer.from([0xe9]), Buffer.from(' Surgery,AL1 3EW,NORTH,QM7\r\n')]);
    const report = await expectRejected('practices', windows1252);
    expect(report.errors).toEqual([{ row: 5, message: 'the file is not UTF-8; save it as CSV UTF-8' }]);
  });

  it('an empty file', async () => {
    for (const empty of ['', '\uFEFF', '\r\n\r\n']) {
      const report = await expectRejected('population', empty);
      expect(report.errors).toEqual([{ row: 1, message: 'the file is empty: expected a header row with columns practice_code, period, sex, age_band, patients' }]);
    }
  });

  it('a header and no rows', async () => {
    const report = await expectRejected('providers', csvText([PROVIDER_HEADER]));
    expect(report.errors).toEqual([{ row: 2, message: 'the file has a header row but no providers below it' }]);
  });

  it('50 MB of junk, quickly and without reading it all', async () => {
    const cases = [
      { junk: (i: number) => junkBytes(65536, `chunk ${i}`), error: 'the file is not UTF-8; save it as CSV UTF-8' },
      { junk: () => Buffer.alloc(65536, 'x'), error: 'is longer than 64 KB; this does not look like a CSV file' },
    ];
    for (const { junk, error } of cases) {
      let bytesSent = 0;
      const source = async function* () {
        for (let i = 0; i < 800; i++) { bytesSent += 65536; yield junk(i); }
      };
      const report = await expectRejected('population', source());
      expect(report.errors).toEqual([{ row: 1, message: error }]);
      expect(report.errorCount).toBe(1);
      expect(bytesSent).toBeLessThan(2 * 1024 * 1024);
    }
  });

  it('a problem that stops the reading is listed first, with the row errors found before it', async () => {
    const rows = samplePractices();
    rows[0]![2] = 'nowhere';
    const text = Buffer.from(csvText([PRACTICE_HEADER, ...rows]));
    const report = await expectRejected('practices', (async function* () {
      yield text;
      yield Buffer.from([0x41, 0xe9, 0x0a]);
    })());
    expect(report.errors).toEqual([
      { row: 5, message: 'the file is not UTF-8; save it as CSV UTF-8' },
      { row: 2, column: 'postcode', value: 'nowhere', message: 'must be a UK postcode, like AL1 3EW' },
    ]);
    expect(report.message).toBe('practices.csv was not imported: row 5: the file is not UTF-8; save it as CSV UTF-8 (and 1 other problem). Nothing was stored.');
  });

  it('a practice that is not in the database', async () => {
    await loadPractices();
    const rows = samplePopulation(['E82001']);
    rows[10]![0] = 'E99999';
    const report = await expectRejected('population', csvText([POPULATION_HEADER, ...rows]));
    expect(report.errors).toEqual([{ row: 12, column: 'practice_code', value: 'E99999', message: 'is not a practice in the database; import it in practices.csv first' }]);
  });

  it('a value with an unquoted comma', async () => {
    const report = await expectRejected('providers', 'provider_code,name,kind,mff\nRWG,West Herts, Watford,acute,1\n');
    expect(report.errors).toEqual([{ row: 2, message: 'has 5 values but the header has 4 columns; a value containing a comma must be in double quotes' }]);
  });

  it('keeps the first 200 errors but counts them all', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => [`RW${i}`, `Provider ${i}`, 'hospital', '1']);
    const report = await expectRejected('providers', csvText([PROVIDER_HEADER, ...rows]));
    expect(report.errors).toHaveLength(200);
    expect(report.errorCount).toBe(250);
    expect(report.message).toBe('providers.csv was not imported: 250 problems found. Nothing was stored.');
  });
});

describe('cancelling', () => {
  it('while checking: nothing is stored and the run says cancelled', async () => {
    const cancel = new AbortController();
    const text = csvText([PRACTICE_HEADER, ...samplePractices()]);
    const source = async function* () {
      yield Buffer.from(text.slice(0, 60));
      cancel.abort();
      yield Buffer.from(text.slice(60));
    };
    const report = await run('practices', source(), { signal: cancel.signal });
    expect(report).toMatchObject({ status: 'failed', errors: [{ message: 'the import was cancelled' }] });
    expect(report.message).toBe('practices.csv was not imported: the import was cancelled. Nothing was stored.');
    expect(await counts()).toEqual(EMPTY);
  });

  it('while storing: the batches already written are rolled back', async () => {
    await loadPractices();
    const cancel = new AbortController();
    const periods = Array.from({ length: 10 }, (_, i) => `20${String(15 + i)}-04-01`);
    const rows = periods.flatMap((p) => samplePopulation(undefined, p)); // 1,200 rows: two batches
    let storedBeforeCancel = 0;
    const report = await run('population', csvText([POPULATION_HEADER, ...rows]), {
      signal: cancel.signal,
      onProgress: (p) => {
        if (p.phase !== 'storing') return;
        storedBeforeCancel = p.rowsRead;
        cancel.abort();
      },
    });
    expect(storedBeforeCancel).toBe(1000);
    expect(report).toMatchObject({ status: 'failed', errors: [{ message: 'the import was cancelled' }] });
    expect((await counts()).population).toBe(0);
  });
});

describe('the record of each import', () => {
  it('keeps an import_run and an audit entry for successes and failures alike', async () => {
    const ok = await loadPractices();
    const bad = await run('practices', 'nonsense\n1\n');
    const runs = await db.selectFrom('import_run').select(['id', 'status', 'kind', 'file_name', 'rows_read', 'inserted', 'errors']).orderBy('id').execute();
    expect(runs).toEqual([
      { id: ok.id, status: 'succeeded', kind: 'practices', file_name: 'practices.csv', rows_read: 3, inserted: 3, errors: [] },
      { id: bad.id, status: 'failed', kind: 'practices', file_name: 'practices.csv', rows_read: 0, inserted: 0, errors: bad.errors },
    ]);
    const audit = await db.selectFrom('audit_log').select(['action', 'outcome', 'entity_id', 'actor']).where('action', '=', 'import.practices').orderBy('id').execute();
    expect(audit.slice(-2)).toEqual([
      { action: 'import.practices', outcome: 'ok', entity_id: String(ok.id), actor: 'tester' },
      { action: 'import.practices', outcome: 'failed', entity_id: String(bad.id), actor: 'tester' },
    ]);
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });
});
