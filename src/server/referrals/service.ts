/**
 * The front door: every referral — web form, FHIR or bulk file — is checked and stored here, and
 * every read of one is scoped to who may see it and audited.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import { can } from '../../domain/access/can.js';
import { addWorkingDays } from '../../domain/calendar/working-days.js';
import { checkCode, CODE_SYSTEMS, type CodeSystem } from '../../domain/codes/clinical-codes.js';
import { patientPseudonym } from '../../domain/patient/pseudonym.js';
import { evaluatePathway, type PathwayCriterion } from '../../domain/referrals/pathway.js';
import { checkReferral, type FieldProblem, type ReferralInput } from '../../domain/referrals/referral.js';
import { firstStatus } from '../../domain/referrals/triage.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { forbidden, HttpError, notFound } from '../http/errors.js';
import { loadReferralView, type ReferralView } from './view.js';

/** Working days a reviewer has to triage a referral (REF-7). */
export const TRIAGE_SERVICE_LEVEL_DAYS = 2;

export class ReferralRejected extends HttpError {
  constructor(readonly problems: FieldProblem[]) {
    super(422, 'referral_rejected', `The referral was not accepted: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} to put right. Nothing was stored.`,
      problems.map((p) => ({ field: p.field, message: p.message })));
  }
}

export type ReferralSource = 'web' | 'fhir' | 'bulk' | 'demo';

export interface SubmitOptions {
  source: ReferralSource;
  idempotencyKey?: string | null;
  /** when the referral arrived (demo history); defaults to now */
  receivedAt?: Date;
}

const today = (at = new Date()) => at.toISOString().slice(0, 10);

let cachedSecret: { db: Db; secret: Promise<string> } | undefined;
/** The installation's pseudonym secret, read once per database. */
export function pseudonymSecret(db: Db): Promise<string> {
  if (cachedSecret?.db !== db) {
    cachedSecret = { db, secret: db.selectFrom('installation_secret').select('secret').where('name', '=', 'patient_pseudonym').executeTakeFirstOrThrow().then((r) => r.secret) };
  }
  return cachedSecret.secret;
}

async function findExisting(db: Db | Tx, practiceCode: string, externalId: string | null | undefined, idempotencyKey: string | null | undefined) {
  if (idempotencyKey) {
    // Keys are the sender's own: another practice's key never finds (or reveals) its referral.
    const byKey = await db.selectFrom('referral').select('id').where('practice_code', '=', practiceCode).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
    if (byKey) return byKey.id;
  }
  if (externalId) {
    const byId = await db.selectFrom('referral').select('id').where('practice_code', '=', practiceCode).where('external_id', '=', externalId).executeTakeFirst();
    if (byId) return byId.id;
  }
  return undefined;
}

/** Gathers what checkReferral needs to know, in a handful of queries. */
async function referralContext(db: Db, input: ReferralInput, receivedAt: Date) {
  const providers = input.chosenProviders?.length
    ? new Set((await db.selectFrom('provider').select('code').where('code', 'in', input.chosenProviders).execute()).map((p) => p.code))
    : new Set<string>();
  const practice = await db.selectFrom('practice').select('code').where('code', '=', input.practiceCode ?? '').executeTakeFirst();
  const pathway = input.pathwayCode
    ? await db.selectFrom('pathway').select(['code', 'criteria']).where('code', '=', input.pathwayCode).where('active', '=', true).executeTakeFirst()
    : undefined;
  // A code list counts only where the user has loaded one for that system.
  const system = input.reason?.system as CodeSystem;
  const canonical = CODE_SYSTEMS.includes(system) ? checkCode(system, input.reason?.code ?? '') : undefined;
  const hasList = canonical?.ok && await db.selectFrom('clinical_code').select('code').where('system', '=', system).limit(1).executeTakeFirst();
  const listed = hasList && canonical?.ok
    ? await db.selectFrom('clinical_code').select('code').where('system', '=', system).where('code', '=', canonical.code).executeTakeFirst()
    : undefined;
  return {
    pathway,
    context: {
      today: today(receivedAt),
      practiceExists: (code: string) => practice?.code === code,
      providerExists: (code: string) => providers.has(code),
      pathwayExists: () => Boolean(pathway),
      codeKnown: () => !hasList || Boolean(listed),
    },
  };
}

