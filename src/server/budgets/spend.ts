/**
 * A practice's spend on a budget service line, by month: its in-area priced activity at the line's
 * points of delivery (and the specialties in the setting's scope), read through `activityCost`
 * (../activity/monitoring.ts, the one query budgets read activity spend through), plus what
 * `other_spend` records for the line (prescribing, community, mental health, adjustments).
 * Unpriced lines have no cost and are counted beside it, as everywhere else.
 */
import type { Db } from '../../db/database.js';
import { MONTHS_IN_YEAR } from '../../domain/activity/monitoring.js';
import { SERVICE_LINE_PODS, type ServiceLine } from '../../domain/budgets/service-lines.js';
import { activityCost } from '../activity/monitoring.js';

export interface SpendQuery {
  year: string;
  serviceLine: ServiceLine;
  /** treatment function codes in scope; null = every specialty */
  tfcs: readonly string[] | null;
  /** only these practices (default: every practice) */
  practices?: readonly string[];
}

export interface PracticeSpend {
  /** April first, pence: activity + other spend */
  byMonth: number[];
  activityPence: number;
  otherPence: number;
  /** April first: other spend (in byMonth), and lines with no tariff price (not in it) */
  otherByMonth: number[];
  unpricedByMonth: number[];
}

const zeros = () => Array.from({ length: MONTHS_IN_YEAR }, () => 0);

/** Spend by practice and month (practices with none are absent). */
export async function serviceLineSpend(db: Db, q: SpendQuery): Promise<Map<string, PracticeSpend>> {
  const pods = SERVICE_LINE_PODS[q.serviceLine];
  const [activity, other] = await Promise.all([
    pods.length
      ? activityCost(db, { year: q.year, pod: pods, tfc: q.tfcs ?? undefined, practice: q.practices, inArea: true }, ['practice', 'month'])
      : Promise.resolve([]),
    (q.practices && !q.practices.length) ? Promise.resolve([]) : db.selectFrom('other_spend').select(['practice_code', 'month', 'amount_pence'])
      .where('year', '=', q.year).where('service_line', '=', q.serviceLine)
      .$if(q.practices !== undefined, (b) => b.where('practice_code', 'in', [...q.practices!]))
      .execute(),
  ]);
  const spend = new Map<string, PracticeSpend>();
  const of = (code: string) => {
    let s = spend.get(code);
    if (!s) spend.set(code, (s = { byMonth: zeros(), activityPence: 0, otherPence: 0, otherByMonth: zeros(), unpricedByMonth: zeros() }));
    return s;
  };
  for (const row of activity) {
    const s = of(row.practice!);
    s.byMonth[row.month! - 1]! += row.costPence;
    s.activityPence += row.costPence;
    s.unpricedByMonth[row.month! - 1]! += row.unpricedLines;
  }
  for (const row of other) {
    const s = of(row.practice_code);
    s.byMonth[row.month - 1]! += Number(row.amount_pence);
    s.otherPence += Number(row.amount_pence);
    s.otherByMonth[row.month - 1]! += Number(row.amount_pence);
  }
  return spend;
}
