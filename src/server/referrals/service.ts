/**
 * The front door: every referral — web form, FHIR or bulk file — is checked and stored here, and
 * every read of one is scoped to who may see it and audited.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import { can } from '../../domain/access/can.js';
import { checkCode, CODE_SYSTEMS, type CodeSystem } from '../../domain/codes/clinical-codes.js';
import { patientPseudonym } from '../../domain/patient/pseudonym.js';
import { evaluatePathway, type PathwayCriterion } from '../../domain/referrals/pathway.js';
import { checkReferral, type FieldProblem, type ReferralInput } from '../../domain/referrals/referral.js';
import { firstStatus } from '../../domain/referrals/triage.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { forbidden, HttpError, notFound } from '../http/errors.js';
import { firstEvents, referenceFor, referralRow, type PreparedReferral } from './prepare.js';
import { loadReferralView, loadReferralViews, referralView, type ReferralView } from './view.js';

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

/** What one submission needs from the database, gathered in a single round trip (see submitReferral). */
interface SubmissionLookup {
  existing_id: string | null;
  practice_name: string | null;
  providers: { code: string; name: string }[];
  pathway: { name: string; criteria: PathwayCriterion[] } | null;
  read2_map: { system: CodeSystem; code: string } | null;
  code_list_loaded: boolean;
  code_listed: boolean;
  prior_approval_listed: boolean;
  /** the next reference number, drawn now (a refused submission leaves a gap, as a rolled-back one would) */
  reference_n: number;
}

async function lookUpSubmission(db: Db, input: ReferralInput, idempotencyKey: string | null): Promise<SubmissionLookup> {
  const practice = input.practiceCode ?? '';
  const providers = input.chosenProviders?.length ? input.chosenProviders : [null];
  const system = input.reason?.system as CodeSystem;
  const checked = CODE_SYSTEMS.includes(system) ? checkCode(system, input.reason?.code ?? '') : undefined;
  const result = await sql<SubmissionLookup>`
    select
      -- a retry: the sender's own Idempotency-Key first, then its external id; another
      -- practice's key never finds (or reveals) its referral
      (select id from referral
        where practice_code = ${practice}
          and (idempotency_key = ${idempotencyKey || null}::text or external_id = ${input.externalId || null}::text)
        order by idempotency_key = ${idempotencyKey || null}::text desc nulls last limit 1) as existing_id,
      (select name from practice where code = ${practice}) as practice_name,
      (select coalesce(json_agg(json_build_object('code', code, 'name', name)), '[]'::json)
        from provider where code in (${sql.join(providers)})) as providers,
      (select json_build_object('name', name, 'criteria', criteria) from pathway
        where code = ${input.pathwayCode || null}::text and active) as pathway,
      (select json_build_object('system', target_system, 'code', target_code) from code_map
        where ${system === 'read2'} and source_system = 'read2' and source_code = ${input.reason?.code?.trim() ?? ''}
        order by target_system limit 1) as read2_map,
      -- a code list counts only where the user has loaded one for that system
      exists (select 1 from clinical_code where system = ${system ?? ''}) as code_list_loaded,
      exists (select 1 from clinical_code where system = ${system ?? ''} and code = ${checked?.ok ? checked.code : ''}) as code_listed,
      exists (select 1 from prior_approval_procedure where code = ${input.procedureCode || null}::text) as prior_approval_listed,
      nextval('referral_reference_seq')::int as reference_n`.execute(db);
  return result.rows[0]!;
}

/** Whether a Read v2 reason's mapped code is in its system's loaded list (Read v2 is rare: one more query). */
async function mappedCodeKnown(db: Db, map: { system: CodeSystem; code: string }): Promise<boolean> {
  const checked = checkCode(map.system, map.code);
  const rows = await sql<{ loaded: boolean; listed: boolean }>`
    select exists (select 1 from clinical_code where system = ${map.system}) as loaded,
           exists (select 1 from clinical_code where system = ${map.system} and code = ${checked.ok ? checked.code : ''}) as listed`.execute(db);
  return !rows.rows[0]!.loaded || rows.rows[0]!.listed;
}

/**
 * Checks and stores one referral. Written for the front door's load: one query gathers every
 * look-up, one statement stores the referral with its choices and first events (atomic as any
 * single statement), and the answer is built from what is in hand rather than read back.
 */
