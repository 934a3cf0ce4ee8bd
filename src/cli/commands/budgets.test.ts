import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { csvText, POPULATION_HEADER, PRACTICE_HEADER, samplePractices } from '../../testing/sample-csv.js';
import { testEngine } from '../../testing/test-db.js';
import { sampleWeights, WEIGHTS_HEADER } from '../../testing/weights.js';
import { CliError } from '../context.js';
import { registerBudgets } from './budgets.js';
import { registerImport } from './import.js';

// A throwaway PGlite folder, as in import.test.ts: each command opens and migrates it.
vi.setConfig({ testTimeout: 60_000 });
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-cli-budgets-'));
  vi.stubEnv('DATA_DIR', path.join(dir, 'data'));
  vi.stubEnv('DATABASE_URL', '');
});
afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string) {
  const target = path.join(dir, name);
  fs.writeFileSync(target, text);
  return target;
}

/** The commands as program.ts runs them (budgets registered here, so the test does not depend on program.ts). */
async function hub(...args: string[]) {
  const program = new Command('hub').exitOverride();
  registerImport(program);
  registerBudgets(program);
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
      if (error.message) stderr += `${error.message}\n`;
      code = 1;
    } else throw error;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { code, stdout, stderr };
}

describe.runIf(testEngine() === 'pglite')('hub budgets fair-shares', () => {
  it('prints each practice’s raw population, weighted population and fair share, as text and as JSON in pence', async () => {
    expect((await hub('import', 'practices', file('practices.csv', csvText([PRACTICE_HEADER, ...samplePractices()])))).code).toBe(0);
    // E82001: 30 patients, all men 85-89; E82002 and E82003: 10 each, all girls under 5.
    const population = [
      ['E82001', '2025-10-01', 'M', '85-89', 30],
      ...['E82002', 'E82003'].map((code) => [code, '2025-10-01', 'F', '0-4', 10]),
    ];
    expect((await hub('import', 'population', file('population.csv', csvText([POPULATION_HEADER, ...population])))).code).toBe(0);
    // Men 85-89 weigh 3, everyone else 1: U = 90 + 10 + 10 = 110, N = 50, scale 5/11.
    const weights = sampleWeights('non_elective', (sex, band) => (sex === 'M' && band === '85-89' ? '3' : '1'));
    const imported = await hub('import', 'weights', file('weights.csv', csvText([WEIGHTS_HEADER, ...weights])));
    expect(imported.code, imported.stderr).toBe(0);

    const json = await hub('budgets', 'fair-shares', '--year', '2025/26', '--service-line', 'non_elective', '--total', '1,000.01', '--json');
    expect(json.code, json.stderr).toBe(0);
    // Of 100,001p: 90/110 = 9/11 → exactly 81,819; 1/11 each → exactly 9,091: nothing left over.
    expect(JSON.parse(json.stdout)).toMatchObject({
      year: '2025/26', serviceLine: 'non_elective', period: '2025-10-01', totalPence: 100_001, scale: '0.454545455',
      practices: [
        { practiceCode: 'E82001', rawPopulation: 30, weightedPopulation: '40.909091', fairSharePence: 81_819 },
        { practiceCode: 'E82003', rawPopulation: 10, weightedPopulation: '4.545455', fairSharePence: 9091 },
        { practiceCode: 'E82002', rawPopulation: 10, weightedPopulation: '4.545455', fairSharePence: 9091 },
      ],
      total: { practices: 3, rawPopulation: 50, weightedPopulation: '50.000000', fairSharePence: 100_001 },
    });
    const text = await hub('budgets', 'fair-shares', '--year', '2025/26', '--service-line', 'non_elective', '--total', '1000.01');
    expect(text.stdout).toContain('E82001\tNORTH\t30\t40.909091\t£818.19');
    expect(text.stdout).toContain('total\t\t50\t50.000000\t£1,000.01');
  });

  it('names what is wrong', async () => {
    const fair = (...args: string[]) => hub('budgets', 'fair-shares', ...args);
    expect((await fair('--year', '2025', '--service-line', 'elective', '--total', '1')).stderr).toMatch(/--year 2025 must be a financial year/);
    expect((await fair('--year', '2025/26', '--service-line', 'A&E', '--total', '1')).stderr).toMatch(/--service-line A&E must be a service line/);
    expect((await fair('--year', '2025/26', '--service-line', 'elective', '--total', '-5')).stderr).toMatch(/--total -5 must not be negative/);
    expect((await fair('--year', '2025/26', '--service-line', 'elective', '--total', '1.234')).stderr).toMatch(/--total 1.234 must be an amount in pounds/);
    expect((await fair('--year', '2025/26', '--service-line', 'elective', '--total', '1')).stderr).toMatch(/no weights for elective.*Service lines with weights: non_elective/);
    expect((await fair('--year', '2024/25', '--service-line', 'non_elective', '--total', '1')).stderr).toMatch(/no registered population from before the end of 2024\/25/);
    expect((await fair('--year', '2025/26', '--service-line', 'non_elective', '--total', '1', '--period', '2025-01-01')).stderr).toMatch(/no registered population for 2025-01-01/);
  });
});
