import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { ALLOWANCE_CONDITIONS } from '../../domain/budgets/allowances.js';
import { buildOrgTree } from '../../testing/factories.js';
import { testEngine } from '../../testing/test-db.js';
import { CliError } from '../context.js';
import { registerAllowances } from './allowances.js';

// A throwaway PGlite folder, as in activity.test.ts: the command opens and migrates it.
vi.setConfig({ testTimeout: 60_000 });
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-cli-allowances-'));
  vi.stubEnv('DATA_DIR', path.join(dir, 'data'));
  vi.stubEnv('DATABASE_URL', '');
});
afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `hub …` with only this command registered (as program.ts's run does, errors to stderr). */
async function hub(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { stdout += String(chunk); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => { stderr += String(chunk); return true; });
  const program = new Command('hub').exitOverride();
  registerAllowances(program);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode, stdout, stderr };
    if (error instanceof CliError) return { code: 1, stdout, stderr: stderr + error.message };
    throw error;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe.runIf(testEngine() === 'pglite')('hub allowances', () => {
  beforeAll(async () => {
    const database = await openDatabase({ dataDir: path.join(dir, 'data'), holder: 'test' });
    try {
      await migrate(database);
      const { db } = database;
      await buildOrgTree(db, { practices: ['E82001', 'E82002', 'E82003'], patientsPerBand: 0 });
      await db.insertInto('practice_participation').values([
        { practice_code: 'E82001', year: '2025/26', joined_on: '2025-04-01', left_on: null, updated_by: 'test' },
        { practice_code: 'E82002', year: '2025/26', joined_on: '2025-10-15', left_on: null, updated_by: 'test' },
      ]).execute();
      await db.insertInto('allowance_evidence').values([
        ...ALLOWANCE_CONDITIONS.map((condition) => ({ practice_code: 'E82001', year: '2025/26', condition, met: true, evidence: 'minutes', recorded_by: 'test' })),
        { practice_code: 'E82002', year: '2025/26', condition: 'locality_participation' as const, met: true, evidence: 'minutes', recorded_by: 'test' },
      ]).execute();
    } finally {
      await database.close();
    }
  });

  it('prints each practice’s allowances as JSON in pence', async () => {
    const result = await hub('allowances', '--year', '2025/26', '--json');
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { practices: { practiceCode: string; lines: { schemeCode: string; amountPence: number; status: string }[]; earnedPence: number; notYetEarnedPence: number }[]; totals: { earnedPence: number } };
    expect(json.practices.map((p) => [p.practiceCode, p.earnedPence, p.notYetEarnedPence])).toEqual([
      ['E82001', 800_000, 0], // £5,000 + £3,000; no budget published, so the percentages are £0
      ['E82002', 150_000, 500_000], // joined in October: £1,500 start-up earned; £5,000 waits for budget_held
      ['E82003', 0, 0], // not taking part
    ]);
    expect(json.practices[1]!.lines.map((l) => [l.schemeCode, l.amountPence, l.status])).toEqual([
      ['recurrent', 500_000, 'not_yet_earned'], ['start_up', 150_000, 'earned'], ['service_change', 0, 'not_yet_earned'], ['incentive', 0, 'not_yet_earned'],
    ]);
    expect(json.totals.earnedPence).toBe(950_000);
  });

  it('prints a table for people, marking what is not yet earned', async () => {
    const result = await hub('allowances', '--year', '2025/26');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('No budgets are published for 2025/26 yet');
    expect(result.stdout).toContain('E82002\tPractice E82002\t2025-10-15\t£5,000.00*\t£1,500.00\t£0.00*\t£0.00*\t£1,500.00\t£5,000.00');
    expect(result.stdout).toContain('E82003\tPractice E82003\tnot taking part\t-\t-\t-\t-\t£0.00\t£0.00');
    expect(result.stdout).toContain('total\t2 of 3 taking part\t\t£5,000.00\t£4,500.00\t£0.00\t£0.00\t£9,500.00\t£5,000.00');
  });

  it('names a bad year', async () => {
    expect((await hub('allowances', '--year', '2025')).stderr).toMatch(/--year 2025 must be a financial year/);
  });
});