export async function submitReferral(db: Db, user: AuthenticatedUser, raw: ReferralInput, options: SubmitOptions): Promise<{ referral: ReferralView; created: boolean }> {
  if (!can(user, 'referral.submit', { practiceCode: raw.practiceCode })) {
    throw forbidden(user.role === 'practice' ? `You can only send referrals for your own practice (${user.practiceCode}).` : 'Only practices send referrals.');
  }
  const idempotencyKey = options.idempotencyKey || null;
  const found = await lookUpSubmission(db, raw, idempotencyKey);
  if (found.existing_id) return { referral: (await loadReferralView(db, found.existing_id))!, created: false };

  // Read v2 codes are mapped to the target system where the user has loaded a map.
  const mappedFrom = found.read2_map ? raw.reason.code.trim() : null;
  const mapped = found.read2_map ? { ...raw, reason: { system: found.read2_map.system, code: found.read2_map.code, display: raw.reason.display ?? null } } : raw;
  const codeKnown = found.read2_map ? await mappedCodeKnown(db, found.read2_map) : !found.code_list_loaded || found.code_listed;
  const receivedAt = options.receivedAt ?? new Date();
  const providerNames = new Map(found.providers.map((p) => [p.code, p.name]));
  const { referral: input, problems } = checkReferral(mapped, {
    today: today(receivedAt),
    practiceExists: () => found.practice_name !== null,
    providerExists: (code) => providerNames.has(code),
    pathwayExists: () => found.pathway !== null,
    codeKnown: () => codeKnown,
  });
  if (problems.length) throw new ReferralRejected(problems);

  const prepared: PreparedReferral = {
    referral: input, mappedFrom,
    pathwayCheck: found.pathway ? evaluatePathway(found.pathway.criteria, input) : [],
    status: firstStatus(input.priority),
    patientPseudo: patientPseudonym(await pseudonymSecret(db), input.patient.nhsNumber),
    receivedAt: receivedAt.toISOString(),
  };
  const choices = input.chosenProviders.map((code, i) => ({ rank: i + 1, code, name: providerNames.get(code)! }));
  const events = firstEvents(prepared, user.username, options.source);
  let stored;
  try {
    stored = await db
      .with('r', (q) => q.insertInto('referral').values(referralRow(prepared, options.source, referenceFor(prepared.receivedAt, found.reference_n), idempotencyKey)).returningAll())
      .with('c', (q) => q.insertInto('referral_choice').columns(['referral_id', 'rank', 'provider_code'])
        .expression(sql`select r.id, v.rank, v.code from r, (values ${sql.join(choices.map((c) => sql`(${c.rank}::int, ${c.code})`))}) as v (rank, code)`))
      .with('e', (q) => q.insertInto('referral_event').columns(['referral_id', 'at', 'actor', 'action', 'from_status', 'to_status', 'reason', 'details'])
        .expression(sql`select r.id, v.at, v.actor, v.action, v.from_status, v.to_status, v.reason, v.details from r, (values ${sql.join(events.map((e, i) =>
          sql`(${i}, ${e.at}::timestamptz, ${e.actor}, ${e.action}, ${e.from_status}::text, ${e.to_status}, ${e.reason}::text, ${e.details}::jsonb)`))}) as v (n, at, actor, action, from_status, to_status, reason, details) order by v.n`))
      .selectFrom('r').selectAll().executeTakeFirstOrThrow();
  } catch (error) {
    // Two identical submissions at once: the unique keys let one in; the other returns it.
    if ((error as { code?: string }).code === '23505') {
      const again = await findExisting(db, raw.practiceCode, raw.externalId, idempotencyKey);
      if (again) return { referral: (await loadReferralView(db, again))!, created: false };
    }
    throw error;
  }
  // Audited after the commit, through the group-commit writer: the chain's lock is then held once
  // per batch of submissions rather than through each one. The referral's own first event (stored
  // with it) records who sent it.
  await recordAudit(db, { actor: user.username, action: 'referral.create', entityType: 'referral', entityId: stored.id, details: { source: options.source, practice: input.practiceCode } });
  const referral = referralView(
    { ...stored, practice_name: found.practice_name!, pathway_name: found.pathway?.name ?? null, service_name: null, pa_code: found.prior_approval_listed ? input.procedureCode! : null },
    { choices, events: events.map((e) => ({ ...e, details: JSON.parse(e.details) as Record<string, unknown> })), contacts: [], attachments: [] },
  );
  return { referral, created: true };
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
  const views = await loadReferralViews(db, ids);
  await recordAudit(db, { actor: user.username, action: 'referral.search', entityType: 'referral', entityId: 'search', details: { query: { ...query }, shown: ids } });
  return views;
}
