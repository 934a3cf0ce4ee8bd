/**
 * Checking and storing referrals many at a time, for the bulk CSV upload and the demo loader.
 *
 * The rules are submitReferral's (service.ts): Read v2 mapped where a map is loaded, then the
 * domain's `checkReferral` with the same look-ups (practice, providers, active pathway, loaded
 * code lists), the pathway evaluated, the patient pseudonymised and the first status taken from
 * the triage state machine. Only the gathering differs: the small reference tables are read once
 * and codes are looked up per batch, instead of five queries per referral. prepare.test.ts
 * checks that both paths refuse the same inputs with the same problems.
 *
 * Storing writes a batch with a handful of multi-row inserts inside the caller's transaction, so
 * a whole file is stored or nothing is. A referral whose practice already sent its external id
 * is left alone and counted as existing (repeat uploads are idempotent).
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import { addWorkingDays } from '../../domain/calendar/working-days.js';
import { checkCode, CODE_SYSTEMS, type CodeSystem } from '../../domain/codes/clinical-codes.js';
import { patientPseudonym } from '../../domain/patient/pseudonym.js';
import { evaluatePathway, type CriterionResult, type PathwayCriterion } from '../../domain/referrals/pathway.js';
import { checkReferral, type FieldProblem, type ReferralInput } from '../../domain/referrals/referral.js';
import { firstStatus, type Status } from '../../domain/referrals/triage.js';
import { pseudonymSecret, TRIAGE_SERVICE_LEVEL_DAYS, type ReferralSource } from './service.js';

/** A referral that passed every check, with everything needed to store it. */
export interface PreparedReferral {
  /** the input as checkReferral tidied it (NHS number digits, canonical code, postcode) */
  referral: ReferralInput;
  /** the Read v2 code the reason was mapped from, if it was */
  mappedFrom: string | null;
  pathwayCheck: CriterionResult[];
  status: Status;
  patientPseudo: string;
  /** ISO timestamp (prepared rows may be spooled to disk as JSON) */
  receivedAt: string;
}

export type PrepareResult = { ok: true; value: PreparedReferral } | { ok: false; problems: FieldProblem[] };

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

export class ReferralChecker {
  private constructor(
    private readonly db: Db | Tx,
    private readonly practices: ReadonlySet<string>,
    private readonly providers: ReadonlySet<string>,
    private readonly pathways: ReadonlyMap<string, PathwayCriterion[]>,
    /** systems for which the user has loaded a code list */
    private readonly listedSystems: ReadonlySet<CodeSystem>,
    private readonly secret: string,
  ) {}

  /** Reads the practices, providers, active pathways and which code lists are loaded. */
  static async load(db: Db | Tx): Promise<ReferralChecker> {
    const [practices, providers, pathways, secret] = await Promise.all([
      db.selectFrom('practice').select('code').execute(),
      db.selectFrom('provider').select('code').execute(),
      db.selectFrom('pathway').select(['code', 'criteria']).where('active', '=', true).execute(),
      pseudonymSecret(db as Db),
    ]);
    const listed = new Set<CodeSystem>();
    for (const system of CODE_SYSTEMS) {
      if (await db.selectFrom('clinical_code').select('code').where('system', '=', system).limit(1).executeTakeFirst()) listed.add(system);
    }
    return new ReferralChecker(db, new Set(practices.map((p) => p.code)), new Set(providers.map((p) => p.code)),
      new Map(pathways.map((p) => [p.code, p.criteria as PathwayCriterion[]])), listed, secret);
  }

