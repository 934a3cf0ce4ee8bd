import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { buildOrgTree } from '../../testing/factories.js';
import { streamOf } from '../../testing/sample-csv.js';
import { testDatabase } from '../../testing/test-db.js';
import { importOrgFile } from '../org/import/import-file.js';
import { serviceLineSpend } from './spend.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
  await buildOrgTree(database.db);
});
afterAll(() => database.close());

const run = (text: string) => importOrgFile(database.db, 'spend', streamOf(text), { fileName: 'spend.csv', actor: 'finance' });

describe('spend.csv (prescribing and other non-activity spend)', () => {
  it('stores pence by practice, month and service line, feeds budget spend, and replaces on re-import', async () => {
    const file = 'practice_code,year,month,service_line,amount\nE82001,2025/26,1,prescribing,"12,345.67"\nE82001,2025/26,2,prescribing,100\nE82002,2025/26,1,Prescribing,0.5\n';
    expect(await run(file)).toMatchObject({ status: 'succeeded', inserted: 3 });
    const spend = await serviceLineSpend(database.db, { year: '2025/26', serviceLine: 'prescribing', tfcs: null });
    expect(spend.get('E82001')).toMatchObject({ otherPence: 1_234_567 + 10_000, byMonth: [1_234_567, 10_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
    expect(spend.get('E82002')).toMatchObject({ otherPence: 50 });
    expect(await run(file)).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0, unchanged: 3 });
    expect(await run('practice_code,year,month,service_line,amount\nE82001,2025/26,2,prescribing,150\n')).toMatchObject({ updated: 1 });
  });

  it('refuses a bad file whole, naming row, column and reason', async () => {
    const report = await run('practice_code,year,month,service_line,amount\nE82001,2025/26,13,prescribing,1\nX1,2025/26,1,dentistry,-5\nE82009,2025/26,1,community,1\n');
    expect(report.status).toBe('failed');
    expect(report.errors.map((e) => `${e.row} ${e.column}`)).toEqual(['2 month', '3 practice_code', '3 service_line', '3 amount', '4 practice_code']);
  });
});
