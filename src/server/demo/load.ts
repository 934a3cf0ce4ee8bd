/**
 * Loads the demo locality: generates it from a seed, names the commissioner and groups (the
 * CSV carries only their codes), renders the rest as the interchange CSV files and feeds them
 * through the real organisation import (providers → practices → population), creates the
 * demo accounts, then the referral catalogue and a year of referrals with their triage history
 * (./referrals.ts), then the tariff, contracts and a year of hospital activity matching those
 * referrals (./activity.ts). Idempotent: a second load with the same seed and size changes nothing.
 */
import { Readable } from 'node:stream';
import type { Database, Db } from '../../db/database.js';
import { demoAccounts } from '../../domain/demo/accounts.js';
import { DEFAULT_PRACTICES, DEFAULT_SEED, generateLocality, type DemoLocality } from '../../domain/demo/locality.js';
import { populationRowCount } from '../../domain/demo/population.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { upsertDemoAccounts } from '../auth/users.js';
import { importOrgFile } from '../org/import/import-file.js';
import type { ImportKind, ImportProgress, ImportReport } from '../org/import/types.js';
import { populationCsvStream, practicesCsv, providersCsv } from './csv.js';
import { loadDemoActivity, type DemoActivitySummary } from './activity.js';
import { loadDemoAllowances } from './allowances.js';
import { loadDemoBudgets } from './budgets.js';
import { loadDemoWeights } from './weights.js';
import { lastYear, loadDemoReferrals, type DemoReferralSummary } from './referrals.js';
import { loadDemoAeAudits } from './ae-audits.js';
import { loadDemoGovernance } from './governance.js';
import { loadDemoGroupings } from './groupings.js';
import { loadDemoPlanCases, loadDemoPortfolio } from './plan-cases.js';
import { loadDemoPlans } from './plans.js';
import { loadDemoReferralFeedback } from './referral-feedback.js';
import { loadDemoSignatories } from './signatories.js';

/** Rows done within one import: checked first (the whole file), then stored. */
export interface DemoProgress { kind: ImportKind; phase: ImportProgress['phase']; rowsRead: number; totalRows: number }

export interface DemoOptions {
  seed?: number;
  practices?: number;
  /** the demo accounts' shared password */
  password: string;
  /** one line per phase, for people */
  onProgress?: (message: string) => void;
  /** rows checked and stored so far within each import, for progress bars */
  onRows?: (progress: DemoProgress) => void;
  /** recorded as the importer in import_run and the audit log */
  actor?: string;
  /** share of real referral volume to generate (default ~8%: ~4,000 for 20 practices); 0: the referral catalogue only */
  referralFraction?: number;
}

export type DemoPhase = 'generate' | 'names' | 'providers' | 'practices' | 'population' | 'accounts' | 'governance' | 'referrals' | 'activity' | 'plans';

export interface DemoImportSummary { rowsRead: number; inserted: number; updated: number; unchanged: number }

export interface DemoSummary {
  seed: number;
  practices: number;
  providers: number;
  groups: number;
  periods: number;
  populationRows: number;
  /** usernames: the staff roles first, then one per practice */
  accounts: string[];
  imports: Record<'providers' | 'practices' | 'population', DemoImportSummary>;
  referrals: DemoReferralSummary;
  /** null when referralFraction is 0 (no referrals, so no activity to match them) */
  activity: DemoActivitySummary | null;
  /** milliseconds per phase and in total */
  timings: Record<DemoPhase | 'total', number>;
}

export class DemoLoadError extends Error {
  constructor(readonly report: ImportReport) {
    const first = report.errors[0];
    super(`The demo ${report.kind} file did not import (${report.errorCount} errors${first ? `, first: row ${first.row ?? '?'} ${first.column ?? ''} ${first.message}` : ''}).`);
  }
}

