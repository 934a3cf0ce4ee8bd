/**
 * The demo referral gateway: the catalogue (pathways, community services, prior-approval list)
 * and a year of referrals from the demo generator (domain/demo/referrals.ts) with the reviewer's
 * and booking team's decisions, so the worklists, referral pages and analytics have history.
 *
 * Two ways to load, giving the same rows (demo/referrals.test.ts compares them):
 * - `services`: each referral through submitReferral as its practice's demo account, then each
 *   decision through approvePrior / decide / recordContact as the reviewer or booking account;
 *   the services stamp events "now", so they are then re-dated to the generator's times.
 *   About 50 ms a referral on PGlite (15 ms to submit, 7 ms a decision): ~3 minutes for the
 *   default 4,000 referrals, too slow for a first start.
 * - `batch` (default): the referrals are checked with the same rules as submitReferral and stored
 *   500 at a time (referrals/prepare.ts, shared with the bulk CSV upload), and each decision is
 *   applied by the real triage state machine (`transition`) with the same checks, columns,
 *   events and practice notifications as decisions.ts, written with the generator's times. One
 *   audit entry per batch lists the referrals created or decided. ~2 s for the default demo.
 *
 * Idempotent: referrals are keyed by the practice's external id; those already stored are
 * skipped with their decisions. Catalogue rows that exist are left as an administrator edited them.
 */
import { addDays } from '../../domain/calendar/working-days.js';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { DemoLocality } from '../../domain/demo/locality.js';
import {
  DEMO_BOOKER, DEFAULT_REFERRAL_FRACTION, generateReferrals, type DemoReferral, type DemoReferralOutcome,
} from '../../domain/demo/referrals.js';
import { COMMUNITY_SERVICES, PATHWAYS, PRIOR_APPROVAL_PROCEDURES } from '../../domain/referrals/catalogue.js';
import { STATUS_LABELS, transition, type Status } from '../../domain/referrals/triage.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { approvePrior, decide, recordContact, type Decision } from '../referrals/decisions.js';
import { ReferralChecker, storePreparedReferrals, type PreparedReferral, type StoredReferral } from '../referrals/prepare.js';
import { submitReferral } from '../referrals/service.js';

export interface DemoReferralSummary {
  /** referrals the generator produced */
  generated: number;
  /** stored now */
  submitted: number;
  /** already stored by an earlier load: left alone */
  existing: number;
  /** decisions, prior approvals and contact attempts applied */
  decisions: number;
  /** referrals by status once loaded (all demo referrals, not only this load's) */
  byStatus: Record<string, number>;
  catalogue: { pathways: number; communityServices: number; priorApprovals: number };
}

export interface DemoReferralOptions {
  /** share of real referral volume (DEFAULT_REFERRAL_FRACTION); 0 loads the catalogue only */
  fraction?: number;
  /** only the generated referrals this picks (tests) */
  pick?: (referral: DemoReferral, index: number) => boolean;
  via?: 'batch' | 'services';
  /** recorded as the actor of the batch audit entries */
  actor?: string;
  /** referrals done so far, of `total` */
  onProgress?: (done: number, total: number) => void;
  /** the year of referrals; by default the year up to yesterday, so worklists look current */
  period?: { from: string; to: string };
}

/** The year of demo referrals ending yesterday (UTC). */
export function lastYear(now = new Date()): { from: string; to: string } {
  const to = addDays(now.toISOString().slice(0, 10), -1);
  return { from: addDays(to, -364), to };
}

const BATCH = 500;
const APPROVAL_REASON = 'Meets the commissioner’s criteria for the procedure';

/** Inserts the demo pathways, community services and prior-approval list; existing rows are kept. */
export async function loadReferralCatalogue(db: Db): Promise<DemoReferralSummary['catalogue']> {
  const pathways = await db.insertInto('pathway').values(PATHWAYS.map((p) => ({
    code: p.code, name: p.name, tfc: p.tfc, description: p.description, criteria: JSON.stringify(p.criteria), updated_by: 'demo',
  }))).onConflict((oc) => oc.column('code').doNothing()).returning('code').execute();
  const providers = new Set((await db.selectFrom('provider').select('code').execute()).map((p) => p.code));
  const services = await db.insertInto('community_service').values(COMMUNITY_SERVICES.map((s) => ({
    code: s.code, name: s.name, tfc: s.tfc, description: s.description,
    provider_code: s.providerCode && providers.has(s.providerCode) ? s.providerCode : null,
  }))).onConflict((oc) => oc.column('code').doNothing()).returning('code').execute();
  const procedures = await db.insertInto('prior_approval_procedure').values(PRIOR_APPROVAL_PROCEDURES.map((p) => ({
    code: p.code, name: p.name, tfc: p.tfc, criteria: p.criteria,
  }))).onConflict((oc) => oc.column('code').doNothing()).returning('code').execute();
  return { pathways: pathways.length, communityServices: services.length, priorApprovals: procedures.length };
}

