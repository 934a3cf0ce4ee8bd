/**
 * The delegation level of each function (ORG-4) in words, for the delegation table: which parties
 * must approve (delegation.ts decides) and what that means for the group's body holding it.
 */
import { PARTY_LABELS } from '../plans/parties.js';
import { CATEGORY_LABELS, DEFAULT_CATEGORY, approversNeeded, type DelegationCategory } from './delegation.js';

export const CATEGORIES = ['A', 'B', 'C'] as const satisfies readonly DelegationCategory[];

export const CATEGORY_MEANINGS: Record<DelegationCategory, string> = {
  A: 'The group recommends; the commissioner decides.',
  B: 'The group and the commissioner decide jointly: both must approve.',
  C: 'The group decides: the commissioner has delegated it.',
};

/** "Consortium and commissioner approve", from the parties the level needs. */
export function approverWords(category: DelegationCategory): string {
  const parties = approversNeeded(category).map((p) => PARTY_LABELS[p]);
  const names = parties.length > 1 ? `${parties.slice(0, -1).join(', ')} and ${parties.at(-1)!.toLowerCase()}` : parties[0]!;
  return `${names} ${parties.length > 1 ? 'approve' : 'approves'}`;
}

/** The level a function is held at: what was set, or the default (A) when nothing was. */
export const levelOf = (set: DelegationCategory | null | undefined): DelegationCategory => set ?? DEFAULT_CATEGORY;

export { CATEGORY_LABELS };
