/**
 * Test helpers for reviewer evidence: a referral taken through the real gateway (submit, then each
 * decision through the API) with its events re-dated to a script, as the demo's "services" loader
 * does; and the text a PDF shows.
 */
import { sql } from 'kysely';
import type { ReferralInput } from '../domain/referrals/referral.js';
import type { TriageAction } from '../domain/referrals/triage.js';
import { validReferral } from './referrals.js';
import type { TestApp } from './test-app.js';

type Headers = Record<string, string>;

export interface ScriptStep {
  /** who acts (signed-in headers) */
  by: Headers;
  /** when it happened, an ISO timestamp (the event is re-dated to it) */
  at: string;
  action: TriageAction | 'recategorise';
  reason?: string;
  advice?: string;
  serviceCode?: string;
  providerCode?: string;
  /** recategorise: the new specialty */
  tfc?: string;
}

export interface ScriptedReferral { id: string; reference: string }

/**
 * Sends a referral as `practice`, dates its receipt `receivedAt`, then takes each step through the
 * API (decisions, re-categorisation, information given) and dates its event as the script says.
 */
export async function scriptReferral(t: TestApp, practice: Headers, script: {
  receivedAt: string;
  referral?: Partial<ReferralInput>;
  patient?: Partial<ReferralInput['patient']>;
  steps: ScriptStep[];
}): Promise<ScriptedReferral> {
  const db = t.database.db;
  const sent = await t.app.inject({ method: 'POST', url: '/api/referrals', headers: practice, payload: validReferral(script.referral, script.patient) as object });
  if (sent.statusCode !== 201) throw new Error(`referral not sent: ${sent.statusCode} ${sent.body}`);
  let r = sent.json<{ id: string; version: number; reference: string }>();
  const receivedAt = new Date(script.receivedAt);
  await db.updateTable('referral').set({ received_at: receivedAt, updated_at: receivedAt }).where('id', '=', sql<string>`${r.id}::uuid`).execute();
  await db.updateTable('referral_event').set({ at: receivedAt }).where('referral_id', '=', r.id).execute();

  for (const step of script.steps) {
    const url = step.action === 'recategorise' ? `/api/referrals/${r.id}/recategorise` : `/api/referrals/${r.id}/decisions`;
    const payload = step.action === 'recategorise'
      ? { version: r.version, tfc: step.tfc, reason: step.reason ?? 'Wrong specialty' }
      : { version: r.version, action: step.action, reason: step.reason ?? `Scripted ${step.action}`, advice: step.advice, serviceCode: step.serviceCode, providerCode: step.providerCode };
    const res = await t.app.inject({ method: 'POST', url, headers: step.by, payload });
    if (res.statusCode !== 200) throw new Error(`${step.action} refused: ${res.statusCode} ${res.body}`);
    r = res.json();
    const last = await db.selectFrom('referral_event').select('id').where('referral_id', '=', r.id).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    await db.updateTable('referral_event').set({ at: new Date(step.at) }).where('id', '=', last.id).execute();
  }
  return { id: r.id, reference: r.reference };
}

