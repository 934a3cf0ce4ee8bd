/**
 * The demo's allowances, DES and running costs (issue 5, items 5 and 7) for the current financial
 * year: every demo practice taking part from 1 April except two that join on 1 October (so the
 * £1,500 start-up fee shows), evidence of most conditions (some missing, so "not yet earned"
 * shows too), a DES payment per practice split 75/25, two invoices against the first group's pot
 * (one approved by the board, one awaiting a decision) and seed 000's ICOF running-cost tables
 * with some spend against them.
 *
 * Idempotent: a second load changes nothing, and anything edited since is left as it is. The
 * invoices go through the real services (the pot is checked, the approval is by someone other than
 * who entered it, both are audited); the rest is written directly and audited once as demo.allowances.
 */
import type { Db } from '../../db/database.js';
import { financialMonthOf, financialYearBounds, startYearOf } from '../../domain/activity/financial-year.js';
import type { AllowanceCondition } from '../../domain/budgets/allowances.js';
import { splitDesPayment } from '../../domain/budgets/des.js';
import { ICOF_HEADINGS, ICOF_RUNNING_COST_LINES } from '../../domain/budgets/running-costs.js';
import type { DemoLocality } from '../../domain/demo/locality.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { decideDesInvoice, potReport, submitDesInvoice } from '../budgets/des.js';

export interface DemoAllowancesSummary {
  year: string;
  /** practices taking part, of which two join in October */
  participating: number;
  octoberJoiners: string[];
  evidence: number;
  payments: number;
  invoices: number;
  runningCostLines: number;
}

export interface DemoAllowancesOptions {
  /** defaults to the financial year of yesterday (the demo activity's last year ends then) */
  year?: string;
}

export const DEMO_DES_DESCRIPTION = 'Practice-based commissioning DES';

/** The demo's staff accounts (src/domain/demo/accounts.ts) who enter and approve invoices. */
const demoUser = (role: 'finance' | 'board'): AuthenticatedUser => ({ id: 0, username: role, displayName: `Demo ${role}`, role, practiceCode: null, isDemo: true });

/** Spend so far as a share of each heading's budget, in percent. */
const SPENT_PERCENT: Record<string, number> = { [ICOF_HEADINGS.setUp]: 100, [ICOF_HEADINGS.referralManagement]: 45, [ICOF_HEADINGS.executive]: 40 };

