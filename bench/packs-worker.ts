/**
 * One step of the feedback-pack benchmark in its own process, so its peak memory is its own:
 *   tsx bench/packs-worker.ts build <target> <practices>
 *     a synthetic locality straight into a fresh database with bulk inserts: one commissioner,
 *     groups of 50 practices, each practice's registered list (40 age/sex rows), a few gateway
 *     referrals a month over the last year (some on a pathway with criteria missed, with triage
 *     outcomes), and monthly activity summary rows;
 *   tsx bench/packs-worker.ts run <target>
 *     the real job (feedback-pack-job.ts) for every practice for BENCH_MONTH, timed, with this
 *     process's peak memory and RSS sampled at each quarter of the run (memory should stay flat).
 * <target> is a PostgreSQL URL or a PGlite folder. Prints one line `RESULT {json}` on stdout.
 */
import { openDatabase, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { financialMonthOf } from '../src/domain/activity/financial-year.js';
import { AGE_BANDS } from '../src/domain/population/age-bands.js';
import { monthsBefore } from '../src/domain/insight/practice-rates.js';
import { feedbackPackJobs, findRun } from '../src/server/insight/feedback-pack-job.js';
import { MemorySampler, round, type MemoryPeak } from './memory.js';

export const BENCH_MONTH = '2025-06';
const PERIOD = '2025-04-01';
const REFERRALS_PER_MONTH = 3;

export interface BuildResult { step: 'build'; practices: number; populationRows: number; referrals: number; summaryRows: number; ms: number }
export interface RunResult {
  step: 'run'; practices: number; done: number; status: string; ms: number; assembleMs: number; packsPerSecond: number;
  pdfBytes: number; memory: MemoryPeak; rssAtQuarterMiB: number[];
}

const [step, ...args] = process.argv.slice(2);
const report = (result: object) => process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
const isUrl = (target: string) => /^postgres(ql)?:\/\//.test(target);

async function open(target: string): Promise<Database> {
  const database = await openDatabase(isUrl(target) ? { databaseUrl: target, dataDir: '' } : { dataDir: target, holder: 'bench' });
  await migrate(database);
  return database;
}

/** A small deterministic generator (LCG), so every run builds the same locality. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

async function inChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

async function build(target: string, practices: number) {
  const t0 = performance.now();
  const database = await open(target);
  const { db } = database;
  const rnd = random(42);
  const codes = Array.from({ length: practices }, (_, i) => `B${String(i + 1).padStart(5, '0')}`);
  const groups = Array.from({ length: Math.ceil(practices / 50) }, (_, i) => `G${String(i + 1).padStart(4, '0')}`);
  await db.insertInto('commissioner').values({ code: 'QBN', name: 'Bench commissioner' }).execute();
  await inChunks(groups, 5_000, (chunk) => db.insertInto('org_group').values(chunk.map((code) => ({ code, name: `Locality ${code}`, kind: 'locality' as const, commissioner_code: 'QBN' }))).execute());
  const practiceRows = codes.map((code, i) => ({ code, name: `Bench practice ${code}`, postcode: 'AL1 1AA', group_code: groups[Math.floor(i / 50)]!, commissioner_code: 'QBN' }));
  await inChunks(practiceRows, 5_000, (chunk) => db.insertInto('practice').values(chunk).execute());
  await db.insertInto('provider').values([{ code: 'RBN', name: 'Bench hospital', kind: 'acute', mff: 1.05 }]).execute();
  await db.insertInto('pathway').values({
    code: 'knee-pain', name: 'Knee pain (orthopaedics)', tfc: '110', updated_by: 'bench',
    criteria: JSON.stringify([{ id: 'duration', kind: 'threshold', label: 'Months of symptoms', field: 'duration_months', operator: '>=', value: 3 }, { id: 'xray', kind: 'required_test', label: 'Knee X-ray', test: 'xray' }]),
  }).execute();

  // Lists of 2,000 to 14,000 patients, older or younger.
  const population = codes.flatMap((practice_code) => {
    const size = 50 + Math.floor(rnd() * 300);
    const older = rnd();
    return AGE_BANDS.flatMap((age_band, b) => (['M', 'F'] as const).map((sex) => ({
      practice_code, period: PERIOD, sex, age_band, patients: Math.max(0, Math.round(size * (b < 10 ? 1 - older * 0.5 : 0.5 + older) * (b > 17 ? 0.3 : 1))),
    })));
  });
  await inChunks(population, 10_000, (chunk) => db.insertInto('population').values(chunk).execute());

  const tfcs = ['110', '130', '300', '101', '120'];
  const outcomes = ['forwarded', 'forwarded', 'diverted', 'returned_with_advice', 'awaiting_triage', 'booked'];
  const months = Array.from({ length: 12 }, (_, i) => monthsBefore(BENCH_MONTH, i));
  let n = 0;
  const referrals = codes.flatMap((practice_code) => months.flatMap((month) => Array.from({ length: REFERRALS_PER_MONTH }, () => {
    n += 1;
    const day = 1 + Math.floor(rnd() * 27);
    const receivedAt = `${month}-${String(day).padStart(2, '0')}T10:00:00Z`;
    const tfc = tfcs[Math.floor(rnd() * tfcs.length)]!;
    const onPathway = tfc === '110';
    const status = outcomes[Math.floor(rnd() * outcomes.length)]!;
    return {
      reference: `B-${String(n).padStart(8, '0')}`, source: 'demo' as const, practice_code, clinician: 'Dr Bench', nhs_number: '9434765919',
      patient_pseudo: `bench-${n}`, family_name: 'Bench', given_name: 'Patient', birth_date: `${1940 + Math.floor(rnd() * 80)}-06-15`,
      sex: rnd() < 0.5 ? 'male' as const : 'female' as const, postcode: 'AL1 1AA', tfc, reason_system: 'icd10' as const, reason_code: 'M17.1',
      priority: 'routine' as const, clinical_info: '{}',
      pathway_check: JSON.stringify(onPathway ? [{ id: 'duration', label: 'Months of symptoms', met: rnd() < 0.7, detail: '' }, { id: 'xray', label: 'Knee X-ray', met: rnd() < 0.8, detail: '' }] : []),
      pathway_code: onPathway ? 'knee-pain' : null, referral_date: receivedAt.slice(0, 10), status,
      forwarded_to: status === 'forwarded' || status === 'booked' ? 'RBN' : null, received_at: receivedAt, updated_at: receivedAt,
    };
  })));
  await inChunks(referrals, 2_000, (chunk) => db.insertInto('referral').values(chunk).execute());

  const pods = [['OPFA', 14_000], ['OPFU', 9_000], ['NEL', 180_000], ['AE', 15_000]] as const;
  const summary = codes.flatMap((practice_code) => months.flatMap((month) => {
    const { year, month: m } = financialMonthOf(`${month}-01`);
    return pods.map(([pod, price]) => {
      const lines = 1 + Math.floor(rnd() * 8);
      return { year, month: m, provider_code: 'RBN', practice_code, in_area: true, pod, tfc: '110', priced: true, lines, cost_pence: lines * price, provider_charged_pence: lines * price };
    });
  }));
  await inChunks(summary, 5_000, (chunk) => db.insertInto('activity_month_summary').values(chunk).execute());
  await database.close();
  const result: BuildResult = { step: 'build', practices, populationRows: population.length, referrals: referrals.length, summaryRows: summary.length, ms: round(performance.now() - t0, 0) };
  report(result);
}

async function run(target: string) {
  const database = await open(target);
  const { db } = database;
  const practices = Number((await db.selectFrom('practice').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const sampler = new MemorySampler();
  const quarters = [0.25, 0.5, 0.75, 1].map((q) => Math.max(1, Math.floor(practices * q)));
  const rssAtQuarterMiB: number[] = [];
  let packs = 0;
  let assembledAt = 0;
  const t0 = performance.now();
  const jobs = feedbackPackJobs(db, {
    beforePack: () => {
      if (packs === 0) assembledAt = performance.now();
      packs += 1;
      if (quarters.includes(packs)) rssAtQuarterMiB.push(round(process.memoryUsage().rss / 1024 / 1024));
    },
  });
  const started = await jobs.start({ id: 0, username: 'bench', role: 'commissioner', practiceCode: null }, BENCH_MONTH);
  await jobs.settled(started.id);
  const ms = performance.now() - t0;
  const memory = sampler.stop();
  const finished = await findRun(db, started.id);
  const bytes = await db.selectFrom('feedback_pack').select((eb) => eb.fn.sum<number>(eb.fn('octet_length', ['pdf'])).as('b')).where('run_id', '=', started.id).executeTakeFirstOrThrow();
  await database.close();
  const result: RunResult = {
    step: 'run', practices, done: finished.done, status: finished.status, ms: round(ms, 0), assembleMs: round(assembledAt - t0, 0),
    packsPerSecond: round(finished.done / (ms / 1000), 1), pdfBytes: Number(bytes.b ?? 0), memory, rssAtQuarterMiB,
  };
  if (finished.status !== 'finished') throw new Error(`the run ended ${finished.status}: ${finished.error}`);
  report(result);
}

if (step === 'build') await build(args[0]!, Number(args[1]));
else if (step === 'run') await run(args[0]!);
else throw new Error(`unknown step ${step}`);
