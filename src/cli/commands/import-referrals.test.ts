import { beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { hub, useCliFolder, writeFile } from '../../testing/cli.js';
import { csvText } from '../../testing/sample-csv.js';
import { testEngine } from '../../testing/test-db.js';

// The CLI opens the database named by the environment: a throwaway PGlite folder (the
// PostgreSQL run of the suite skips this file).
vi.setConfig({ testTimeout: 60_000 });
const folder = useCliFolder('hub-cli-referrals');
beforeAll(async () => {
  if (testEngine() !== 'pglite') return;
  const database = await openDatabase({ dataDir: process.env.DATA_DIR! });
  try {
    await migrate(database);
    await buildOrgTree(database.db);
    await createTestUser(database.db, 'practice-e82001', 'practice', 'E82001');
    await createTestUser(database.db, 'reviewer', 'reviewer');
  } finally {
    await database.close();
  }
}, 60_000);

const HEADER = ['external_id', 'practice_code', 'clinician', 'nhs_number', 'family_name', 'given_name', 'birth_date', 'sex', 'postcode',
  'tfc', 'reason_system', 'reason_code', 'priority', 'chosen_providers', 'pathway', 'referral_date'];
const row = (externalId: string, nhsNumber = '9434765919') =>
  [externalId, 'E82001', 'Dr A Patel', nhsNumber, 'Smith', 'Jo', '1956-03-27', 'F', 'AL1 3EW', '110', 'icd10', 'M17.1', 'routine', 'RWG;RQW', '', '2025-10-01'];

const file = (name: string, rows: string[][]) => writeFile(folder, name, csvText([HEADER, ...rows]));

describe.runIf(testEngine() === 'pglite')('hub import referrals', () => {
  it('sends the file as the practice, and a second time sends nothing new', async () => {
    const referrals = file('referrals.csv', [row('CLI-1'), row('CLI-2', '9000000009')]);
    const first = await hub('import', 'referrals', referrals, '--as', 'practice-e82001');
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('Imported 2 referrals from referrals.csv: 2 new, 0 already sent (unchanged).');
    const again = await hub('import', 'referrals', referrals, '--as', 'practice-e82001', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'succeeded', inserted: 0, unchanged: 2 });
  });

  it('lists each bad row and exits non-zero, storing nothing', async () => {
    const result = await hub('import', 'referrals', file('bad.csv', [row('CLI-3'), row('CLI-4', '9434765918')]), '--as', 'practice-e82001');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bad.csv was not imported: row 3, column nhs_number ("9434765918"): NHS number');
    expect(result.stderr).toContain('Nothing was stored.');
  });

  it('needs a practice account to send as', async () => {
    const referrals = file('more.csv', [row('CLI-5')]);
    expect((await hub('import', 'referrals', referrals)).stderr).toMatch(/--as practice-e82001/);
    expect((await hub('import', 'referrals', referrals, '--as', 'reviewer')).stderr).toMatch(/reviewer is not a practice account/);
    expect((await hub('import', 'referrals', referrals, '--as', 'nobody')).stderr).toMatch(/There is no user nobody/);
  });
});
