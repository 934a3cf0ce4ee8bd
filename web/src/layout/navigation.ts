/** The primary navigation, built from what the signed-in user may do. */
import type { Me } from '../api/types.js';

export interface NavItem {
  to: string;
  text: string;
  /** shown only to users with this permission… */
  permission?: string;
  /** …or with any one of these */
  anyOf?: string[];
  /** pages below `to` that belong to another item */
  exclude?: string[];
}

const ITEMS: NavItem[] = [
  { to: '/', text: 'Home' },
  { to: '/referrals/new', text: 'Refer a patient', permission: 'referral.submit' },
  { to: '/referrals/upload', text: 'Upload referrals', permission: 'referral.submit' },
  { to: '/referrals', text: 'Our referrals', permission: 'referral.submit', exclude: ['/referrals/new', '/referrals/upload'] },
  { to: '/worklists', text: 'Worklists', anyOf: ['referral.triage', 'referral.book'] },
  { to: '/organisations', text: 'Organisations', permission: 'org.read' },
  { to: '/providers', text: 'Providers', permission: 'org.read' },
  { to: '/pathways', text: 'Pathways', permission: 'org.read' },
  { to: '/activity', text: 'Activity', permission: 'activity.view' },
  { to: '/case-finding', text: 'Case finding', permission: 'casefinding.view' },
  { to: '/contracts', text: 'Contracts', permission: 'contract.read' },
  { to: '/challenges', text: 'Challenges', permission: 'activity.view' },
  { to: '/budgets', text: 'Budgets', permission: 'budget.view' },
  { to: '/allowances', text: 'Allowances', permission: 'budget.view' },
  { to: '/plans', text: 'Plans', permission: 'plan.read' },
  { to: '/portfolio', text: 'Portfolio', permission: 'plan.read' },
  { to: '/governance', text: 'Governance', permission: 'governance.read' },
  { to: '/dashboard', text: 'Dashboard', permission: 'insight.view' },
  { to: '/board-pack', text: 'Board pack', permission: 'contract.read' },
  { to: '/insight/compare', text: 'Compare practices', permission: 'insight.view' },
  { to: '/insight/alerts', text: 'Change alerts', permission: 'insight.view' },
  { to: '/reviewers/evidence', text: 'Reviewer evidence', permission: 'reviewer.evidence' },
  { to: '/insight/feedback-packs', text: 'Feedback packs', permission: 'pack.generate' },
  { to: '/ae-audits', text: 'A&E audits', anyOf: ['aeaudit.record', 'aeaudit.view'] },
  { to: '/import', text: 'Import data', anyOf: ['org.import', 'activity.import', 'budget.manage'] },
  { to: '/tokens', text: 'API tokens', permission: 'tokens.create' },
];

export function navigationFor(me: Me): NavItem[] {
  return ITEMS.filter((item) => {
    if (item.permission && !me.permissions.includes(item.permission)) return false;
    if (item.anyOf && !item.anyOf.some((p) => me.permissions.includes(p))) return false;
    return true;
  });
}

/** Home is current only on /; other items also on the pages below them (except those another item owns). */
export function isCurrent(item: NavItem, pathname: string): boolean {
  if (item.to === '/') return pathname === '/';
  if (item.exclude?.some((x) => pathname === x || pathname.startsWith(`${x}/`))) return false;
  return pathname === item.to || pathname.startsWith(`${item.to}/`);
}
