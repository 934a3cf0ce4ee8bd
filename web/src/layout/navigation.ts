/** The primary navigation, built from what the signed-in user may do. */
import type { Me } from '../api/types.js';

export interface NavItem { to: string; text: string; permission?: string }

const ITEMS: NavItem[] = [
  { to: '/', text: 'Home' },
  { to: '/organisations', text: 'Organisations', permission: 'org.read' },
  { to: '/providers', text: 'Providers', permission: 'org.read' },
  { to: '/import', text: 'Import data', permission: 'org.import' },
  { to: '/tokens', text: 'API tokens', permission: 'tokens.create' },
];

export function navigationFor(me: Me): NavItem[] {
  return ITEMS.filter((item) => !item.permission || me.permissions.includes(item.permission));
}

/** Home is current only on /; other items also on the pages below them. */
export function isCurrent(item: NavItem, pathname: string): boolean {
  if (item.to === '/') return pathname === '/';
  return pathname === item.to || pathname.startsWith(`${item.to}/`);
}
