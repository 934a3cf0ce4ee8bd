/**
 * The demo plan's business cases, milestones and roles (PLAN-2 to PLAN-4), and a group's project
 * portfolio (PLAN-6).
 *
 * Business cases: seed 004's three outline business plans (Appendices 1-3: reducing A&E
 * attendances, "frequent fliers", outpatient efficiency), their wording adapted from the
 * appendices (the figures the GPs asked the PCT for are filled in with plausible ones), each with
 * a simple financial model. Milestones: six "by [date] we will deliver [item]" in the plan's year,
 * two of them the success criteria that trigger the achievement payment (one delivered, one not,
 * so the incentive still waits). Roles and responsibilities: seed 004, Appendix 4 part 3.
 *
 * Portfolio: seed 000's pathway redesigns (community audiology, weight management, end of life,
 * stroke) with short, medium and long-term benefits and a few readings.
 *
 * Idempotent: what is there already (a case of the same title, any milestones or
 * responsibilities, a project of the same name) is left as it is. The plan must be a draft for
 * its content to be added (migration 0008's trigger); a plan already sent is left alone.
 * Written directly, and audited once per load.
 */
import type { Db } from '../../db/database.js';
import { financialMonthOf, startYearOf } from '../../domain/activity/financial-year.js';
import type { BenefitHorizon, BenefitStatus, MilestoneStatus, ProjectStatus } from '../../domain/plans/milestones.js';
import { recordAudit } from '../audit/audit-log.js';

interface DemoCase {
  title: string;
  status: 'idea' | 'proposed' | 'approved';
  outline: string;
  benefitToPatients: string;
  patientsMin: number | null;
  patientsMax: number | null;
  patientsNote: string;
  evidenceOfEffectiveness: string;
  patientSupport: string;
  stakeholderSupport: string;
  costs: string;
  upfrontInvestmentPence: number;
  freedResources: string;
  freedResourcesTimescale: string;
  linksToPriorities: string;
  risks: string;
  /** [cost, released] per year, pence */
  years: [number, number][];
}

export const DEMO_CASES: DemoCase[] = [
  {
    title: 'Reducing A&E attendances',
    status: 'proposed',
    outline: 'GPs to be the first point of contact for walk-in A&E attendances, seeing and treating the patients who would be better served in general practice.',
    benefitToPatients: 'Quicker turnaround of patients in A&E.\n\nEducation of patients about problems that should present to their GP rather than A&E.',
    patientsMin: 6000,
    patientsMax: 12000,
    patientsNote: 'Walk-in attendances a year that a GP could see; the trust’s figures to confirm.',
    evidenceOfEffectiveness: 'Many trials have shown that GPs are more effective at triage and use significantly fewer investigations, with a resulting faster turnover of patients.',
    patientSupport: 'Feedback to be gathered from patients seen by the GP in A&E; the benefits should be plain to them.',
    stakeholderSupport: 'Presented to the consortium’s executive; to be discussed with the trust’s emergency department.',
    costs: 'GP sessions in A&E (four a week) and a room to work in, fitted out once.',
    upfrontInvestmentPence: 1_500_000,
    freedResources: 'Faster and more appropriate turnaround of patients in A&E, so potentially serious cases can be dealt with more efficiently; fewer A&E attendances charged at tariff.',
    freedResourcesTimescale: 'From the second quarter of the first year',
    linksToPriorities: 'Fits the four-hour A&E target and the local urgent care strategy.',
    risks: 'Whether enough GPs, especially local ones, are willing to take part. Could be run with the out-of-hours provider, though more people have attended or been referred to A&E since its service changed.',
    years: [[4_200_000, 4_800_000], [4_300_000, 6_400_000], [4_400_000, 6_600_000]],
  },
  {
    title: 'Reducing admissions of “frequent fliers”',
    status: 'approved',
    outline: 'Identify patients who need multiple admissions to secondary care: most have COPD, but a significant number have heart failure or have fallen. Start with about one per GP and look for ways to prevent their admissions: nurse, physiotherapy and occupational therapy assessments and self-management plans. Secondary care and other primary care providers (pharmacies) to identify them when they make contact. GPs make excellent care managers and this ensures continuity.',
    benefitToPatients: 'Potentially less time in hospital, and greater self-esteem and independence through self-management.\n\nLess exposure to hospital-acquired infection.',
    patientsMin: 40,
    patientsMax: 120,
    patientsNote: 'Start with one per GP; the case finding report lists the candidates.',
    evidenceOfEffectiveness: 'Based on other models presented at the Hatfield event and the “quick fix” booklet.',
    patientSupport: 'From the examples above; local feedback still to be gathered.',
    stakeholderSupport: 'Secondary care physicians to be involved; has the support of the consortium’s GPs.',
    costs: 'Practice nurse time (rather than locality-wide matrons), liaison with the respiratory nurse specialist, portable spirometers and pulse oximeters, physiotherapy and OT time.',
    upfrontInvestmentPence: 800_000,
    freedResources: 'An emergency admission costs about £2,500 at tariff, often with a long stay: preventing 10 a year is significant.',
    freedResourcesTimescale: 'Within the first year',
    linksToPriorities: 'Fits the national long-term conditions agenda and the local admissions target.',
    risks: 'Other projects suggest small initial investments are more than outweighed by later savings. Risk to patients is minimal: hospital remains the back-up.',
    years: [[1_800_000, 2_500_000], [1_800_000, 3_000_000], [1_800_000, 3_000_000]],
  },
  {
    title: 'Improving outpatient efficiency',
    status: 'idea',
    outline: 'Fewer hospital outpatient follow-ups, with more of them in primary care: orthopaedics, rheumatology, dermatology and ENT first, extending to most specialties with guidelines and rapid access to consultants. Closer liaison with consultants so that they act as referral managers when they read the referral letter.',
    benefitToPatients: 'A local appointment with their own GP and better continuity than hospitals often give.\n\nBetter access for new referrals, and education for GPs.',
    patientsMin: null,
    patientsMax: null,
    patientsNote: 'Figures needed from the commissioner, to be validated by the GPs.',
    evidenceOfEffectiveness: 'No hard evidence yet, but the benefits are plain.',
    patientSupport: 'To be discussed with the patient representative; patients often comment on the lack of continuity and decision making.',
    stakeholderSupport: 'The consortium acts as a unit with input from all members; plans published and presented at locality meetings. Members and executives to meet each hospital on the patch.',
    costs: 'Administration of validating follow-ups funded by the DES; extra GP time to be negotiated from Payment by Results with the commissioner and the trusts.',
    upfrontInvestmentPence: 0,
    freedResources: 'Shorter waits for new outpatient appointments, and potential savings on follow-ups.',
    freedResourcesTimescale: 'Over two years',
    linksToPriorities: 'Fits both the 18-week referral-to-treatment target and local priorities.',
    risks: 'Outpatient letters must set out the follow-up plan (“will review in x months with a view to …”) so each GP can decide whether to do it in primary care. Rapid access to consultant clinics or telephone advice is the fail-safe.',
    years: [[600_000, 400_000], [600_000, 1_500_000]],
  },
];