  /** Checks a batch (a few hundred is right: codes are looked up once per batch); results in input order. */
  async prepare(items: readonly { input: ReferralInput; receivedAt: Date }[]): Promise<PrepareResult[]> {
    const mapped = await this.mapRead2(items.map((i) => i.input));
    const known = await this.listedCodes(mapped.map((m) => m.input));
    return items.map(({ receivedAt }, i) => {
      const { input, mappedFrom } = mapped[i]!;
      const { referral, problems } = checkReferral(input, {
        today: dayOf(receivedAt),
        practiceExists: (code) => this.practices.has(code),
        providerExists: (code) => this.providers.has(code),
        pathwayExists: (code) => this.pathways.has(code),
        codeKnown: (system, code) => !this.listedSystems.has(system) || known.has(`${system}|${code}`),
      });
      if (problems.length) return { ok: false, problems };
      const criteria = referral.pathwayCode ? this.pathways.get(referral.pathwayCode) : undefined;
      return {
        ok: true,
        value: {
          referral, mappedFrom,
          pathwayCheck: criteria ? evaluatePathway(criteria, referral) : [],
          status: firstStatus(referral.priority),
          patientPseudo: patientPseudonym(this.secret, referral.patient.nhsNumber),
          receivedAt: receivedAt.toISOString(),
        },
      };
    });
  }

  /** As submitReferral: a Read v2 reason becomes its mapped code where a map is loaded. */
  private async mapRead2(inputs: ReferralInput[]): Promise<{ input: ReferralInput; mappedFrom: string | null }[]> {
    const codes = [...new Set(inputs.filter((i) => i.reason?.system === 'read2').map((i) => i.reason.code.trim()))];
    const maps = new Map<string, { target_system: string; target_code: string }>();
    if (codes.length) {
      const rows = await this.db.selectFrom('code_map').select(['source_code', 'target_system', 'target_code'])
        .where('source_system', '=', 'read2').where('source_code', 'in', codes).orderBy('source_code').orderBy('target_system').execute();
      for (const row of rows) if (!maps.has(row.source_code)) maps.set(row.source_code, row); // first target system, as submitReferral
    }
    return inputs.map((input) => {
      const map = input.reason?.system === 'read2' ? maps.get(input.reason.code.trim()) : undefined;
      if (!map) return { input, mappedFrom: null };
      return { input: { ...input, reason: { system: map.target_system as CodeSystem, code: map.target_code, display: input.reason.display ?? null } }, mappedFrom: input.reason.code.trim() };
    });
  }

  /** `system|code` of the batch's codes that are in a loaded code list. */
  private async listedCodes(inputs: ReferralInput[]): Promise<Set<string>> {
    const wanted = new Map<CodeSystem, Set<string>>();
    for (const input of inputs) {
      const system = input.reason?.system;
      if (!this.listedSystems.has(system)) continue;
      const checked = checkCode(system, input.reason.code ?? '');
      if (checked.ok) wanted.set(system, (wanted.get(system) ?? new Set()).add(checked.code));
    }
    const known = new Set<string>();
    for (const [system, codes] of wanted) {
      const rows = await this.db.selectFrom('clinical_code').select('code').where('system', '=', system).where('code', 'in', [...codes]).execute();
      for (const row of rows) known.add(`${system}|${row.code}`);
    }
    return known;
  }
}

export interface StoredReferral { id: string; reference: string; practiceCode: string; externalId: string | null; status: Status; receivedAt: string }

/**
 * Inserts a batch of prepared referrals with their choices and first two events, inside the
 * caller's transaction; `actor` (one username, or one per referral) is who sent them. A referral whose (practice, external id) is already stored is skipped:
 * `existing` counts them. The caller records the audit entry (one per file or batch).
 */