export async function loadDemoReferrals(db: Db, locality: DemoLocality, options: DemoReferralOptions = {}): Promise<DemoReferralSummary> {
  const catalogue = await loadReferralCatalogue(db);
  const fraction = options.fraction ?? DEFAULT_REFERRAL_FRACTION;
  const summary: DemoReferralSummary = { generated: 0, submitted: 0, existing: 0, decisions: 0, byStatus: {}, catalogue };
  if (fraction > 0) {
    const users = await demoUsers(db);
    const stored = new Set((await db.selectFrom('referral').select(['practice_code', 'external_id']).where('source', '=', 'demo').execute())
      .map((r) => `${r.practice_code}|${r.external_id}`));
    let referrals = [...generateReferrals(locality, { fraction, ...(options.period ?? lastYear()) })];
    if (options.pick) referrals = referrals.filter(options.pick);
    summary.generated = referrals.length;
    const fresh = referrals.filter((r) => !stored.has(`${r.input.practiceCode}|${r.input.externalId}`));
    summary.existing = referrals.length - fresh.length;
    const load = options.via === 'services' ? loadViaServices : loadInBatches;
    await load(db, users, fresh, summary, options);
  }
  const statuses = await db.selectFrom('referral').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('source', '=', 'demo').groupBy('status').execute();
  summary.byStatus = Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)]));
  return summary;
}

/** The demo accounts that act: every practice, the reviewer and the booking team. */
async function demoUsers(db: Db): Promise<Map<string, AuthenticatedUser>> {
  const rows = await db.selectFrom('app_user').select(['id', 'username', 'display_name', 'role', 'practice_code', 'is_demo']).where('is_demo', '=', true).execute();
  return new Map(rows.map((r) => [r.username, { id: r.id, username: r.username, displayName: r.display_name, role: r.role, practiceCode: r.practice_code, isDemo: r.is_demo }]));
}

function userFor(users: Map<string, AuthenticatedUser>, username: string): AuthenticatedUser {
  const user = users.get(username);
  if (!user) throw new Error(`The demo account ${username} is missing: create the demo accounts first.`);
  return user;
}

const practiceAccount = (practiceCode: string) => `practice-${practiceCode.toLowerCase()}`;

// ---------------------------------------------------------------------------------------------
// What happens to a referral after it arrives: the same steps for both ways of loading

type Step =
  | { kind: 'prior_approval'; at: string; actor: string; reference: string; reason: string }
  | { kind: 'decision'; at: string; actor: string; decision: Omit<Decision, 'version'> }
  | { kind: 'contact'; at: string; actor: string; method: 'phone'; outcome: string };

/** The outcome as steps in order; a third of routine bookings start with a phone call to the patient. */
function stepsOf(demo: DemoReferral): Step[] {
  const o: DemoReferralOutcome | null = demo.outcome;
  if (!o) return [];
  const steps: Step[] = [];
  if (o.priorApproval) steps.push({ kind: 'prior_approval', at: o.priorApproval.at, actor: o.priorApproval.actor, reference: o.priorApproval.reference, reason: APPROVAL_REASON });
  if (o.action !== 'book') {
    steps.push({
      kind: 'decision', at: o.at, actor: o.actor, decision: {
        action: o.action, reason: o.reason,
        ...(o.forwardTo ? { providerCode: o.forwardTo } : {}), ...(o.divertTo ? { serviceCode: o.divertTo } : {}), ...(o.advice ? { advice: o.advice } : {}),
      },
    });
  }
  if (o.bookedDate && o.bookedProvider) {
    const at = o.bookedAt ?? o.at;
    const actor = o.bookedBy ?? DEMO_BOOKER;
    if (o.action !== 'book' && Number(/(\d+)$/.exec(demo.input.externalId ?? '')?.[1] ?? 1) % 3 === 0) {
      steps.push({ kind: 'contact', at, actor, method: 'phone', outcome: 'Phoned the patient: appointment date agreed' });
    }
    steps.push({ kind: 'decision', at, actor, decision: { action: 'book', reason: o.action === 'book' ? o.reason : 'Appointment booked with the patient', bookedDate: o.bookedDate, bookedProvider: o.bookedProvider } });
  }
  return steps;
}

