/**
 * Savings and reinvestment (FIN-5, FIN-8) for a financial year's published budgets: each
 * practice's outturn (actual once the year is over, else the seasonal forecast from monitoring),
 * the part above the high-cost-patient threshold charged to the risk pool, over- and under-spends
 * shared by each setting's rule, efficiency gains, and what each group may reinvest under the
 * reinvestment rule — with the reinvestment proposals recorded against it and their decisions.
 * The rules are ../../domain/budgets/risk-pool.ts and savings.ts; totals are sums of practices.
 *
 * A patient's cost for the high-cost rule is the year-to-date cost at tariff of their in-area
 * lines on the setting's points of delivery and specialties. It reads `activity` itself, by
 * patient: the monthly totals `activityCost` reads have no patients in them.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { shareOutturn, SHARING_RULE_DESCRIPTIONS, type PoolOutcome, type SharingRule } from '../../domain/budgets/risk-pool.js';
import {
  efficiencyGains, REINVESTMENT_RULE_DESCRIPTIONS, reinvestmentHeadroom, savingsTotals, type PracticeSavings, type ReinvestmentRule, type SavingsTotals,
} from '../../domain/budgets/savings.js';
import { SERVICE_LINE_LABELS, SERVICE_LINE_PODS, type ServiceLine } from '../../domain/budgets/service-lines.js';
import { recordAudit } from '../audit/audit-log.js';
import { HttpError, notFound } from '../http/errors.js';
import { budgetMonitoring, type BudgetMonitoringReport } from './budget-monitoring.js';
import type { SettingSummary } from './setting.js';
import { listSettings } from './setting.js';

export interface SettingSavings {
  settingId: number;
  serviceLine: ServiceLine;
  label: string;
  version: number;
  sharingRule: SharingRule;
  sharingRuleDescription: string;
  reinvestmentRule: ReinvestmentRule;
  reinvestmentRuleDescription: string;
  practiceSharePercent: number | null;
  highCostThresholdPence: number | null;
  pool: PoolOutcome;
  totals: SavingsTotals;
}

export interface PracticeSavingsRow extends SavingsTotals {
  practiceCode: string;
  practiceName: string;
  groupCode: string;
  groupName: string;
  /** moved by the sharing rules (negative: used to meet the group's overspends) */
  sharedPence: number;
  lines: (PracticeSavings & { serviceLine: ServiceLine })[];
}

export interface ProposalView {
  id: number;
  year: string;
  groupCode: string;
  groupName: string;
  title: string;
  amountPence: number;
  status: 'proposed' | 'approved' | 'rejected';
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  notes: string;
}

export interface GroupSavingsRow extends SavingsTotals {
  groupCode: string;
  groupName: string;
  practices: number;
  approvedPence: number;
  proposedPence: number;
  /** what may still be approved: reinvestable − approved (never below 0) */
  headroomPence: number;
}

export interface SavingsReport {
  year: string;
  monthsElapsed: number;
  /** 'actual' once all twelve months are in, else 'forecast' (seasonal, straight line where there is none) */
  basis: 'actual' | 'forecast' | 'none';
  settings: SettingSavings[];
  practices: PracticeSavingsRow[];
  groups: GroupSavingsRow[];
  total: SavingsTotals & { approvedPence: number; proposedPence: number };
  proposals: ProposalView[];
}