export async function storePreparedReferrals(tx: Tx, actor: string | ((referral: ReferralInput) => string), rows: readonly PreparedReferral[], source: ReferralSource): Promise<{ stored: StoredReferral[]; existing: number }> {
  const sender = typeof actor === 'string' ? () => actor : actor;
  if (!rows.length) return { stored: [], existing: 0 };
  const seq = await sql<{ n: number }>`select nextval('referral_reference_seq')::int as n from generate_series(1, ${rows.length}::int)`.execute(tx);
  const references = rows.map((r, i) => referenceFor(r.receivedAt, seq.rows[i]!.n));
  const inserted = await tx.insertInto('referral').values(rows.map((r, i) => referralRow(r, source, references[i]!, null))).onConflict((oc) => oc.columns(['practice_code', 'external_id']).doNothing())
    .returning(['id', 'reference']).execute();

  const byReference = new Map(inserted.map((row) => [row.reference, row.id]));
  const stored: StoredReferral[] = [];
  const choices: { referral_id: string; rank: number; provider_code: string }[] = [];
  const events: (FirstEvent & { referral_id: string })[] = [];
  rows.forEach((r, i) => {
    const id = byReference.get(references[i]!);
    if (!id) return;
    const input = r.referral;
    stored.push({ id, reference: references[i]!, practiceCode: input.practiceCode, externalId: input.externalId || null, status: r.status, receivedAt: r.receivedAt });
    input.chosenProviders.forEach((provider_code, rank) => choices.push({ referral_id: id, rank: rank + 1, provider_code }));
    events.push(...firstEvents(r, sender(input), source).map((e) => ({ ...e, referral_id: id })));
  });
  if (choices.length) await tx.insertInto('referral_choice').values(choices).execute();
  if (events.length) await tx.insertInto('referral_event').values(events).execute();
  return { stored, existing: rows.length - stored.length };
}

/** The human reference, e.g. R-2026-000123: the year received and the next number of its sequence. */
export const referenceFor = (receivedAt: string, n: number) => `R-${receivedAt.slice(0, 4)}-${String(n).padStart(6, '0')}`;

/** The referral table's row for a prepared referral (one source of truth for both ways of storing). */
export function referralRow(r: PreparedReferral, source: ReferralSource, reference: string, idempotencyKey: string | null) {
  const input = r.referral;
  const receivedAt = new Date(r.receivedAt);
  return {
    reference,
    source, practice_code: input.practiceCode, external_id: input.externalId || null,
    idempotency_key: idempotencyKey || null, clinician: input.clinician.trim(),
    nhs_number: input.patient.nhsNumber, patient_pseudo: r.patientPseudo,
    family_name: input.patient.familyName.trim(), given_name: input.patient.givenName.trim(),
    birth_date: input.patient.birthDate, sex: input.patient.sex, postcode: input.patient.postcode,
    tfc: input.tfc, reason_system: input.reason.system, reason_code: input.reason.code, reason_display: input.reason.display ?? null,
    priority: input.priority, pathway_code: input.pathwayCode || null,
    clinical_info: JSON.stringify(input.clinicalInfo ?? {}), pathway_check: JSON.stringify(r.pathwayCheck),
    procedure_code: input.procedureCode || null, referral_date: input.referralDate,
    status: r.status,
    triage_due: r.status === 'awaiting_triage' ? addWorkingDays(dayOf(receivedAt), TRIAGE_SERVICE_LEVEL_DAYS) : null,
    forwarded_to: r.status === 'forwarded' ? input.chosenProviders[0]! : null,
    booking_status: r.status === 'forwarded' ? 'to_book' as const : null,
    received_at: receivedAt, updated_at: receivedAt,
  };
}

export interface FirstEvent { at: Date; actor: string; action: string; from_status: string | null; to_status: string; reason: string | null; details: string }

/** Every referral's history starts with these two: who sent it, then where the gateway put it. */
export function firstEvents(r: PreparedReferral, actor: string, source: ReferralSource): [FirstEvent, FirstEvent] {
  const at = new Date(r.receivedAt);
  return [
    {
      at, actor, action: 'received', from_status: null, to_status: 'received',
      reason: null, details: JSON.stringify({ source, ...(r.mappedFrom ? { mappedFromRead2: r.mappedFrom } : {}) }),
    },
    {
      at, actor: 'gateway', action: r.status === 'forwarded' ? 'forward' : 'queue_for_triage',
      from_status: 'received', to_status: r.status,
      reason: r.status === 'forwarded' ? 'Two-week-wait referrals go straight to the first-choice provider' : null, details: '{}',
    },
  ];
}
