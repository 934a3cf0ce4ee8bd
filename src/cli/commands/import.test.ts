import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { csvText, POPULATION_HEADER, PRACTICE_HEADER, samplePopulation, samplePractices } from '../../testing/sample-csv.js';
import { hub, useCliFolder, writeFile } from '../../testing/cli.js';
import { testEngine } from '../../testing/test-db.js';

// The CLI opens the database named by the environment: always a throwaway PGlite folder here
// (so the PostgreSQL run of the suite skips this file). Each command opens and migrates it: slow.
vi.setConfig({ testTimeout: 60_000 });
const folder = useCliFolder('hub-cli-import');
const file = (name: string, text: string) => writeFile(folder, name, text);

async function countRows(table: 'practice' | 'population') {
  const database = await openDatabase({ dataDir: process.env.DATA_DIR! });
  try {
    return Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  } finally {
    await database.close();
  }
}

describe.runIf(testEngine() === 'pglite')('hub import', () => {
  it('loads practices then population, and says what it did', async () => {
    const practices = await hub('import', 'practices', file('practices.csv', csvText([PRACTICE_HEADER, ...samplePractices()])));
    expect(practices).toMatchObject({ code: 0, stderr: '' });
    expect(practices.stdout).toContain('Imported 3 rows from practices.csv: 3 new, 0 updated, 0 unchanged.');
    expect(practices.stdout).toContain('warning: added commissioner QM7');

    const population = await hub('import', 'population', file('population.csv', csvText([POPULATION_HEADER, ...samplePopulation()])), '--json');
    expect(population.code).toBe(0);
    expect(JSON.parse(population.stdout)).toMatchObject({ kind: 'population', status: 'succeeded', inserted: 120 });
    expect(await countRows('practice')).toBe(3);
    expect(await countRows('population')).toBe(120);
  });

  it('prints each row error and exits non-zero when the file is rejected', async () => {
    const rows = samplePopulation();
    rows[5]![4] = '-3';
    const result = await hub('import', 'population', file('bad.csv', csvText([POPULATION_HEADER, ...rows])));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bad.csv was not imported');
    expect(result.stderr).toContain('row 7, column patients ("-3"): must be a whole number of 0 or more');
    expect(await countRows('population')).toBe(120);
  });

  it('prints the report as JSON on rejection too, with --json', async () => {
    const result = await hub('import', 'providers', file('empty.csv', ''), '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'failed', errors: [{ row: 1, message: expect.stringMatching(/^the file is empty/) }] });
  });

  it('refuses a missing file and an unknown kind', async () => {
    const missing = await hub('import', 'practices', path.join(folder.dir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
    expect((await hub('import', 'tariffs', path.join(folder.dir, 'practices.csv'))).code).not.toBe(0);
  });
});