/** Milestones: [month offset from 1 April of the plan's year, day, deliverable, owner, case index, triggers payment, status, evidence]. */
const DEMO_MILESTONES: [number, number, string, string, number | null, boolean, MilestoneStatus, string][] = [
  [2, 30, 'The register of patients with repeated emergency admissions, one per GP', 'Practice leads', 1, true, 'delivered', 'Register of 42 patients agreed at the June board'],
  [3, 31, 'Self-management plans for every patient on the register', 'Practice nurses', 1, false, 'in_progress', ''],
  [5, 30, 'A GP in A&E four sessions a week', 'Clinical lead, unscheduled care', 0, true, 'in_progress', ''],
  [6, 31, 'Agreed follow-up guidelines for orthopaedics and dermatology', 'Clinical lead, scheduled care', 2, false, 'not_started', ''],
  [8, 31, 'A quarterly report of A&E attendances per practice to the board', 'Data and information support', 0, false, 'not_started', ''],
  [11, 31, 'A review of the year’s business cases against their models', 'Executive committee', null, false, 'not_started', ''],
];

/** Seed 004, Appendix 4 part 3 (with the seed's principles for what each party does). */
export const DEMO_RESPONSIBILITIES: Record<'commissioner' | 'consortium' | 'practices', string[]> = {
  commissioner: [
    'Name the managers who support the consortium (the commissioner’s support team)',
    'Set indicative budgets toward fair shares and send monthly activity and spend information',
    'Hold 25% of DES payments and pay the invoices the consortium approves',
    'Tender for the services the consortium identifies as priorities',
  ],
  consortium: [
    'Manage demand and monitor patients’ activity and providers’ performance',
    'Approve invoices against the held DES funds',
    'Agree inter-practice agreements where practices re-provide services as a group',
    'Report progress against the milestones to the commissioner each quarter',
  ],
  practices: [
    'Take part in locality meetings and the council',
    'Use the agreed referral pathways and the referral gateway',
    'Hold and manage the indicative budget, prescribing included',
    'Validate outpatient follow-ups and take on those that can be done in primary care',
  ],
};

export interface DemoPlanCasesSummary { cases: number; milestones: number; responsibilities: number; skipped: string | null }

