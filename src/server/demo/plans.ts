/**
 * The demo's commissioning plans (issue 6, PLAN-1): for every group, its plan for the year,
 * started from the template in force (through the real service, audited) with every text section
 * written — seed 004's DacCom answers where the seed has them (the three service changes of 4.2,
 * the commissioner's support team of 3.2), plausible answers elsewhere, and a table of live
 * figures in 4.4. The plans stay drafts, ready for business cases, milestones and sign-off.
 *
 * Idempotent: a group that already has a plan for the year keeps it exactly as it is.
 */
import type { Db } from '../../db/database.js';
import { startPlan } from '../plans/plans.js';

/** Section key → the demo's answer (Markdown; tokens like {{budget_total}} are live figures). */
export const DEMO_PLAN_ANSWERS: Record<string, string> = {
  '2.3': '| Area | Lead |\n|---|---|\n| Clinical leads | The executive committee’s GP members, one per workstream |\n| Managerial leads | The company secretary and the finance director |',
  '3.1': 'Half a day a week of a commissioning manager, monthly activity and budget reports from the information team, and finance support when the budget is set and at each quarter’s review.',
  '3.2': '| Role | Support |\n|---|---|\n| Head of primary care commissioning | Leads the commissioner’s team |\n| Commissioning manager | Unscheduled care |\n| Commissioning manager | Scheduled care |\n| Information analyst | Data and information |',
  '4.1': 'Maximum waits from referral to treatment are met for every specialty we commission; two-week-wait referrals are seen within two weeks. We agree the targets with the commissioner each year against the national operating framework and report on them quarterly.',
  '4.2': [
    'Outline of the proposed service changes (each has an outline business case in the appendices):',
    '',
    '1. **Reducing A&E attendances**: GPs as the first point of contact for walk-in A&E attendances.',
    '2. **Reducing admissions of “frequent fliers”**: identifying patients with repeated admissions (mostly COPD, heart failure and falls), about one per GP to start, with nurse, physiotherapy and occupational therapy assessments and self-management plans.',
    '3. **Improving outpatient efficiency**: fewer hospital follow-ups, more in primary care, starting with orthopaedics, rheumatology, dermatology and ENT, with rapid access to consultants.',
    '',
    'Evidence: trials show GPs triage with fewer investigations and faster turnaround; models presented locally show admissions avoided by case management. Each change addresses the commissioner’s priorities for urgent care and elective capacity.',
  ].join('\n'),
  '4.3': 'New pathways are agreed at the locality meeting and published on the consortium’s intranet; referrals go through the referral gateway, which checks each against the pathway. Each practice receives a monthly report of its referrals against the pathways, discussed at the practice’s visit.',
  '4.4': [
    'The consortium will hold its budget and deliver savings by the changes in 4.2.',
    '',
    '| Figure | Value |',
    '|---|---|',
    '| Budget for the year | {{budget_total}} |',
    '| Fair share by weighted capitation | {{fair_share_total}} |',
    '| Forecast outturn | {{forecast_outturn}} |',
    '| Savings target (business cases, year 1) | {{savings_target}} |',
  ].join('\n'),
  '4.5': 'A practice-based diabetes review clinic and a shared anticoagulation service across the locality, agreed with the commissioner at the joint committee.',
  '5.1': 'Budgets are set from last year’s spend moved toward each practice’s fair share at the agreed pace of change, with a floor so no practice loses more than the agreed percentage. Variations in the year follow agreed service changes and are recorded in the hub.',
  '5.2': 'Overspends and underspends are shared across the group’s practices; costs of patients above the high-cost threshold are met from the risk pool held back from the budgets. The board reviews the position monthly and reports to the joint committee quarterly.',
  '5.3': 'Fair shares are set by weighted capitation on the registered population ({{registered_patients}} patients in {{practices}} practices). This year the group’s budget stands {{budget_vs_fair_share_percent}} against its fair share of {{fair_share_total}}.',
  '5.4': 'a) Financial: the savings from reduced A&E attendances and outpatient follow-ups. b) Human resources: practice nurses’ time freed by the self-management plans. c) Other resources: shared clinic rooms in two practices.',
  '5.5': 'Up-front costs are met from the commissioning allowance and repaid from the first year’s freed-up resources, as each business case sets out.',
  '6.1': 'Capacity is planned with the providers each autumn from the activity monitoring; redesigned services start as pilots in two practices before rolling out across the group.',
  '6.2': 'Contracts are monitored monthly against plan in the hub, with challenges raised on duplicate and unbundled activity. Key indicators: A&E attendances per 1,000 patients, emergency admissions of the case-managed patients, and the new-to-follow-up ratio in the four specialties.',
  '7.1': 'Patients are seen closer to home by clinicians who know them, with more continuity and shorter waits for new outpatient appointments.',
  '7.2': 'Through the indicators in 6.2, a yearly patient survey and audits of the new pathways by the medical directors.',
  '7.3': 'The board oversees delivery; each service change has a GP lead and a practice manager lead. Practices release two clinical sessions a month for the work.',
  '7.4': 'Each practice agrees to the pathways and reporting in the inter-practice agreement; the medical directors review practices whose figures stand out, and the board acts on their findings.',
  '7.5': 'District nurses, health visitors, physiotherapists and pharmacists join the workstreams; providers’ clinicians are invited to each pathway’s design meetings.',
  '7.6': 'Through the practices’ patient participation groups, a locality patient panel and outreach to care homes and carers’ groups for those who are hard to reach.',
  '7.7': 'GPs may not take part in the A&E service (we will agree sessions in advance); activity may move rather than fall (we will watch for it in monitoring); hospital follow-ups must have a safety net of rapid access to consultants.',
  '7.8': 'Training in COPD and heart-failure management for practice nurses, and GP updates in the four outpatient specialties, with the hospital consultants.',
  '8.1': 'Through the monthly locality meetings, shared referral reports and peer review between practices, with the executive committee following up on the pathways’ use.',
  '8.2': 'Spirometry and self-management coaching for nurses; minor surgery and joint-injection updates for GPs providing the outpatient services.',
  '8.3': 'The consortium needs information support and a commissioning manager’s time. In the medium term it plans to take on community services and extend the outpatient model to more specialties.',
  '8.4': 'Every referral goes through the referral gateway and electronic booking; practices with low use get support from the referral centre.',
  '9.1': 'Efficiency gains come from the three service changes in 4.2; the forecast this year is {{savings_forecast}}.',
  '9.2': 'Savings are pooled across the group and reinvested through proposals the board approves within what the group may reinvest ({{reinvestable}}).',
  '9.3': '1. Extending the admission-avoidance nurse to every practice. 2. A community clinic for the outpatient follow-ups taken out of hospital.',
  'a4.4': '75% of the commissioning payments go direct to the practices; 25% is held by the commissioner to pay invoices the board approves. The funding covers the GP and nurse sessions of the service changes; additional work the commissioner asks for is funded separately.',
  'a4.5': 'The achievement payment is triggered by the milestones marked as triggering payment, not by savings achieved.',
};

/** Creates and writes the plan of the year for every group that has none; returns each group's plan id. */
export async function loadDemoPlans(db: Db, { year, actor }: { year: string; actor: string }): Promise<Record<string, number>> {
  const groups = await db.selectFrom('org_group').select('code').orderBy('code').execute();
  const plans: Record<string, number> = {};
  for (const { code } of groups) {
    const existing = await db.selectFrom('plan').select('id').where('group_code', '=', code).where('year', '=', year).executeTakeFirst();
    if (existing) {
      plans[code] = existing.id;
      continue;
    }
    const id = await startPlan(db, actor, { groupCode: code, year });
    const sections = await db.selectFrom('plan_section').select('key').where('plan_id', '=', id).where('kind', '=', 'text').execute();
    await db.transaction().execute(async (tx) => {
      for (const { key } of sections) {
        await tx.updateTable('plan_section').set({ body: DEMO_PLAN_ANSWERS[key] ?? 'To be agreed at the next board meeting.', revision: 1, updated_by: actor, updated_at: new Date() })
          .where('plan_id', '=', id).where('key', '=', key).execute();
      }
    });
    plans[code] = id;
  }
  return plans;
}
