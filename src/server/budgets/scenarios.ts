/**
 * Scenario modelling (FIN-10): what a reduction of N% in new outpatient attendances, follow-ups,
 * consultant-to-consultant first attendances and unplanned admissions is worth, per practice and
 * in total, priced from the year's in-area activity at tariff (../../domain/budgets/scenarios.ts).
 *
 * First attendances, follow-ups and non-elective admissions come through `activityCost` by
 * practice and point of delivery; the consultant-to-consultant part of first attendances is
 * counted from the lines themselves (the monthly totals have no referral source) and taken out of
 * the new outpatients, so the four measures do not overlap. A practice user sees its own practice,
 * its group's total and the commissioner's.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import {
  addScenarioRows, emptyMeasures, SCENARIO_MEASURE_LABELS, SCENARIO_MEASURES, scenarioValues, type PracticeActivity, type PracticeScenario, type ScenarioMeasure,
  type ScenarioRow,
} from '../../domain/budgets/scenarios.js';
import { activityCost } from '../activity/monitoring.js';

export interface PracticeScenarioRow extends PracticeScenario { practiceName: string; groupName: string }
export interface GroupScenarioRow extends ScenarioRow { groupCode: string; groupName: string; practices: number }

export interface ScenarioReport {
  year: string;
  percent: number;
  measures: { measure: ScenarioMeasure; label: string }[];
  practices: PracticeScenarioRow[];
  groups: GroupScenarioRow[];
  /** the commissioner's: every practice */
  total: ScenarioRow;
}

export async function scenarioReport(db: Db, q: { year: string; basisPoints: number; scopePractice?: string | null }): Promise<ScenarioReport> {
  const [costs, c2c, practices] = await Promise.all([
    activityCost(db, { year: q.year, inArea: true, pod: ['OPFA', 'OPFU', 'NEL'] }, ['practice', 'pod']),
    sql<{ practice_code: string; lines: number | string; cost: number | string | null }>`
      select practice_code, count(*) as lines, sum(tariff_price_pence) as cost from activity
      where year = ${q.year} and in_area and pod = 'OPFA' and referral_source = 'C2C' group by practice_code`.execute(db),
    db.selectFrom('practice as p').leftJoin('org_group as g', 'g.code', 'p.group_code').select(['p.code', 'p.name', 'p.group_code', 'g.name as group_name']).execute(),
  ]);
  const info = new Map(practices.map((p) => [p.code, p]));
  const activity = new Map<string, PracticeActivity>();
  const of = (code: string) => {
    let a = activity.get(code);
    if (!a) activity.set(code, (a = { code, groupCode: info.get(code)?.group_code ?? '', measures: emptyMeasures() }));
    return a;
  };
  for (const r of costs) {
    if (!info.has(r.practice!)) continue;
    const measure: ScenarioMeasure = r.pod === 'OPFA' ? 'new_outpatients' : r.pod === 'OPFU' ? 'follow_ups' : 'unplanned_admissions';
    const m = of(r.practice!).measures[measure];
    m.lines += r.lines;
    m.costPence += r.costPence;
  }
  for (const r of c2c.rows) {
    if (!info.has(r.practice_code)) continue;
    const a = of(r.practice_code);
    const lines = Number(r.lines);
    const cost = Number(r.cost ?? 0);
    a.measures.c2c_first = { lines, costPence: cost };
    a.measures.new_outpatients = { lines: a.measures.new_outpatients.lines - lines, costPence: a.measures.new_outpatients.costPence - cost };
  }
  const rows: PracticeScenarioRow[] = scenarioValues([...activity.values()], q.basisPoints).map((r) => ({
    ...r, practiceName: info.get(r.code)?.name ?? r.code, groupName: info.get(r.code)?.group_name ?? r.groupCode,
  })).sort((a, b) => a.groupCode.localeCompare(b.groupCode) || a.code.localeCompare(b.code));
  const groups: GroupScenarioRow[] = [...new Set(rows.map((r) => r.groupCode))].sort().map((g) => {
    const members = rows.filter((r) => r.groupCode === g);
    return { groupCode: g, groupName: members[0]!.groupName, practices: members.length, ...addScenarioRows(members) };
  });
  const own = q.scopePractice ? info.get(q.scopePractice)?.group_code ?? null : null;
  return {
    year: q.year, percent: q.basisPoints / 100,
    measures: SCENARIO_MEASURES.map((measure) => ({ measure, label: SCENARIO_MEASURE_LABELS[measure] })),
    practices: q.scopePractice ? rows.filter((r) => r.code === q.scopePractice) : rows,
    groups: q.scopePractice ? groups.filter((g) => g.groupCode === own) : groups,
    total: addScenarioRows(rows),
  };
}