/** Each practice's cost above the threshold, year to date, for one setting's line and scope. */
export async function highCostExcessByPractice(db: Db, year: string, setting: Pick<SettingSummary, 'serviceLine' | 'scope' | 'highCostThresholdPence'>, throughMonth: number): Promise<Map<string, number>> {
  const pods = SERVICE_LINE_PODS[setting.serviceLine];
  const threshold = setting.highCostThresholdPence;
  if (threshold === null || !pods.length || throughMonth <= 0) return new Map();
  const tfcs = setting.scope.tfcs;
  const tfcFilter = tfcs === null ? sql`true` : tfcs.length ? sql`coalesce(a.tfc, '') in (${sql.join(tfcs)})` : sql`false`;
  const { rows } = await sql<{ practice_code: string; excess: number | string }>`
    select practice_code, sum(cost - ${threshold}) as excess from (
      select a.practice_code, a.patient_pseudo, sum(a.tariff_price_pence) as cost from activity a
      where a.year = ${year} and a.month <= ${throughMonth} and a.in_area and a.tariff_price_pence is not null
        and a.pod in (${sql.join([...pods])}) and ${tfcFilter}
      group by a.practice_code, a.patient_pseudo
    ) p where cost > ${threshold} group by practice_code`.execute(db);
  return new Map(rows.map((r) => [r.practice_code, Number(r.excess)]));
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function listProposals(db: Db, year: string, groups?: readonly string[]): Promise<ProposalView[]> {
  if (groups && !groups.length) return [];
  const rows = await db.selectFrom('reinvestment_proposal as r').leftJoin('org_group as g', 'g.code', 'r.group_code')
    .selectAll('r').select('g.name as group_name').where('r.year', '=', year)
    .$if(groups !== undefined, (q) => q.where('r.group_code', 'in', [...groups!]))
    .orderBy('r.group_code').orderBy('r.id').execute();
  return rows.map((r) => ({
    id: r.id, year: r.year, groupCode: r.group_code, groupName: r.group_name ?? r.group_code, title: r.title, amountPence: Number(r.amount_pence),
    status: r.status, proposedBy: r.proposed_by, proposedAt: iso(r.proposed_at)!, decidedBy: r.decided_by, decidedAt: iso(r.decided_at), notes: r.notes,
  }));
}

/** Savings for the year's published budgets (see the module comment), narrowed for a practice user. */
export async function savingsReport(db: Db, q: {
  year: string; throughMonth?: number; scopePractice?: string | null;
  /** the year's monitoring (all practices, through the same month), when the caller has it already */
  monitoring?: BudgetMonitoringReport;
}): Promise<SavingsReport> {
  const monitoring = q.monitoring ?? await budgetMonitoring(db, { year: q.year, throughMonth: q.throughMonth });
  const { monthsElapsed } = monitoring;
  const basis = monthsElapsed >= 12 ? 'actual' : monthsElapsed > 0 ? 'forecast' : 'none';
  const settings = await listSettings(db, { year: q.year, statuses: ['published'] });

  const perPractice = new Map<string, (PracticeSavings & { serviceLine: ServiceLine })[]>();
  const settingRows: SettingSavings[] = [];
  for (const s of settings) {
    const excess = await highCostExcessByPractice(db, q.year, s, monthsElapsed);
    const practices = monitoring.practices.flatMap((p) => {
      const line = p.lines.find((l) => l.serviceLine === s.serviceLine);
      if (!line) return [];
      const outturn = basis === 'actual' ? line.ytdSpendPence : basis === 'forecast' ? (line.forecast.seasonalPence ?? line.forecast.straightLinePence ?? 0) : line.yearBudgetPence;
      return [{ code: p.practiceCode, groupCode: p.groupCode, budgetPence: line.yearBudgetPence, outturnPence: outturn, highCostExcessPence: basis === 'none' ? 0 : excess.get(p.practiceCode) ?? 0 }];
    });
    const shared = shareOutturn({ rule: s.sharingRule, topSlicePence: s.topSlicePence, practices });
    const gains = efficiencyGains(shared.practices, { rule: s.reinvestmentRule, practiceShare: s.practiceSharePercent });
    for (const g of gains) perPractice.set(g.code, [...(perPractice.get(g.code) ?? []), { ...g, serviceLine: s.serviceLine }]);
    settingRows.push({
      settingId: s.id, serviceLine: s.serviceLine, label: SERVICE_LINE_LABELS[s.serviceLine], version: s.version,
      sharingRule: s.sharingRule, sharingRuleDescription: SHARING_RULE_DESCRIPTIONS[s.sharingRule],
      reinvestmentRule: s.reinvestmentRule, reinvestmentRuleDescription: REINVESTMENT_RULE_DESCRIPTIONS[s.reinvestmentRule],
      practiceSharePercent: s.practiceSharePercent, highCostThresholdPence: s.highCostThresholdPence, pool: shared.pool, totals: savingsTotals(gains),
    });
  }

  const allPractices: PracticeSavingsRow[] = monitoring.practices.map((p) => {
    const lines = perPractice.get(p.practiceCode) ?? [];
    return {
      practiceCode: p.practiceCode, practiceName: p.practiceName, groupCode: p.groupCode, groupName: p.groupName,
      ...savingsTotals(lines), sharedPence: lines.reduce((a, l) => a + l.sharedPence, 0), lines,
    };
  });
  const proposals = await listProposals(db, q.year);
  const groupCodes = [...new Set([...allPractices.map((p) => p.groupCode), ...proposals.map((p) => p.groupCode)])].sort();
  const groupName = (g: string) => allPractices.find((p) => p.groupCode === g)?.groupName ?? proposals.find((p) => p.groupCode === g)?.groupName ?? g;
  const allGroups: GroupSavingsRow[] = groupCodes.map((g) => {
    const members = allPractices.filter((p) => p.groupCode === g);
    const totals = savingsTotals(members);
    const approved = proposals.filter((p) => p.groupCode === g && p.status === 'approved').reduce((a, p) => a + p.amountPence, 0);
    const proposed = proposals.filter((p) => p.groupCode === g && p.status === 'proposed').reduce((a, p) => a + p.amountPence, 0);
    return { groupCode: g, groupName: groupName(g), practices: members.length, ...totals, approvedPence: approved, proposedPence: proposed, headroomPence: reinvestmentHeadroom(totals.reinvestablePence, approved) };
  });

  let listed = allPractices;
  let groups = allGroups;
  let listedProposals = proposals;
  if (q.scopePractice) {
    const own = await db.selectFrom('practice').select('group_code').where('code', '=', q.scopePractice).executeTakeFirst();
    listed = allPractices.filter((p) => p.practiceCode === q.scopePractice);
    const ownGroup = listed[0]?.groupCode ?? own?.group_code ?? null;
    groups = allGroups.filter((g) => g.groupCode === ownGroup);
    listedProposals = proposals.filter((p) => p.groupCode === ownGroup);
  }
  return {
    year: q.year, monthsElapsed, basis, settings: settingRows, practices: listed, groups,
    total: { ...savingsTotals(allPractices), approvedPence: allGroups.reduce((a, g) => a + g.approvedPence, 0), proposedPence: allGroups.reduce((a, g) => a + g.proposedPence, 0) },
    proposals: listedProposals,
  };
}

/** Records a reinvestment proposal for a group; audited. */
export async function createProposal(db: Db, actor: string, p: { year: string; groupCode: string; title: string; amountPence: number; notes?: string }): Promise<number> {
  const group = await db.selectFrom('org_group').select('code').where('code', '=', p.groupCode).executeTakeFirst();
  if (!group) throw new HttpError(422, 'unknown_group', `There is no group ${p.groupCode}.`, [{ field: 'body.groupCode', message: 'is not a known group' }]);
  return db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('reinvestment_proposal').values({
      year: p.year, group_code: p.groupCode, title: p.title, amount_pence: p.amountPence, notes: p.notes ?? '', proposed_by: actor,
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, { actor, action: 'budget.reinvestment.propose', entityType: 'reinvestment_proposal', entityId: String(row.id), details: { ...p } });
    return row.id;
  });
}

