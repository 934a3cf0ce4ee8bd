/**
 * activity.csv: providers' returns (ACT-1 to ACT-3). Each line is checked, its patient replaced by
 * the installation's keyed pseudonym (the NHS number is never stored, not even in the spool),
 * priced at tariff × the provider's MFF (ACT-2), attributed to its practice or flagged out of area
 * (ACT-3), and stored keyed by provider + activity_id, so a re-import or a corrected resubmission
 * replaces lines instead of doubling them. After the last batch the challenge rules run for every
 * provider-month the file touched (ACT-6).
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import { Tariff, type TariffRow } from '../../domain/activity/pricing.js';
import { ACTIVITY_COLUMNS, parseActivityRow, type ActivityLine } from '../../domain/activity/rows.js';
import { patientPseudonym } from '../../domain/patient/pseudonym.js';
import { isValidNhsNumber, normaliseNhsNumber } from '../../domain/patient/nhs-number.js';
import { pseudonymSecret } from '../referrals/service.js';
import { hashedKeyIndex } from '../org/import/hashed-index.js';
import { countUpserts, type ImportJob } from '../org/import/job.js';
import { identityKey, rememberIdentities, seal } from '../patient/identity.js';
import { runChallengeRules } from './challenges.js';
import { refreshActivitySummary } from './summary.js';

/** A checked line, with its NHS number sealed for the patient's own practice (case finding), never in clear. */
type LineToStore = ActivityLine & { sealed: string | null };

