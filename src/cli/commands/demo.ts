/** `hub demo [--practices N] [--seed S] [--referrals-fraction F | --no-referrals] [--json]`: loads the demo locality (idempotent). */
import { InvalidArgumentError, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { SIGNATORY_ACCOUNTS, STAFF_ROLES } from '../../domain/demo/accounts.js';
import { DEFAULT_PRACTICES, DEFAULT_SEED, MAX_PRACTICES } from '../../domain/demo/locality.js';
import { DEFAULT_REFERRAL_FRACTION } from '../../domain/demo/referrals.js';
import { loadDemo, type DemoProgress, type DemoSummary } from '../../server/demo/load.js';
import { output, withDatabase } from '../context.js';

const wholeNumber = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`use a whole number from ${min} to ${max}`);
  return n;
};

export function registerDemo(program: Command) {
  program.command('demo')
    .description('load the demo locality into the configured database (safe to run again); demo accounts use DEMO_PASSWORD (default "demo")')
    .option('--practices <n>', 'number of practices', wholeNumber(1, MAX_PRACTICES), DEFAULT_PRACTICES)
    .option('--seed <n>', 'random seed: the same seed gives the same locality', wholeNumber(0, 2 ** 32 - 1), DEFAULT_SEED)
    .option('--referrals-fraction <f>', 'share of real referral volume to generate, 0 to 10 (~4,000 referrals for 20 practices at the default)', fraction, DEFAULT_REFERRAL_FRACTION)
    .option('--no-referrals', 'load the referral catalogue but no referrals (e.g. for a national-size demo)')
    .option('--json', 'print a machine-readable summary')
    .action(async (o: { practices: number; seed: number; referralsFraction: number; referrals: boolean; json?: boolean }) => {
      const progress = new RowProgress();
      let password = '';
      const summary = await withDatabase('demo', async (database, config) => {
        password = config.demoPassword;
        try {
          return await loadDemo(database, {
            seed: o.seed, practices: o.practices, password, actor: 'cli', referralFraction: o.referrals ? o.referralsFraction : 0,
            onProgress: (m) => progress.say(m),
            onRows: (p) => progress.update(p),
          });
        } finally {
          progress.stop();
        }
      });
      output(Boolean(o.json), summary, () => signInLines(summary, password));
    });
}

function fraction(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n > 10) throw new InvalidArgumentError('use a number from 0 to 10, like 0.08');
  return n;
}

function signInLines(s: DemoSummary, password: string): string[] {
  const practiceAccounts = s.accounts.filter((a) => a.startsWith('practice-'));
  const changed = s.imports.providers.inserted + s.imports.practices.inserted + s.imports.population.inserted
    + s.imports.providers.updated + s.imports.practices.updated + s.imports.population.updated;
  return [
    `Demo locality (seed ${s.seed}): ${s.practices.toLocaleString('en-GB')} practices in ${s.groups} groups, ${s.providers} providers, `
      + `${s.populationRows.toLocaleString('en-GB')} population rows over ${s.periods} quarters${changed ? '' : ' (already loaded: nothing changed)'}.`,
    `Referrals: ${s.referrals.submitted.toLocaleString('en-GB')} new with ${s.referrals.decisions.toLocaleString('en-GB')} decisions, `
      + `${s.referrals.existing.toLocaleString('en-GB')} already loaded; ${s.referrals.catalogue.pathways} new pathways.`,
    '',
    'Sign in (the server must run in demo mode, HUB_DEMO not 0):',
    `  usernames: ${STAFF_ROLES.join(', ')}`,
    `  plan signatories: ${SIGNATORY_ACCOUNTS.map((a) => a.username).join(', ')}`,
    `  practices: ${practiceAccounts.slice(0, 3).join(', ')}${practiceAccounts.length > 3 ? `, … (${practiceAccounts.length.toLocaleString('en-GB')} in all: practice- plus the practice code in lower case)` : ''}`,
    `  password:  ${password} (set with DEMO_PASSWORD)`,
  ];
}

/** Phase lines and, on a terminal, a progress bar for the long population import, on stderr. */
class RowProgress {
  private bar: cliProgress.SingleBar | undefined;
  private step: string | undefined;
  private readonly tty = Boolean(process.stderr.isTTY);

  say(message: string) {
    this.stop();
    process.stderr.write(`${message}\n`);
  }

  update(p: DemoProgress) {
    if (!this.tty || p.totalRows < 10_000 || p.phase === 'done') return;
    const step = `${p.kind}: ${p.phase}`;
    if (this.step !== step) {
      this.stop();
      this.step = step;
      this.bar = new cliProgress.SingleBar({
        stream: process.stderr, format: `  ${step.padEnd(20)} [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left`, etaBuffer: 50,
      }, cliProgress.Presets.shades_classic);
      this.bar.start(p.totalRows, 0);
    }
    this.bar?.update(Math.min(p.rowsRead, p.totalRows));
  }

  stop() {
    this.bar?.stop();
    this.bar = undefined;
    this.step = undefined;
  }
}