/** Read v2 codes are mapped to the target system where the user has loaded a map. */
async function mapRead2(db: Db, input: ReferralInput): Promise<{ input: ReferralInput; mappedFrom: string | null }> {
  if (input.reason?.system !== 'read2') return { input, mappedFrom: null };
  const map = await db.selectFrom('code_map').select(['target_system', 'target_code'])
    .where('source_system', '=', 'read2').where('source_code', '=', input.reason.code.trim()).orderBy('target_system').executeTakeFirst();
  if (!map) return { input, mappedFrom: null };
  return { input: { ...input, reason: { system: map.target_system as CodeSystem, code: map.target_code, display: input.reason.display ?? null } }, mappedFrom: input.reason.code.trim() };
}

export async function submitReferral(db: Db, user: AuthenticatedUser, raw: ReferralInput, options: SubmitOptions): Promise<{ referral: ReferralView; created: boolean }> {
  if (!can(user, 'referral.submit', { practiceCode: raw.practiceCode })) {
    throw forbidden(user.role === 'practice' ? `You can only send referrals for your own practice (${user.practiceCode}).` : 'Only practices send referrals.');
  }
  const existing = await findExisting(db, raw.practiceCode, raw.externalId, options.idempotencyKey);
  if (existing) return { referral: (await loadReferralView(db, existing))!, created: false };

  const receivedAt = options.receivedAt ?? new Date();
  const { input: mapped, mappedFrom } = await mapRead2(db, raw);
  const { pathway, context } = await referralContext(db, mapped, receivedAt);
  const { referral: input, problems } = checkReferral(mapped, context);
  if (problems.length) throw new ReferralRejected(problems);

  const pathwayCheck = pathway ? evaluatePathway(pathway.criteria as PathwayCriterion[], input) : [];
  const status = firstStatus(input.priority);
  const pseudo = patientPseudonym(await pseudonymSecret(db), input.patient.nhsNumber);
  try {
    const id = await db.transaction().execute(async (tx) => {
      const seq = await sql<{ n: number }>`select nextval('referral_reference_seq')::int as n`.execute(tx);
      const row = await tx.insertInto('referral').values({
        reference: `R-${receivedAt.getUTCFullYear()}-${String(seq.rows[0]!.n).padStart(6, '0')}`,
        source: options.source, practice_code: input.practiceCode, external_id: input.externalId || null,
        idempotency_key: options.idempotencyKey || null, clinician: input.clinician.trim(),
        nhs_number: input.patient.nhsNumber, patient_pseudo: pseudo,
        family_name: input.patient.familyName.trim(), given_name: input.patient.givenName.trim(),
        birth_date: input.patient.birthDate, sex: input.patient.sex, postcode: input.patient.postcode,
        tfc: input.tfc, reason_system: input.reason.system, reason_code: input.reason.code, reason_display: input.reason.display ?? null,
        priority: input.priority, pathway_code: input.pathwayCode || null,
        clinical_info: JSON.stringify(input.clinicalInfo ?? {}), pathway_check: JSON.stringify(pathwayCheck),
        procedure_code: input.procedureCode || null, referral_date: input.referralDate,
        status,
        triage_due: status === 'awaiting_triage' ? addWorkingDays(today(receivedAt), TRIAGE_SERVICE_LEVEL_DAYS) : null,
        forwarded_to: status === 'forwarded' ? input.chosenProviders[0]! : null,
        booking_status: status === 'forwarded' ? 'to_book' : null,
        received_at: receivedAt, updated_at: receivedAt,
      }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('referral_choice').values(input.chosenProviders.map((provider_code, i) => ({ referral_id: row.id, rank: i + 1, provider_code }))).execute();
      await tx.insertInto('referral_event').values([
        {
          referral_id: row.id, at: receivedAt, actor: user.username, action: 'received', from_status: null, to_status: 'received',
          reason: null, details: JSON.stringify({ source: options.source, ...(mappedFrom ? { mappedFromRead2: mappedFrom } : {}) }),
        },
        {
          referral_id: row.id, at: receivedAt, actor: 'gateway', action: status === 'forwarded' ? 'forward' : 'queue_for_triage',
          from_status: 'received', to_status: status,
          reason: status === 'forwarded' ? 'Two-week-wait referrals go straight to the first-choice provider' : null, details: '{}',
        },
      ]).execute();
      return row.id;
    });
    // Audited after the commit, through the group-commit writer: the chain's lock is then held
    // once per batch of submissions rather than through each one's transaction. The referral's
    // own events (above) record who sent it in the same transaction as the referral.
    await recordAudit(db, { actor: user.username, action: 'referral.create', entityType: 'referral', entityId: id, details: { source: options.source, practice: input.practiceCode } });
    return { referral: (await loadReferralView(db, id))!, created: true };
  } catch (error) {
    // Two identical submissions at once: the unique keys let one in; the other returns it.
    if ((error as { code?: string }).code === '23505') {
      const again = await findExisting(db, raw.practiceCode, raw.externalId, options.idempotencyKey);
      if (again) return { referral: (await loadReferralView(db, again))!, created: false };
    }
    throw error;
  }
}

/** Reads one referral for someone allowed to see it; a view of identifiable data, so audited. */
export async function getReferral(db: Db, user: AuthenticatedUser, id: string): Promise<ReferralView> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  const owner = isUuid ? await db.selectFrom('referral').select('practice_code').where('id', '=', id).executeTakeFirst() : undefined;
  if (!owner || !can(user, 'patient.view', { practiceCode: owner.practice_code })) {
    await recordAudit(db, { actor: user.username, action: 'referral.view', entityType: 'referral', entityId: id, outcome: 'denied' });
    // Another practice's referral is "not found" to a practice user: its existence is not revealed.
    throw owner && user.role !== 'practice' ? forbidden('Your role does not show patient-identifiable referrals.') : notFound('The referral');
  }
  const view = (await loadReferralView(db, id))!;
  await recordAudit(db, { actor: user.username, action: 'referral.view', entityType: 'referral', entityId: id });
  return view;
}