/**
 * Approves or rejects a proposal. Approval needs the group's savings to cover it: approved
 * proposals may not add up to more than what the group may reinvest (409 otherwise).
 */
export async function decideProposal(db: Db, actor: string, id: number, d: { decision: 'approved' | 'rejected'; notes?: string }): Promise<void> {
  const proposal = await db.selectFrom('reinvestment_proposal').selectAll().where('id', '=', id).executeTakeFirst();
  if (!proposal) throw notFound('The reinvestment proposal');
  if (proposal.status !== 'proposed') throw new HttpError(409, 'already_decided', `This proposal was ${proposal.status} already.`);
  if (d.decision === 'approved') {
    const report = await savingsReport(db, { year: proposal.year });
    const group = report.groups.find((g) => g.groupCode === proposal.group_code);
    const headroom = group?.headroomPence ?? 0;
    if (Number(proposal.amount_pence) > headroom) {
      throw new HttpError(409, 'exceeds_savings', `The group’s savings available to reinvest are ${(headroom / 100).toFixed(2)} pounds (after proposals already approved): not enough for this proposal.`);
    }
  }
  await db.transaction().execute(async (tx) => {
    const updated = await tx.updateTable('reinvestment_proposal').set({ status: d.decision, decided_by: actor, decided_at: new Date(), ...(d.notes !== undefined && { notes: d.notes }) })
      .where('id', '=', id).where('status', '=', 'proposed').returning('id').executeTakeFirst();
    if (!updated) throw new HttpError(409, 'already_decided', 'This proposal was decided by someone else just now.');
    await recordAudit(tx, { actor, action: `budget.reinvestment.${d.decision === 'approved' ? 'approve' : 'reject'}`, entityType: 'reinvestment_proposal', entityId: String(id), details: { amountPence: Number(proposal.amount_pence), groupCode: proposal.group_code, notes: d.notes ?? null } });
  });
}