// ---------------------------------------------------------------------------------------------
// Through the services, one call at a time

async function loadViaServices(db: Db, users: Map<string, AuthenticatedUser>, referrals: DemoReferral[], summary: DemoReferralSummary, options: DemoReferralOptions) {
  for (const [i, demo] of referrals.entries()) {
    const practiceUser = userFor(users, practiceAccount(demo.input.practiceCode));
    const { referral, created } = await submitReferral(db, practiceUser, demo.input, { source: 'demo', receivedAt: new Date(demo.receivedAt) });
    if (!created) {
      summary.existing += 1;
      continue;
    }
    summary.submitted += 1;
    let version = referral.version;
    const steps = stepsOf(demo);
    for (const step of steps) {
      const user = userFor(users, step.actor);
      if (step.kind === 'prior_approval') version = (await approvePrior(db, user, referral.id, { version, approvalReference: step.reference, reason: step.reason })).version;
      else if (step.kind === 'contact') version = (await recordContact(db, user, referral.id, { version, method: step.method, outcome: step.outcome })).version;
      else version = (await decide(db, user, referral.id, { ...step.decision, version })).version;
    }
    if (steps.length) await redate(db, referral.id, steps);
    summary.decisions += steps.length;
    if (i % 100 === 0) options.onProgress?.(i, referrals.length);
  }
  options.onProgress?.(referrals.length, referrals.length);
}

const actionOf = (step: Step) => (step.kind === 'decision' ? step.decision.action : step.kind === 'contact' ? 'contact' : 'prior_approval');

/** Moves the events, contacts and notifications the services stamped "now" to the generator's times. */
async function redate(db: Db, id: string, steps: Step[]) {
  await db.transaction().execute(async (tx) => {
    for (const step of steps) {
      await tx.updateTable('referral_event').set({ at: new Date(step.at) }).where('referral_id', '=', id).where('action', '=', actionOf(step)).execute();
    }
    const contact = steps.find((s) => s.kind === 'contact');
    if (contact) await tx.updateTable('booking_contact').set({ at: new Date(contact.at) }).where('referral_id', '=', id).execute();
    // Each triage or booking decision told the practice, in order (the gateway's own forwarding of a 2ww did not).
    await sql`
      with ev as (select at, row_number() over (order by id) as n from referral_event
                  where referral_id = ${id}::uuid and actor <> 'gateway'
                    and action in ('forward', 'divert', 'return_with_advice', 'request_info', 'discuss_with_gp', 'book')),
           nt as (select id, row_number() over (order by id) as n from notification where referral_id = ${id}::uuid)
      update notification set at = ev.at from nt join ev using (n) where notification.id = nt.id`.execute(tx);
    const approval = steps.find((s) => s.kind === 'prior_approval');
    await tx.updateTable('referral').set({ updated_at: new Date(steps[steps.length - 1]!.at), ...(approval ? { prior_approved_at: new Date(approval.at) } : {}) })
      .where('id', '=', id).execute();
  });
}

// ---------------------------------------------------------------------------------------------
// In batches

interface Catalogue {
  providers: ReadonlySet<string>;
  services: ReadonlyMap<string, string>;
  /** procedure code → name */
  priorApproval: ReadonlyMap<string, string>;
}