export async function activityJob(db: Db): Promise<ImportJob<LineToStore>> {
  const [providers, practices, tariffRows, secret, key] = await Promise.all([
    db.selectFrom('provider').select(['code', 'mff']).execute(),
    db.selectFrom('practice').select('code').execute(),
    db.selectFrom('tariff').select(['year', 'pod', 'tfc', 'hrg', 'price_pence']).execute(),
    pseudonymSecret(db),
    identityKey(db),
  ]);
  const mff = new Map(providers.map((p) => [p.code, p.mff]));
  const inArea = new Set(practices.map((p) => p.code));
  const tariff = new Tariff(tariffRows.map((r): TariffRow => ({ year: r.year, pod: r.pod, tfc: r.tfc, hrg: r.hrg, pricePence: r.price_pence })));
  const file = new FileTotals();
  const sealedAlready = new Set<string>();
  // A patient has many lines: each NHS number is pseudonymised once (a bounded memory of recent ones).
  const pseudonyms = new Map<string, string>();
  const pseudonymise = (nhs: string) => {
    let pseudo = pseudonyms.get(nhs);
    if (!pseudo) {
      if (pseudonyms.size >= 250_000) pseudonyms.clear();
      pseudonyms.set(nhs, (pseudo = patientPseudonym(secret, nhs)));
    }
    return pseudo;
  };
  const context = { pseudonymise, today: new Date().toISOString().slice(0, 10) };

  return {
    columns: ACTIVITY_COLUMNS,
    noun: 'activity line',
    parseRow: (cells) => {
      const parsed = parseActivityRow(cells, context);
      if (!parsed.ok) return parsed;
      // Sealing costs more than the rest of the row: a patient is sealed once per practice per
      // file (a bounded memory of who was), not on every one of their lines.
      const nhs = normaliseNhsNumber(cells.nhs_number ?? '');
      const patient = `${parsed.value.patientPseudo}|${parsed.value.practiceCode}`;
      const sealed = nhs && !sealedAlready.has(patient) ? seal(key, nhs) : null;
      if (sealed) {
        if (sealedAlready.size >= 250_000) sealedAlready.clear();
        sealedAlready.add(patient);
      }
      return { ok: true, value: { ...parsed.value, sealed } };
    },
    key: (line) => `${line.providerCode}|${line.activityId}`,
    // A provider's year can be millions of lines: duplicates are found by 64-bit hash, in fixed memory.
    createIndex: () => hashedKeyIndex((line) => `${line.providerCode}|${line.activityId}`),
    keyColumn: 'activity_id',
    describeKey: (line) => `activity ${line.activityId} of provider ${line.providerCode}`,
    check: (line) => mff.has(line.providerCode)
      ? []
      : [{ column: 'provider_code', value: line.providerCode, message: 'is not a provider in the database; import it in providers.csv first' }],
    store: async (tx, lines, runId) => {
      // A resubmitted line may move to another month: the month it leaves needs its totals and
      // challenges re-run as much as the month it joins.
      for (const left of await monthsHeld(tx, lines)) file.touch(left);
      const counts = await storeLines(tx, lines, runId, (line) => {
        const price = tariff.price(line, mff.get(line.providerCode)!);
        const priced = { inArea: inArea.has(line.practiceCode), pricePence: price?.pricePence ?? null, basis: price?.basis ?? null };
        file.add(line, priced);
        return priced;
      });
      await rememberIdentities(tx, lines.flatMap((l) => (l.sealed && inArea.has(l.practiceCode) ? [{ patientPseudo: l.patientPseudo, practiceCode: l.practiceCode, sealed: l.sealed }] : [])));
      return counts;
    },
    finish: async (tx) => {
      const { scope, ...totals } = file;
      await refreshActivitySummary(tx, [...scope.values()]);
      const challenges = await runChallengeRules(tx, [...scope.values()]);
      const warnings = [
        ...(totals.unpriced ? [`${totals.unpriced} line${totals.unpriced === 1 ? ' has' : 's have'} no tariff price (unpriced, not counted as £0): import a tariff that covers them`] : []),
        ...(totals.outOfArea ? [`${totals.outOfArea} line${totals.outOfArea === 1 ? ' is' : 's are'} for practices outside the commissioner (kept, reported as out of area)`] : []),
      ];
      const summary = { lines: totals.lines, unpriced: totals.unpriced, outOfArea: totals.outOfArea, costPence: totals.costPence, priceDifferences: totals.priceDifferences };
      return { summary: { ...summary, challenges: Object.values(challenges).reduce((a, b) => a + b, 0) }, warnings };
    },
    quarantine: {
      // A quarantined row keeps its cells for correction, but never a raw NHS number.
      keep(cells) {
        const { nhs_number: nhs = '', ...rest } = cells;
        const digits = normaliseNhsNumber(nhs);
        return { ...rest, ...(digits && isValidNhsNumber(digits) ? { patient_pseudo: patientPseudonym(secret, digits) } : {}) };
      },
      async store(tx, runId, rows) {
        for (let i = 0; i < rows.length; i += 1000) {
          await tx.insertInto('activity_quarantine').values(rows.slice(i, i + 1000).map((r) => ({
            import_run_id: runId, row_number: r.row, cells: JSON.stringify(r.cells), errors: JSON.stringify(r.errors),
          }))).execute();
        }
      },
    },
  };
}

type Priced = (line: ActivityLine) => { inArea: boolean; pricePence: number | null; basis: string | null };

