/**
 * The whole test suite, one command: type-check, lint, unit and integration tests (PGlite,
 * and PostgreSQL too when DATABASE_URL is set), then browser tests. Ends with one line
 * `N passed, N failed` adding up every suite, and exits non-zero on any failure.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = path.join(root, 'tmp', 'test-reports');
fs.mkdirSync(reports, { recursive: true });
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const isCI = process.env.CI === 'true' || process.env.CI === '1';
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

interface Tally { suite: string; passed: number; failed: number; skipped: number; note?: string }
const tallies: Tally[] = [];

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  console.log(`\n▶ ${[path.basename(command), ...args].join(' ')}`);
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
}

function readJson<T>(file: string): T | undefined {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')) as T; } catch { return undefined; }
}

// 1. Type-check and lint count as one check each.
for (const [suite, cmd, args] of [['type-check', bin('tsc'), ['--noEmit', '-p', '.']], ['lint', bin('eslint'), ['.', '--max-warnings=0']]] as const) {
  const ok = run(cmd, [...args]) === 0;
  tallies.push({ suite, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
}

// 2. Vitest: unit and integration, on PGlite and (when DATABASE_URL is set) PostgreSQL.
{
  const out = path.join(reports, 'vitest.json');
  fs.rmSync(out, { force: true });
  const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  const r = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(out);
  if (r) {
    // A file that fails to load has no failed test in it but makes vitest exit non-zero.
    const failed = r.numFailedTests + (status !== 0 && r.numFailedTests === 0 ? 1 : 0);
    tallies.push({ suite: `vitest${process.env.DATABASE_URL ? ' (PGlite + PostgreSQL)' : ' (PGlite)'}`, passed: r.numPassedTests, failed, skipped: r.numPendingTests + r.numTodoTests });
  } else {
    tallies.push({ suite: 'vitest', passed: 0, failed: 1, skipped: 0, note: 'no report: vitest did not run' });
  }
}

// 3. Browser tests with Debian's Chromium (never a downloaded browser).
if (fs.existsSync(CHROMIUM)) {
  const buildOk = run(bin('vite'), ['build', '--logLevel', 'warn']) === 0;
  if (!buildOk) {
    tallies.push({ suite: 'web build', passed: 0, failed: 1, skipped: 0 });
  } else {
    const out = path.join(reports, 'playwright.json');
    fs.rmSync(out, { force: true });
    const status = run(bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out, CHROMIUM_PATH: CHROMIUM });
    const r = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(out);
    if (r) {
      const failed = r.stats.unexpected + (status !== 0 && r.stats.unexpected === 0 ? 1 : 0);
      tallies.push({ suite: 'browser (Playwright + axe)', passed: r.stats.expected + r.stats.flaky, failed, skipped: r.stats.skipped });
    } else {
      tallies.push({ suite: 'browser (Playwright + axe)', passed: 0, failed: 1, skipped: 0, note: 'no report: Playwright did not run' });
    }
  }
} else if (isCI) {
  tallies.push({ suite: 'browser', passed: 0, failed: 1, skipped: 0, note: `Chromium not found at ${CHROMIUM}: browser tests must run in CI` });
} else {
  console.log(`\n${'!'.repeat(72)}\n!! BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM}.\n!! Install it with: sudo apt-get install -y chromium   (or set CHROMIUM_PATH)\n${'!'.repeat(72)}`);
  tallies.push({ suite: 'browser', passed: 0, failed: 0, skipped: 1, note: 'skipped: no Chromium' });
}

const total = tallies.reduce((a, t) => ({ passed: a.passed + t.passed, failed: a.failed + t.failed, skipped: a.skipped + t.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log('\nSummary');
for (const t of tallies) console.log(`  ${t.suite.padEnd(34)} ${String(t.passed).padStart(5)} passed ${String(t.failed).padStart(4)} failed${t.skipped ? ` ${t.skipped} skipped` : ''}${t.note ? `  (${t.note})` : ''}`);
console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed > 0 ? 1 : 0);