async function loadInBatches(db: Db, users: Map<string, AuthenticatedUser>, referrals: DemoReferral[], summary: DemoReferralSummary, options: DemoReferralOptions) {
  const checker = await ReferralChecker.load(db);
  const catalogue: Catalogue = {
    providers: new Set((await db.selectFrom('provider').select('code').execute()).map((p) => p.code)),
    services: new Map((await db.selectFrom('community_service').select(['code', 'name']).execute()).map((s) => [s.code, s.name])),
    priorApproval: new Map((await db.selectFrom('prior_approval_procedure').select(['code', 'name']).execute()).map((p) => [p.code, p.name])),
  };
  const actor = options.actor ?? 'demo';
  for (const demo of referrals) userFor(users, practiceAccount(demo.input.practiceCode));
  for (let start = 0; start < referrals.length; start += BATCH) {
    const batch = referrals.slice(start, start + BATCH);
    const results = await checker.prepare(batch.map((d) => ({ input: d.input, receivedAt: new Date(d.receivedAt) })));
    const prepared: PreparedReferral[] = results.map((result, i) => {
      if (result.ok) return result.value;
      const d = batch[i]!;
      throw new Error(`Demo referral ${d.input.externalId} was refused: ${result.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    });
    await db.transaction().execute(async (tx) => {
      const { stored, existing } = await storePreparedReferrals(tx, (r) => practiceAccount(r.practiceCode), prepared, 'demo');
      summary.submitted += stored.length;
      summary.existing += existing;
      const byExternalId = new Map(batch.map((d) => [`${d.input.practiceCode}|${d.input.externalId}`, d]));
      const decided = await applyOutcomes(tx, stored.map((s) => ({ stored: s, demo: byExternalId.get(`${s.practiceCode}|${s.externalId}`)! })), catalogue);
      summary.decisions += decided.steps;
      await recordAudit(tx, {
        actor, action: 'referral.create', entityType: 'referral', entityId: `demo-${stored[0]?.reference ?? 'none'}`,
        details: { source: 'demo', count: stored.length, referrals: stored.map((s) => s.id) },
      });
      if (decided.steps) {
        await recordAudit(tx, {
          actor, action: 'referral.demo_decisions', entityType: 'referral', entityId: `demo-${stored[0]?.reference ?? 'none'}`,
          details: { count: decided.steps, byAction: decided.byAction, referrals: decided.referrals },
        });
      }
    });
    options.onProgress?.(Math.min(start + BATCH, referrals.length), referrals.length);
  }
}

interface ReferralState {
  status: Status;
  version: number;
  updated_at: Date;
  forwarded_to: string | null;
  diverted_to: string | null;
  advice: string | null;
  booking_status: 'to_book' | 'patient_will_book' | 'booked' | null;
  booked_date: string | null;
  booked_provider: string | null;
  prior_approval_ref: string | null;
  prior_approved_by: string | null;
  prior_approved_at: Date | null;
}

/**
 * Applies each referral's steps as decisions.ts would — the state machine's transition, the same
 * checks (reason, prior approval before forwarding, known provider and service, advice, booked
 * date) and the same columns, events and notifications — dated at the generator's times.
 */
async function applyOutcomes(tx: Tx, items: { stored: StoredReferral; demo: DemoReferral }[], catalogue: Catalogue) {
  const updates: (ReferralState & { id: string })[] = [];
  const events: { referral_id: string; at: Date; actor: string; action: string; from_status: string; to_status: string; reason: string | null; details: string }[] = [];
  const notifications: { practice_code: string; referral_id: string; at: Date; message: string }[] = [];
  const contacts: { referral_id: string; at: Date; actor: string; method: 'phone'; outcome: string; note: string }[] = [];
  const byAction: Record<string, number> = {};
  let count = 0;

  for (const { stored, demo } of items) {
    const steps = stepsOf(demo);
    if (!steps.length) continue;
    const input = demo.input;
    const state: ReferralState = {
      status: stored.status, version: 1, updated_at: new Date(stored.receivedAt),
      forwarded_to: stored.status === 'forwarded' ? input.chosenProviders[0]! : null, diverted_to: null, advice: null,
      booking_status: stored.status === 'forwarded' ? 'to_book' : null, booked_date: null, booked_provider: null,
      prior_approval_ref: null, prior_approved_by: null, prior_approved_at: null,
    };
    const refuse = (message: string) => new Error(`Demo referral ${input.externalId} (${stored.reference}): ${message}`);
    for (const step of steps) {
      const at = new Date(step.at);
      const event = (action: string, from: Status, to: Status, reason: string | null, details: Record<string, unknown>) =>
        events.push({ referral_id: stored.id, at, actor: step.actor, action, from_status: from, to_status: to, reason, details: JSON.stringify(details) });
      if (step.kind === 'prior_approval') {
        Object.assign(state, { prior_approval_ref: step.reference.trim(), prior_approved_by: step.actor, prior_approved_at: at });
        event('prior_approval', state.status, state.status, step.reason.trim() || null, { reference: step.reference.trim() });
      } else if (step.kind === 'contact') {
        if (!['forwarded', 'diverted'].includes(state.status)) throw refuse('only forwarded or diverted referrals are on the booking list');
        contacts.push({ referral_id: stored.id, at, actor: step.actor, method: step.method, outcome: step.outcome.trim(), note: '' });
        event('contact', state.status, state.status, step.outcome.trim(), { method: step.method, patientWillBook: false });
      } else {
        const d = step.decision;
        if (!d.reason?.trim() && d.action !== 'book') throw refuse('a decision needs a reason');
        const move = transition(state.status, d.action);
        if (!move.ok) throw refuse(move.message);
        const set: Partial<ReferralState> = {};
        let notice = `${STATUS_LABELS[move.to]}.`;
        switch (d.action) {
          case 'forward': {
            if (input.procedureCode && !state.prior_approved_at && catalogue.priorApproval.has(input.procedureCode)) throw refuse(`${input.procedureCode} needs prior approval before forwarding`);
            const provider = d.providerCode ?? input.chosenProviders[0];
            if (!provider || !catalogue.providers.has(provider)) throw refuse(`${provider ?? 'no provider'} is not a known provider`);
            Object.assign(set, { forwarded_to: provider, booking_status: 'to_book' });
            notice = `forwarded to ${provider}.`;
            break;
          }
          case 'divert': {
            const name = d.serviceCode ? catalogue.services.get(d.serviceCode) : undefined;
            if (!name) throw refuse(`${d.serviceCode ?? 'no service'} is not a community service`);
            Object.assign(set, { diverted_to: d.serviceCode, booking_status: 'to_book' });
            notice = `diverted to ${name}.`;
            break;
          }
          case 'return_with_advice':
            if (!d.advice?.trim()) throw refuse('advice is missing');
            Object.assign(set, { advice: d.advice.trim() });
            notice = `returned with advice: ${d.advice.trim()}`;
            break;
          case 'request_info':
            notice = `more information needed: ${d.reason.trim()}`;
            break;
          case 'discuss_with_gp':
            notice = `discussed with the referring GP: ${d.reason.trim()}`;
            break;
          case 'book':
            if (!d.bookedDate || !/^\d{4}-\d{2}-\d{2}$/.test(d.bookedDate)) throw refuse('the booked date is not a date');
            if (!d.bookedProvider || !catalogue.providers.has(d.bookedProvider)) throw refuse(`${d.bookedProvider ?? 'no provider'} is not a known provider`);
            Object.assign(set, { booking_status: 'booked', booked_date: d.bookedDate, booked_provider: d.bookedProvider });
            notice = `booked with ${d.bookedProvider} on ${d.bookedDate}.`;
            break;
          default:
            break;
        }
        Object.assign(state, set, { status: move.to });
        event(d.action, move.from, move.to, d.reason?.trim() || null,
          { providerCode: set.forwarded_to, serviceCode: set.diverted_to, advice: set.advice, bookedDate: set.booked_date, bookedProvider: set.booked_provider });
        notifications.push({ practice_code: input.practiceCode, referral_id: stored.id, at, message: `${stored.reference}: ${notice}` });
      }
      state.version += 1;
      state.updated_at = at;
      byAction[actionOf(step)] = (byAction[actionOf(step)] ?? 0) + 1;
      count += 1;
    }
    updates.push({ id: stored.id, ...state });
  }

  for (let i = 0; i < events.length; i += 2000) await tx.insertInto('referral_event').values(events.slice(i, i + 2000)).execute();
  for (let i = 0; i < notifications.length; i += 2000) await tx.insertInto('notification').values(notifications.slice(i, i + 2000)).execute();
  if (contacts.length) await tx.insertInto('booking_contact').values(contacts).execute();
  if (updates.length) {
    const col = <K extends keyof ReferralState>(key: K) => updates.map((u) => {
      const value = u[key];
      return value instanceof Date ? value.toISOString() : value;
    });
    await sql`
      update referral set status = v.status, version = v.version, updated_at = v.updated_at, forwarded_to = v.forwarded_to,
        diverted_to = v.diverted_to, advice = v.advice, booking_status = v.booking_status, booked_date = v.booked_date,
        booked_provider = v.booked_provider, prior_approval_ref = v.prior_approval_ref, prior_approved_by = v.prior_approved_by,
        prior_approved_at = v.prior_approved_at
      from unnest(${updates.map((u) => u.id)}::uuid[], ${col('status')}::text[], ${col('version')}::int[], ${col('updated_at')}::timestamptz[],
                  ${col('forwarded_to')}::text[], ${col('diverted_to')}::text[], ${col('advice')}::text[], ${col('booking_status')}::text[],
                  ${col('booked_date')}::date[], ${col('booked_provider')}::text[], ${col('prior_approval_ref')}::text[],
                  ${col('prior_approved_by')}::text[], ${col('prior_approved_at')}::timestamptz[])
        as v(id, status, version, updated_at, forwarded_to, diverted_to, advice, booking_status, booked_date, booked_provider,
             prior_approval_ref, prior_approved_by, prior_approved_at)
      where referral.id = v.id`.execute(tx);
  }
  return { steps: count, byAction, referrals: updates.map((u) => u.id) };
}
