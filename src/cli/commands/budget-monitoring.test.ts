import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { CELLS } from '../../domain/budgets/capitation.js';
import { createDraft, publishSetting, reviewSetting } from '../../server/budgets/setting.js';
import { insertActivity } from '../../testing/activity.js';
import { buildOrgTree } from '../../testing/factories.js';
import { testEngine } from '../../testing/test-db.js';
import { CliError } from '../context.js';
import { registerBudgetMonitoring } from './budget-monitoring.js';

vi.setConfig({ testTimeout: 60_000 });
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-cli-budget-monitoring-'));
  vi.stubEnv('DATA_DIR', path.join(dir, 'data'));
  vi.stubEnv('DATABASE_URL', '');
  if (testEngine() !== 'pglite') return;
  // A published elective budget and two months of spend, written straight to the database the CLI will open.
  const database = await openDatabase({ dataDir: path.join(dir, 'data') });
  try {
    await migrate(database);
    const { db } = database;
    await buildOrgTree(db, { practices: ['E82001', 'E82002'], groups: ['NORTH'], patientsPerBand: 10, period: '2025-01-01' });
    await db.insertInto('capitation_weight').values(CELLS.map(({ sex, ageBand }) => ({ service_line: 'elective', sex, age_band: ageBand, weight: 1 }))).execute();
    await insertActivity(db, [
      { practice_code: 'E82001', pod: 'DC', tfc: '110', activity_date: '2024-06-01', tariff_price_pence: 600_000 },
      { practice_code: 'E82002', pod: 'DC', tfc: '110', activity_date: '2024-06-01', tariff_price_pence: 600_000 },
      { practice_code: 'E82001', pod: 'DC', tfc: '110', activity_date: '2025-04-10', tariff_price_pence: 100_000 },
      { practice_code: 'E82002', pod: 'EL', tfc: '130', activity_date: '2025-05-10', tariff_price_pence: 50_000 },
    ]);
    const id = await createDraft(db, 'test', { year: '2025/26', serviceLine: 'elective', commissionerTotalPence: 1_200_000, pace: 0.5, floorPercent: 0.02, phasing: 'even' });
    await reviewSetting(db, 'test', id);
    await publishSetting(db, 'test', id);
  } finally {
    await database.close();
  }
});
afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function hub(...args: string[]) {
  const program = new Command('hub').exitOverride();
  registerBudgetMonitoring(program.command('budgets'));
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { stdout += String(chunk); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => { stderr += String(chunk); return true; });
  let code = 0;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) code = error.exitCode;
    else if (error instanceof CliError) {
      stderr += `${error.message}\n`;
      code = 1;
    } else throw error;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { code, stdout, stderr };
}

describe.runIf(testEngine() === 'pglite')('hub budgets monitoring', () => {
  it('prints each practice, the group and the total, which is the sum of the practices', async () => {
    const json = await hub('budgets', 'monitoring', '--year', '2025/26', '--json');
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { monthsElapsed: number; practices: { practiceCode: string; ytdSpendPence: number; ytdBudgetPence: number }[]; total: { ytdSpendPence: number; ytdBudgetPence: number; yearBudgetPence: number } };
    expect(report.monthsElapsed).toBe(2);
    expect(report.practices.map((p) => [p.practiceCode, p.ytdSpendPence])).toEqual([['E82001', 100_000], ['E82002', 50_000]]);
    expect(report.total.ytdSpendPence).toBe(150_000);
    expect(report.total.ytdBudgetPence).toBe(report.practices.reduce((a, p) => a + p.ytdBudgetPence, 0));
    expect(report.total.yearBudgetPence).toBe(1_200_000);

    const text = await hub('budgets', 'monitoring', '--year', '2025/26', '--service-line', 'elective');
    expect(text.stdout).toMatch(/Budget monitoring 2025\/26, Elective v1; year to date Apr 2025 to May 2025/);
    expect(text.stdout).toMatch(/^total\tCommissioner total\t\t£2,000\.00\t£1,500\.00\t/m);
  });

  it('refuses a bad year or service line', async () => {
    expect((await hub('budgets', 'monitoring', '--year', '2025')).code).toBe(1);
    const line = await hub('budgets', 'monitoring', '--year', '2025/26', '--service-line', 'dentistry');
    expect(line.stderr).toMatch(/not a service line/);
    const none = await hub('budgets', 'monitoring', '--year', '2026/27');
    expect(none.stdout).toMatch(/No budgets are published for 2026\/27/);
  });
});