export interface ReferralQuery {
  nhsNumber?: string;
  status?: string[];
  practiceCode?: string;
  from?: string;
  to?: string;
  limit?: number;
}

/** Searches referrals (full views) within what the user may see; the search is audited with the ids shown. */
export async function searchReferrals(db: Db, user: AuthenticatedUser, query: ReferralQuery): Promise<ReferralView[]> {
  if (!can(user, 'patient.view')) throw forbidden();
  let q = db.selectFrom('referral').select('id').orderBy('received_at', 'desc').limit(Math.min(query.limit ?? 50, 200));
  if (user.role === 'practice') q = q.where('practice_code', '=', user.practiceCode!);
  if (query.practiceCode) q = q.where('practice_code', '=', query.practiceCode);
  if (query.nhsNumber) q = q.where('nhs_number', '=', query.nhsNumber.replace(/\s/g, ''));
  if (query.status?.length) q = q.where('status', 'in', query.status);
  if (query.from) q = q.where('referral_date', '>=', query.from);
  if (query.to) q = q.where('referral_date', '<=', query.to);
  const ids = (await q.execute()).map((r) => r.id);
  const views = (await Promise.all(ids.map((id) => loadReferralView(db, id)))).filter((v): v is ReferralView => Boolean(v));
  await recordAudit(db, { actor: user.username, action: 'referral.search', entityType: 'referral', entityId: 'search', details: { query: { ...query }, shown: ids } });
  return views;
}