export async function loadDemo(database: Database, options: DemoOptions): Promise<DemoSummary> {
  const { db } = database;
  const say = options.onProgress ?? (() => {});
  const actor = options.actor ?? 'demo';
  const timings = {} as DemoSummary['timings'];
  const started = performance.now();
  let mark = started;
  const lap = (phase: DemoPhase) => {
    const now = performance.now();
    timings[phase] = Math.round(now - mark);
    mark = now;
  };

  const locality = generateLocality({ seed: options.seed ?? DEFAULT_SEED, practices: options.practices ?? DEFAULT_PRACTICES });
  lap('generate');

  const run = async (kind: 'providers' | 'practices' | 'population', input: Readable, totalRows: number): Promise<DemoImportSummary> => {
    say(`Importing ${kind}.csv (${totalRows.toLocaleString('en-GB')} rows)…`);
    const report = await importOrgFile(db, kind, input, {
      fileName: `demo-${kind}.csv`, actor,
      onProgress: (p) => options.onRows?.({ kind, phase: p.phase, rowsRead: p.rowsRead, totalRows }),
    });
    if (report.status !== 'succeeded') throw new DemoLoadError(report);
    lap(kind);
    return { rowsRead: report.rowsRead, inserted: report.inserted, updated: report.updated, unchanged: report.unchanged };
  };

  // Names and kinds of the commissioner and groups go in first, directly: practices.csv carries
  // only their codes, and the import would otherwise add them named after the code.
  await upsertOrganisations(db, locality);
  lap('names');
  const providers = await run('providers', Readable.from([providersCsv(locality)]), locality.providers.length);
  const practices = await run('practices', Readable.from([practicesCsv(locality)]), locality.practices.length);
  const population = await run('population', populationCsvStream(locality), populationRowCount(locality));
  say('Importing capitation weights…');
  await loadDemoWeights(db, actor);

  say('Creating the demo accounts…');
  const accounts = demoAccounts(locality.practices);
  await upsertDemoAccounts(db, accounts, await demoPasswordHash(db, options.password));
  lap('accounts');

  say('Setting up governance, signatories and groupings of practices…');
  await loadDemoGovernance(db, actor);
  await loadDemoSignatories(db, actor);
  await loadDemoGroupings(db, actor);
  lap('governance');

  say('Loading the referral catalogue and a year of referrals…');
  const period = lastYear();
  const referrals = await loadDemoReferrals(db, locality, { fraction: options.referralFraction, actor, period });
  await loadDemoReferralFeedback(db, actor);
  lap('referrals');

  let activity: DemoActivitySummary | null = null;
  if (options.referralFraction !== 0) {
    say('Loading the tariff, contracts and a year of hospital activity…');
    activity = await loadDemoActivity(db, locality, {
      period, fraction: options.referralFraction, actor,
      check: (report) => { if (report.status !== 'succeeded') throw new DemoLoadError(report); },
    });
    say('Setting budgets from last year’s spend, with allowances, DES payments and running costs…');
    const budgets = await loadDemoBudgets(db, actor);
    await loadDemoAllowances(db, locality, actor);
    await loadDemoAeAudits(db, actor);
    lap('activity');

    say('Writing this year’s commissioning plans, with business cases, milestones and the project portfolio…');
    const plans = await loadDemoPlans(db, { year: budgets.year, actor });
    for (const [groupCode, planId] of Object.entries(plans)) {
      await loadDemoPlanCases(db, planId, actor);
      await loadDemoPortfolio(db, groupCode, actor);
    }
  } else {
    lap('activity');
  }
  lap('plans');

  timings.total = Math.round(performance.now() - started);
  say(`Demo locality loaded in ${(timings.total / 1000).toFixed(1)} s.`);
  return {
    seed: locality.seed,
    practices: locality.practices.length,
    providers: locality.providers.length,
    groups: locality.groups.length,
    periods: locality.periods.length,
    populationRows: populationRowCount(locality),
    accounts: accounts.map((a) => a.username),
    imports: { providers, practices, population },
    referrals,
    activity,
    timings,
  };
}

/** Creates the commissioner and groups, or corrects their names and kinds; leaves equal rows alone. */
async function upsertOrganisations(db: Db, locality: DemoLocality) {
  const { commissioner } = locality;
  await db.insertInto('commissioner').values(commissioner)
    .onConflict((oc) => oc.column('code').doUpdateSet({ name: commissioner.name }).where('commissioner.name', '<>', commissioner.name))
    .execute();
  const chunk = 1000;
  for (let i = 0; i < locality.groups.length; i += chunk) {
    await db.insertInto('org_group')
      .values(locality.groups.slice(i, i + chunk).map((g) => ({ code: g.code, name: g.name, kind: g.kind, commissioner_code: g.commissionerCode })))
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'), kind: eb.ref('excluded.kind'), commissioner_code: eb.ref('excluded.commissioner_code'),
      })).where((eb) => eb.or([
        eb('org_group.name', '<>', eb.ref('excluded.name')),
        eb('org_group.kind', '<>', eb.ref('excluded.kind')),
        eb('org_group.commissioner_code', '<>', eb.ref('excluded.commissioner_code')),
      ])))
      .execute();
  }
}

/**
 * One argon2id hash for every demo account. An existing demo hash that already matches the
 * password is kept, so loading again leaves the accounts exactly as they were.
 */
async function demoPasswordHash(db: Db, password: string): Promise<string> {
  const existing = await db.selectFrom('app_user').select('password_hash')
    .where('is_demo', '=', true).orderBy('id').limit(1).executeTakeFirst();
  if (existing && (await verifyPassword(existing.password_hash, password))) return existing.password_hash;
  return hashPassword(password);
}

export async function isEmpty(database: Database): Promise<boolean> {
  const row = await database.db.selectFrom('practice').select('code').limit(1).executeTakeFirst();
  return !row;
}
