/**
 * The one place that decides who may do what (INFO-4). Routes ask `can(actor, action, resource)`
 * and queries for practice users are narrowed with `practiceScope(actor)`.
 * Pure: no I/O, so every rule is unit-tested in a table.
 */
import type { Actor, Role } from './roles.js';

export const ACTIONS = [
  'org.read', // organisations, practices, providers, populations
  'org.import', // load practices / providers / population files
  'users.manage', // create accounts, see all users
  'tokens.create', // create a personal API token for oneself
  'audit.read', // read and verify the audit log
  'patient.view', // see patient-identifiable data (referrals in full)
  'referral.submit', // send a referral for a practice
  'referral.triage', // GP reviewer decisions
  'referral.book', // referral-centre booking support
  'pathway.manage', // edit pathways, community services, prior-approval list
  'activity.import', // load tariff and providers' activity returns
  'activity.view', // activity, cost and contract monitoring (pseudonymised; a practice sees its own)
  'contract.read', // contracts and monitoring against their plans (the commissioner's business, not practices')
  'contract.manage', // enter and vary contracts
  'challenge.manage', // accept, withdraw or agree challenges
  'casefinding.view', // patients with repeated emergency admissions (a practice: its own, re-identified)
  'budget.view', // fair shares, budgets, spend against them, allowances (a practice sees its own)
  'budget.manage', // weights, budget settings and drafts, variations, allowance schemes and evidence, running costs
  'budget.publish', // publish a reviewed budget (a new version; never edited in place)
  'invoice.submit', // enter an invoice against the held 25% of DES payments
  'invoice.approve', // the consortium's approval of such an invoice
  'plan.read', // commissioning plans, business cases, milestones, portfolio (a practice: its own group's)
  'plan.edit', // write plan sections (each section says which party completes it), business cases, milestones
  'plan.manage', // start a plan, send a version for sign-off, withdraw it, start a new version, name signatories
  'plan.template', // change the plan template for next year
  'plan.sign', // sign a plan version (also needs to hold the signatory role for the group)
  'case.approve', // approve a business case for one's party, as the delegation level requires
  'milestone.track', // record milestone status and evidence, project benefits and their readings
  'governance.read', // bodies, members, meetings, delegation, declarations of interest, decisions
  'governance.manage', // keep bodies, members, meetings and delegation levels; record others' declarations
  'interest.declare', // declare one's own interests
  'decision.record', // record a decision and its votes
  'insight.view', // rates, funnel plots, trends and dashboards (a practice: its own figures, peers as rates under pseudonyms)
  'measure.manage', // add or version a measure definition
  'grouping.manage', // define shared groupings of practices (anyone with insight.view may keep private ones)
  'aeaudit.record', // a practice's A&E audit sheets
  'aeaudit.view', // A&E audit summaries (a practice: its own, re-identified)
  'feedback.give', // a practice's feedback on a reviewer's decision about its referral
  'reviewer.evidence', // a reviewer's revalidation evidence (a reviewer: their own)
  'pack.generate', // run the monthly feedback packs and the board pack
] as const;
export type Action = (typeof ACTIONS)[number];

/** What the action is about; `practiceCode` ties a record to one practice. */
export interface Resource { practiceCode?: string | null }

const GRANTS: Record<Action, readonly Role[]> = {
  'org.read': ['admin', 'commissioner', 'finance', 'reviewer', 'booking', 'board', 'practice'],
  'org.import': ['admin', 'commissioner'],
  'users.manage': ['admin'],
  'tokens.create': ['admin', 'commissioner', 'finance', 'reviewer', 'booking', 'board', 'practice'],
  'audit.read': ['admin'],
  // Identifiable data: the people who handle referrals, and a practice for its own patients.
  'patient.view': ['reviewer', 'booking', 'practice'],
  'referral.submit': ['practice'],
  'referral.triage': ['reviewer'],
  'referral.book': ['booking'],
  'pathway.manage': ['admin', 'commissioner'],
  'activity.import': ['admin', 'commissioner', 'finance'],
  'activity.view': ['admin', 'commissioner', 'finance', 'board', 'practice'],
  'contract.read': ['admin', 'commissioner', 'finance', 'board'],
  'contract.manage': ['commissioner', 'finance'],
  'challenge.manage': ['commissioner', 'finance'],
  'casefinding.view': ['commissioner', 'practice'],
  'budget.view': ['admin', 'commissioner', 'finance', 'board', 'practice'],
  'budget.manage': ['commissioner', 'finance'],
  'budget.publish': ['finance'],
  'invoice.submit': ['finance', 'practice'],
  'invoice.approve': ['board'],
  // Plans: the consortium (board, practices) and the commissioner (commissioning, finance) each
  // complete their own sections (src/domain/plans/parties.ts decides which).
  'plan.read': ['admin', 'commissioner', 'finance', 'board', 'practice'],
  'plan.edit': ['commissioner', 'finance', 'board', 'practice'],
  'plan.manage': ['commissioner', 'board'],
  'plan.template': ['admin'],
  'plan.sign': ['commissioner', 'board'],
  'case.approve': ['commissioner', 'board'],
  'milestone.track': ['commissioner', 'board'],
  'governance.read': ['admin', 'commissioner', 'finance', 'reviewer', 'booking', 'board', 'practice'],
  'governance.manage': ['admin', 'commissioner', 'board'],
  'interest.declare': ['admin', 'commissioner', 'finance', 'reviewer', 'booking', 'board', 'practice'],
  'decision.record': ['commissioner', 'board'],
  'insight.view': ['admin', 'commissioner', 'finance', 'reviewer', 'board', 'practice'],
  'measure.manage': ['commissioner'],
  'grouping.manage': ['admin', 'commissioner'],
  'aeaudit.record': ['practice'],
  'aeaudit.view': ['commissioner', 'board', 'practice'],
  'feedback.give': ['practice'],
  'reviewer.evidence': ['reviewer', 'commissioner'],
  'pack.generate': ['commissioner', 'finance'],
};

export function can(actor: Actor | null, action: Action, resource: Resource = {}): boolean {
  if (!actor) return false;
  if (!GRANTS[action].includes(actor.role)) return false;
  // A practice user acts only on its own practice's records.
  if (actor.role === 'practice' && resource.practiceCode !== undefined) {
    return resource.practiceCode === actor.practiceCode;
  }
  return true;
}

/** The practice a query must be narrowed to, or null when the actor may see every practice. */
export function practiceScope(actor: Actor): string | null {
  return actor.role === 'practice' ? actor.practiceCode : null;
}