const isoDay = (year: number, month0: number, day: number) => {
  const d = new Date(Date.UTC(year, month0, day));
  return d.toISOString().slice(0, 10);
};

export async function loadDemoPlanCases(db: Db, planId: number, actor: string): Promise<DemoPlanCasesSummary> {
  const plan = await db.selectFrom('plan').select(['id', 'year', 'status']).where('id', '=', planId).executeTakeFirst();
  if (!plan) throw new Error(`There is no plan ${planId}.`);
  if (plan.status !== 'draft') return { cases: 0, milestones: 0, responsibilities: 0, skipped: `the plan is ${plan.status}` };
  const start = startYearOf(plan.year);
  const users = await db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', ['commissioner', 'chief-exec']).execute();
  const approver = users.find((u) => u.username === 'commissioner') ?? users[0];

  return db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('business_case').select(['id', 'title']).where('plan_id', '=', planId).execute();
    const caseIds: number[] = [];
    let cases = 0;
    for (const [i, c] of DEMO_CASES.entries()) {
      const found = existing.find((e) => e.title === c.title);
      if (found) {
        caseIds.push(found.id);
        continue;
      }
      // An approved case needs its approval: without the demo commissioner, it stays proposed.
      const status = c.status === 'approved' && !approver ? 'proposed' : c.status;
      const row = await tx.insertInto('business_case').values({
        plan_id: planId, title: c.title, outline: c.outline, benefit_to_patients: c.benefitToPatients, patients_min: c.patientsMin, patients_max: c.patientsMax,
        patients_note: c.patientsNote, evidence_of_effectiveness: c.evidenceOfEffectiveness, patient_support: c.patientSupport, stakeholder_support: c.stakeholderSupport,
        costs: c.costs, upfront_investment_pence: c.upfrontInvestmentPence, freed_resources: c.freedResources, freed_resources_timescale: c.freedResourcesTimescale,
        links_to_priorities: c.linksToPriorities, risks: c.risks, status, sort_order: i + 1, created_by: actor, updated_by: actor,
      }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('business_case_year').values(c.years.map(([cost, released], y) => ({ business_case_id: row.id, year_index: y + 1, cost_pence: cost, released_pence: released }))).execute();
      if (status === 'approved' && approver) {
        await tx.insertInto('business_case_approval').values({ business_case_id: row.id, party: 'commissioner', user_id: approver.id, note: 'Agreed at the joint commissioning committee' }).execute();
      }
      caseIds.push(row.id);
      cases++;
    }

    let milestones = 0;
    const anyMilestone = await tx.selectFrom('milestone').select('id').where('plan_id', '=', planId).limit(1).executeTakeFirst();
    if (!anyMilestone) {
      await tx.insertInto('milestone').values(DEMO_MILESTONES.map(([offset, day, deliverable, owner, caseIndex, triggersPayment, status, evidence], i) => ({
        plan_id: planId, due_on: isoDay(start, 3 + offset, day), deliverable, owner, business_case_id: caseIndex === null ? null : caseIds[caseIndex]!,
        triggers_payment: triggersPayment, status, evidence, sort_order: i + 1, updated_by: actor,
      }))).execute();
      milestones = DEMO_MILESTONES.length;
    }

    let responsibilities = 0;
    const anyResponsibility = await tx.selectFrom('plan_responsibility').select('id').where('plan_id', '=', planId).limit(1).executeTakeFirst();
    if (!anyResponsibility) {
      const rows = (['commissioner', 'consortium', 'practices'] as const).flatMap((party) => DEMO_RESPONSIBILITIES[party].map((text, i) => ({ plan_id: planId, party, text, sort_order: i + 1 })));
      await tx.insertInto('plan_responsibility').values(rows).execute();
      responsibilities = rows.length;
    }

    if (cases || milestones || responsibilities) {
      await recordAudit(tx, { actor, action: 'demo.plan_cases', entityType: 'plan', entityId: String(planId), details: { cases, milestones, responsibilities } });
    }
    return { cases, milestones, responsibilities, skipped: null };
  });
}

// ── Portfolio ───────────────────────────────────────────────────────────────────────────────────

interface DemoProject {
  name: string;
  description: string;
  lead: string;
  status: ProjectStatus;
  /** [horizon, description, measure, baseline, target, due (months from 1 April this year), status, readings: [months from 1 April, value, note][]] */
  benefits: [BenefitHorizon, string, string, string, string, number, BenefitStatus, [number, string, string][]][];
}