function storeLines(tx: Tx, lines: ActivityLine[], runId: number, priced: Priced) {
  const p = lines.map(priced);
  const column = <T>(f: (l: ActivityLine, i: number) => T) => lines.map(f);
  return countUpserts(tx, sql`
    insert into activity (provider_code, activity_id, practice_code, in_area, patient_pseudo, pod, tfc, hrg, activity_date, discharge_date,
                          year, month, primary_diagnosis, primary_procedure, referral_source, referral_id, provider_price_pence,
                          tariff_price_pence, tariff_basis, import_run_id)
    select u.*, ${runId}::int from unnest(
      ${column((l) => l.providerCode)}::text[], ${column((l) => l.activityId)}::text[], ${column((l) => l.practiceCode)}::text[],
      ${column((_, i) => p[i]!.inArea)}::boolean[], ${column((l) => l.patientPseudo)}::text[], ${column((l) => l.pod)}::text[],
      ${column((l) => l.tfc)}::text[], ${column((l) => l.hrg)}::text[], ${column((l) => l.activityDate)}::date[],
      ${column((l) => l.dischargeDate)}::date[], ${column((l) => l.year)}::text[], ${column((l) => l.month)}::smallint[],
      ${column((l) => l.primaryDiagnosis)}::text[], ${column((l) => l.primaryProcedure)}::text[], ${column((l) => l.referralSource)}::text[],
      ${column((l) => l.referralId)}::uuid[], ${column((l) => l.providerPricePence)}::int[], ${column((_, i) => p[i]!.pricePence)}::int[],
      ${column((_, i) => p[i]!.basis)}::text[]) as u
    on conflict (provider_code, activity_id) do update set
      practice_code = excluded.practice_code, in_area = excluded.in_area, patient_pseudo = excluded.patient_pseudo, pod = excluded.pod,
      tfc = excluded.tfc, hrg = excluded.hrg, activity_date = excluded.activity_date, discharge_date = excluded.discharge_date,
      year = excluded.year, month = excluded.month, primary_diagnosis = excluded.primary_diagnosis,
      primary_procedure = excluded.primary_procedure, referral_source = excluded.referral_source, referral_id = excluded.referral_id,
      provider_price_pence = excluded.provider_price_pence, tariff_price_pence = excluded.tariff_price_pence,
      tariff_basis = excluded.tariff_basis, import_run_id = excluded.import_run_id
    where (activity.practice_code, activity.in_area, activity.patient_pseudo, activity.pod, activity.tfc, activity.hrg, activity.activity_date,
           activity.discharge_date, activity.primary_diagnosis, activity.primary_procedure, activity.referral_source, activity.referral_id,
           activity.provider_price_pence, activity.tariff_price_pence, activity.tariff_basis)
      is distinct from
          (excluded.practice_code, excluded.in_area, excluded.patient_pseudo, excluded.pod, excluded.tfc, excluded.hrg, excluded.activity_date,
           excluded.discharge_date, excluded.primary_diagnosis, excluded.primary_procedure, excluded.referral_source, excluded.referral_id,
           excluded.provider_price_pence, excluded.tariff_price_pence, excluded.tariff_basis)`, lines.length);
}

/** The provider-months where lines with these keys are stored now (before this batch replaces them). */
async function monthsHeld(tx: Tx, lines: readonly ActivityLine[]) {
  const result = await sql<{ providerCode: string; year: string; month: number }>`
    select distinct a.provider_code as "providerCode", a.year, a.month
    from activity a join unnest(${lines.map((l) => l.providerCode)}::text[], ${lines.map((l) => l.activityId)}::text[]) as k (provider_code, activity_id)
      on a.provider_code = k.provider_code and a.activity_id = k.activity_id`.execute(tx);
  return result.rows;
}

/** What the file held, as it is stored: the report's totals and the provider-months challenges re-run for. */
class FileTotals {
  lines = 0;
  unpriced = 0;
  outOfArea = 0;
  costPence = 0;
  /** lines where the provider's own price differs from the tariff's (ACT-2: flagged) */
  priceDifferences = 0;
  scope = new Map<string, { providerCode: string; year: string; month: number }>();

  add(line: ActivityLine, priced: ReturnType<Priced>) {
    this.lines += 1;
    if (priced.pricePence === null) this.unpriced += 1;
    else this.costPence += priced.pricePence;
    if (!priced.inArea) this.outOfArea += 1;
    if (priced.pricePence !== null && line.providerPricePence !== null && line.providerPricePence !== priced.pricePence) this.priceDifferences += 1;
    this.touch(line);
  }

  touch(month: { providerCode: string; year: string; month: number }) {
    this.scope.set(`${month.providerCode}|${month.year}|${month.month}`, { providerCode: month.providerCode, year: month.year, month: month.month });
  }
}