export async function loadDemoAllowances(db: Db, locality: DemoLocality | undefined, actor: string, options: DemoAllowancesOptions = {}): Promise<DemoAllowancesSummary> {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const year = options.year ?? financialMonthOf(yesterday).year;
  const start = startYearOf(year);
  const { from } = financialYearBounds(year);

  const codes = locality
    ? locality.practices.map((p) => p.code)
    : (await db.selectFrom('practice').select('code').orderBy('code').execute()).map((p) => p.code);
  const octoberJoiners = codes.length > 2 ? codes.slice(-2) : [];

  // Participation: from 1 April, or 1 October for the last two practices.
  const participation = !codes.length ? [] : await db.insertInto('practice_participation').values(codes.map((code) => ({
    practice_code: code, year, joined_on: octoberJoiners.includes(code) ? `${start}-10-01` : from, left_on: null, updated_by: actor,
  }))).onConflict((oc) => oc.columns(['practice_code', 'year']).doNothing()).returning('practice_code').execute();

  // Evidence: budgets held and locality meetings attended by all; plans signed off by two in
  // three; milestones met by half. The rest are not recorded, so their schemes wait.
  const evidenceRows = codes.flatMap((code, i) => {
    const met: [AllowanceCondition, string][] = [
      ['budget_held', `Indicative budget accepted at the locality meeting, 2 April ${start}`],
      ['locality_participation', 'Attended the locality council, quarterly'],
    ];
    if (i % 3 !== 2) met.push(['plan_signed_off', `Commissioning plan signed off by the PCT, ${start}-06-30`]);
    if (i % 2 === 0) met.push(['milestones_met', 'Q2 milestones reviewed at the board: delivered']);
    return met.map(([condition, evidence]) => ({ practice_code: code, year, condition, met: true, evidence, recorded_by: actor }));
  });
  const evidence = evidenceRows.length
    ? await db.insertInto('allowance_evidence').values(evidenceRows).onConflict((oc) => oc.columns(['practice_code', 'year', 'condition']).doNothing()).returning('practice_code').execute()
    : [];

  // A DES payment per practice (with odd pennies, so the split's rounding shows), once.
  const practices = codes.length
    ? await db.selectFrom('practice').select(['code', 'group_code']).where('code', 'in', codes).orderBy('code').execute()
    : [];
  const paid = new Set((await db.selectFrom('des_payment').select('practice_code').where('year', '=', year).where('description', '=', DEMO_DES_DESCRIPTION).execute()).map((r) => r.practice_code));
  const newPayments = practices.filter((p) => !paid.has(p.code)).map((p) => {
    const amountPence = 250_000 + ((codes.indexOf(p.code) * 12_347) % 200_000) + 1;
    return {
      practice_code: p.code, group_code: p.group_code, year, description: DEMO_DES_DESCRIPTION, amount_pence: amountPence, paid_on: `${start}-06-30`,
      ...(({ directPence, heldPence }) => ({ direct_pence: directPence, held_pence: heldPence }))(splitDesPayment(amountPence)), recorded_by: actor,
    };
  });
  if (newPayments.length) await db.insertInto('des_payment').values(newPayments).execute();

  // Running costs: seed 000's ICOF tables, with spend so far.
  const lines = await db.insertInto('running_cost_line').values(ICOF_RUNNING_COST_LINES.map((l) => ({
    year, heading: l.heading, line: l.line, budget_pence: l.budgetPence, spent_pence: Math.floor((l.budgetPence * (SPENT_PERCENT[l.heading] ?? 0)) / 100),
    sort_order: l.sortOrder, updated_by: actor,
  }))).onConflict((oc) => oc.columns(['year', 'heading', 'line']).doNothing()).returning('id').execute();

  if (participation.length || evidence.length || newPayments.length || lines.length) {
    await recordAudit(db, {
      actor, action: 'demo.allowances', entityType: 'year', entityId: year,
      details: { participation: participation.length, evidence: evidence.length, payments: newPayments.length, runningCostLines: lines.length },
    });
  }

  // Two invoices against the first group's pot, through the real workflow: 40% of the pot
  // approved by the board, 20% awaiting a decision. Only when the demo has entered none yet.
  let invoices = 0;
  const group = practices[0]?.group_code;
  const already = await db.selectFrom('des_invoice').select('id').where('year', '=', year).where('submitted_by', '=', 'finance').executeTakeFirst();
  if (group && !already) {
    const pot = await potReport(db, year, group);
    const pounds = (share: number) => Math.floor((pot.remainingPence * share) / 100) * 100; // whole pounds
    if (pounds(0.4) > 0) {
      const training = await submitDesInvoice(db, demoUser('finance'), {
        year, groupCode: group, supplier: 'Herts Clinical Training Ltd', description: 'Referral management training for the locality’s GPs', amountPence: pounds(0.4),
      });
      await decideDesInvoice(db, demoUser('board'), training.id, { decision: 'approved', notes: 'Agreed at the board: part of the locality development plan.' });
      await submitDesInvoice(db, demoUser('finance'), {
        year, groupCode: group, supplier: 'Locality Data Services', description: 'Data analyst sessions: practice feedback packs, Q3', amountPence: pounds(0.2),
      });
      invoices = 2;
    }
  }

  return {
    year,
    participating: codes.length,
    octoberJoiners,
    evidence: evidence.length,
    payments: newPayments.length,
    invoices,
    runningCostLines: lines.length,
  };
}