export const DEMO_PROJECTS: DemoProject[] = [
  {
    name: 'Community audiology',
    description: 'Hearing tests and hearing-aid fitting for adults over 55 in community clinics, instead of hospital ENT outpatients.',
    lead: 'Dr Meena Savla', status: 'active',
    benefits: [
      ['short', 'Shorter waits for a hearing test', 'Median wait (weeks)', '14', '6', 6, 'on_track', [[2, '12', 'First clinic open'], [4, '9', '']]],
      ['medium', 'Fewer ENT outpatient referrals for hearing loss', 'Referrals a quarter', '310', '200', 18, 'expected', [[3, '295', 'Q1']]],
      ['long', 'Hearing aids fitted and reviewed locally for every patient who needs one', 'Share fitted in the community', '0%', '90%', 36, 'expected', []],
    ],
  },
  {
    name: 'Weight management',
    description: 'A tiered weight management service: practice advice, a community programme, and specialist referral for bariatric surgery only after it.',
    lead: 'Dr Corina Ciobanu', status: 'active',
    benefits: [
      ['short', 'Patients with a BMI over 30 offered the community programme', 'Patients offered', '0', '400', 3, 'at_risk', [[2, '120', 'Slow start in two practices']]],
      ['medium', 'Patients losing 5% of their weight at 12 months', 'Share of completers', '—', '30%', 15, 'expected', []],
      ['long', 'Fewer bariatric surgery referrals', 'Referrals a year', '48', '30', 30, 'expected', []],
    ],
  },
  {
    name: 'End of life care',
    description: 'A register of patients in their last year of life, with advance care plans and a coordinated out-of-hours response.',
    lead: 'Dr Richard Gallow', status: 'proposed',
    benefits: [
      ['short', 'Palliative care registers in every practice', 'Practices with a register', '8', 'All', 2, 'realised', [[1, 'All', 'Confirmed at the council']]],
      ['medium', 'Patients dying in their preferred place', 'Share of deaths', '45%', '65%', 12, 'expected', []],
      ['long', 'Fewer emergency admissions in the last 90 days of life', 'Admissions per death', '1.8', '1.2', 36, 'expected', []],
    ],
  },
  {
    name: 'Stroke pathways',
    description: 'Rapid access to TIA clinics, and early supported discharge with community rehabilitation after a stroke.',
    lead: 'Dr Trevor Fernandes', status: 'active',
    benefits: [
      ['short', 'High-risk TIA patients seen within 24 hours', 'Share seen within 24 hours', '52%', '80%', -1, 'on_track', [[-2, '61%', ''], [1, '68%', 'Weekend clinic added']]],
      ['medium', 'Shorter hospital stays after a stroke', 'Mean length of stay (days)', '24', '16', 12, 'expected', []],
      ['long', 'More stroke survivors living independently at six months', 'Share at home at six months', '60%', '70%', 36, 'expected', []],
    ],
  },
];

export interface DemoPortfolioSummary { projects: number; benefits: number; readings: number }

/** The last day of the month `months` after April of the financial year starting in startYear (negative: before it). */
const monthsFromApril = (startYear: number, months: number) => isoDay(startYear, 3 + months + 1, 0);

export async function loadDemoPortfolio(db: Db, groupCode: string, actor: string, today = new Date().toISOString().slice(0, 10)): Promise<DemoPortfolioSummary> {
  const start = startYearOf(financialMonthOf(today).year);
  return db.transaction().execute(async (tx) => {
    let projects = 0;
    let benefits = 0;
    let readings = 0;
    for (const p of DEMO_PROJECTS) {
      const row = await tx.insertInto('project').values({
        group_code: groupCode, name: p.name, description: p.description, lead: p.lead, status: p.status,
        started_on: p.status === 'proposed' ? null : `${start}-04-01`, created_by: actor,
      }).onConflict((oc) => oc.columns(['group_code', 'name']).doNothing()).returning('id').executeTakeFirst();
      if (!row) continue; // there already: left as it is
      projects++;
      for (const [i, [horizon, description, measure, baseline, target, due, status, reads]] of p.benefits.entries()) {
        const benefit = await tx.insertInto('project_benefit').values({
          project_id: row.id, horizon, description, measure, baseline, target, due_on: monthsFromApril(start, due), status, sort_order: i + 1,
        }).returning('id').executeTakeFirstOrThrow();
        benefits++;
        const past = reads.map(([m, value, note]) => ({ benefit_id: benefit.id, recorded_on: monthsFromApril(start, m), value, note, recorded_by: actor })).filter((r) => r.recorded_on <= today);
        if (past.length) await tx.insertInto('benefit_update').values(past).execute();
        readings += past.length;
      }
    }
    if (projects) await recordAudit(tx, { actor, action: 'demo.portfolio', entityType: 'group', entityId: groupCode, details: { projects, benefits, readings } });
    return { projects, benefits, readings };
  });
}
