import { describe, expect, it, vi } from 'vitest';
import { hub, useCliFolder, writeFile } from '../../testing/cli.js';
import { csvText, PRACTICE_HEADER, PROVIDER_HEADER, samplePractices, sampleProviders } from '../../testing/sample-csv.js';
import { testEngine } from '../../testing/test-db.js';

// A throwaway PGlite folder: each command opens and migrates it, so the PostgreSQL run skips this file.
vi.setConfig({ testTimeout: 60_000 });
const folder = useCliFolder('hub-cli-activity');
const file = (name: string, text: string) => writeFile(folder, name, text);

describe.runIf(testEngine() === 'pglite')('hub import activity and hub activity summary', () => {
  it('imports a return with a JSON summary in pence, quarantines on request, and sums it up by provider and month', async () => {
    expect((await hub('import', 'practices', file('practices.csv', csvText([PRACTICE_HEADER, ...samplePractices()])))).code).toBe(0);
    expect((await hub('import', 'providers', file('providers.csv', csvText([PROVIDER_HEADER, ...sampleProviders()])))).code).toBe(0);
    expect((await hub('import', 'tariff', file('tariff.csv', 'year,pod,tfc,hrg,price\n2025/26,OPFA,,,160.00\n'))).code).toBe(0);

    const activity = file('activity.csv', [
      'activity_id,provider_code,practice_code,nhs_number,pod,tfc,activity_date',
      'A1,RWG,E82001,9434765919,OPFA,110,2025-05-02', // £160 × 1.0432 = £166.912 → £166.91
      'A2,RWG,E82002,9434765919,OPFA,110,2025-06-02',
      'A3,RWG,E82002,9434765919,OPFU,110,2025-06-09', // no OPFU tariff: unpriced
      'A4,RWG,E82002,123,OPFA,110,2025-06-09', // a bad NHS number
    ].join('\n'));
    const refused = await hub('import', 'activity', activity, '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ status: 'failed', errors: [{ row: 5, column: 'nhs_number' }] });

    const kept = await hub('import', 'activity', activity, '--quarantine', '--json');
    expect(kept.code, kept.stderr).toBe(0);
    expect(JSON.parse(kept.stdout)).toMatchObject({ rowsRead: 4, stored: 3, rejected: 1, summary: { unpriced: 1, costPence: 2 * 16691 } });

    const summary = await hub('activity', 'summary', '--year', '2025/26', '--by', 'provider,month', '--json');
    expect(summary.code, summary.stderr).toBe(0);
    expect(JSON.parse(summary.stdout)).toMatchObject({
      rows: [
        { provider: 'RWG', month: 2, lines: 1, unpricedLines: 0, costPence: 16691 },
        { provider: 'RWG', month: 3, lines: 2, unpricedLines: 1, costPence: 16691 },
      ],
      total: { lines: 3, costPence: 33382 },
    });
    const text = await hub('activity', 'summary', '--year', '2025/26');
    expect(text.stdout).toContain('RWG\t3\t1\t£333.82');
  });

  it('names a bad year or dimension', async () => {
    expect((await hub('activity', 'summary', '--year', '2025')).stderr).toMatch(/--year 2025 must be a financial year/);
    expect((await hub('activity', 'summary', '--year', '2025/26', '--by', 'ward')).stderr).toMatch(/--by: ward is not a dimension/);
  });
});
