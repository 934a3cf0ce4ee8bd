/**
 * User-defined groupings of practices (issue 7, item 8): their kinds, who may see and change
 * them, and reading a pasted list of practice codes. Pure: the server asks these rules.
 *
 * Practice users see a shared grouping only as a size and whether their own practice is in it,
 * and keep no groupings of their own: benchmarking shows them peers under pseudonyms, and a
 * grouping whose members they chose would name those peers.
 */
import { can } from '../access/can.js';
import type { Actor } from '../access/roles.js';

export const GROUPING_KINDS = ['locality', 'federation', 'network', 'caseload', 'custom'] as const;
export type GroupingKind = (typeof GROUPING_KINDS)[number];

export const GROUPING_KIND_LABELS: Record<GroupingKind, string> = {
  locality: 'Locality',
  federation: 'Federation',
  network: 'Primary care network',
  caseload: 'Reviewer’s caseload',
  custom: 'Other grouping',
};

export const MAX_GROUPING_NAME = 200;
/** More codes than any commissioner has practices; a guard against pasting a whole spreadsheet. */
export const MAX_CODES = 10_000;

/** What the rules need to know of a grouping. */
export interface GroupingAccess { shared: boolean; ownerUserId: number | null }

/** Shared groupings are seen by everyone with insight.view; private ones by their owner only. */
export function maySeeGrouping(actor: Actor, grouping: GroupingAccess): boolean {
  if (!can(actor, 'insight.view')) return false;
  return grouping.shared || grouping.ownerUserId === actor.id;
}

/** Whether the actor sees which practices are members (a practice user never does). */
export const maySeeMembers = (actor: Actor): boolean => can(actor, 'insight.view') && actor.role !== 'practice';

/** Who may create a grouping: shared ones need grouping.manage; private ones insight.view, except practices. */
export function mayCreateGrouping(actor: Actor, shared: boolean): boolean {
  if (shared) return can(actor, 'grouping.manage');
  return can(actor, 'insight.view') && actor.role !== 'practice';
}

/** Rename, change members or delete: a private grouping's owner; a shared one's owner or grouping.manage. */
export function mayChangeGrouping(actor: Actor, grouping: GroupingAccess): boolean {
  if (!maySeeGrouping(actor, grouping) || actor.role === 'practice') return false;
  return grouping.ownerUserId === actor.id || (grouping.shared && can(actor, 'grouping.manage'));
}

const PRACTICE_CODE = /^[A-Z][0-9]{5}$/;
/** Column headings a spreadsheet's first cell may carry; skipped, not reported. */
const HEADINGS = new Set(['PRACTICE_CODE', 'PRACTICECODE', 'PRACTICE', 'CODE', 'ODS_CODE', 'ODSCODE', 'ODS']);

export interface ParsedCodes {
  /** well-formed codes, upper case, each once, in the order first given */
  codes: string[];
  /** tokens that are not practice codes, as given, each once */
  malformed: string[];
}

/**
 * Reads practice codes pasted from anywhere (a column copied from Excel, a CSV line, a list typed
 * by hand): separated by commas, semicolons, spaces, tabs or new lines; quotes stripped; lower
 * case accepted; a heading such as "practice_code" first is skipped; repeats count once.
 */
export function parsePracticeCodes(text: string): ParsedCodes {
  const tokens = text.split(/[\s,;]+/).map((t) => t.replace(/^["']+|["']+$/g, '').trim()).filter(Boolean);
  const codes = new Set<string>();
  const malformed = new Set<string>();
  tokens.forEach((token, index) => {
    const code = token.toUpperCase();
    if (index === 0 && HEADINGS.has(code)) return;
    if (PRACTICE_CODE.test(code)) codes.add(code);
    else malformed.add(token);
  });
  return { codes: [...codes], malformed: [...malformed] };
}
