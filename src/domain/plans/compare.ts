/**
 * Comparing two versions of a plan (PLAN-5): section by section (by key) unchanged, changed,
 * added or removed, with a word-level diff of what changed; and the business cases and milestones
 * (by id) added, removed or changed, naming what changed. Pure: it reads two PlanSnapshots.
 */
import { diffWords } from 'diff';
import type { PlanSnapshot, SnapshotBusinessCase, SnapshotMilestone, SnapshotSection } from './snapshot.js';

export type ChangeKind = 'unchanged' | 'changed' | 'added' | 'removed';

/** A run of text: in both versions, only in the later one (added) or only in the earlier (removed). */
export interface TextPart { text: string; change: 'same' | 'added' | 'removed' }

export interface SectionComparison {
  key: string;
  title: string;
  change: ChangeKind;
  /** the section's text as a word diff (every part of the later text, and what was removed) */
  body: TextPart[];
  /** besides the text: title, guidance, "for completion by" or kind changed */
  otherChanges: string[];
}

export interface ItemComparison {
  id: number;
  /** the later wording (the earlier when removed) */
  title: string;
  change: Exclude<ChangeKind, 'unchanged'>;
  /** for a changed item: the fields that changed, in words */
  fields: string[];
}

export interface PlanComparison {
  sections: SectionComparison[];
  businessCases: ItemComparison[];
  milestones: ItemComparison[];
  summary: { sectionsChanged: number; sectionsAdded: number; sectionsRemoved: number; businessCasesChanged: number; milestonesChanged: number };
}

export function wordDiff(before: string, after: string): TextPart[] {
  if (before === after) return before ? [{ text: before, change: 'same' }] : [];
  return diffWords(before, after).map((c) => ({ text: c.value, change: c.added ? 'added' : c.removed ? 'removed' : 'same' }));
}

const SECTION_FIELDS: [keyof SnapshotSection, string][] = [['title', 'title'], ['guidance', 'guidance'], ['completedBy', 'who completes it'], ['kind', 'kind']];

function compareSections(from: SnapshotSection[], to: SnapshotSection[]): SectionComparison[] {
  const before = new Map(from.map((s) => [s.key, s]));
  const after = new Set(to.map((s) => s.key));
  const rows: SectionComparison[] = to.map((s) => {
    const old = before.get(s.key);
    if (!old) return { key: s.key, title: s.title, change: 'added', body: wordDiff('', s.body), otherChanges: [] };
    const otherChanges = SECTION_FIELDS.filter(([field]) => old[field] !== s[field]).map(([, label]) => label);
    const change = old.body === s.body && !otherChanges.length ? 'unchanged' : 'changed';
    return { key: s.key, title: s.title, change, body: wordDiff(old.body, s.body), otherChanges };
  });
  // Removed sections are listed where they stood: after the section that came before them.
  from.forEach((s, i) => {
    if (after.has(s.key)) return;
    const previous = from.slice(0, i).reverse().find((p) => after.has(p.key));
    const at = previous ? rows.findIndex((r) => r.key === previous.key) + 1 : 0;
    rows.splice(at, 0, { key: s.key, title: s.title, change: 'removed', body: wordDiff(s.body, ''), otherChanges: [] });
  });
  return rows;
}

function compareItems<T extends { id: number }>(from: T[], to: T[], title: (item: T) => string, fields: [keyof T, string][]): ItemComparison[] {
  const before = new Map(from.map((x) => [x.id, x]));
  const later = new Set(to.map((x) => x.id));
  const rows: ItemComparison[] = [];
  for (const item of to) {
    const old = before.get(item.id);
    if (!old) {
      rows.push({ id: item.id, title: title(item), change: 'added', fields: [] });
      continue;
    }
    const changed = fields.filter(([f]) => JSON.stringify(old[f]) !== JSON.stringify(item[f])).map(([, label]) => label);
    if (changed.length) rows.push({ id: item.id, title: title(item), change: 'changed', fields: changed });
  }
  for (const old of from) if (!later.has(old.id)) rows.push({ id: old.id, title: title(old), change: 'removed', fields: [] });
  return rows;
}

const CASE_FIELDS: [keyof SnapshotBusinessCase, string][] = [
  ['title', 'title'], ['outline', 'outline'], ['benefitToPatients', 'benefit to patients'], ['patientsMin', 'minimum patients'],
  ['patientsMax', 'maximum patients'], ['patientsNote', 'patients covered'], ['evidenceOfEffectiveness', 'evidence of effectiveness'],
  ['patientSupport', 'patient support'], ['stakeholderSupport', 'stakeholder support'], ['costs', 'costs'],
  ['upfrontInvestmentPence', 'up-front investment'], ['freedResources', 'freed-up resources'], ['freedResourcesTimescale', 'timescale'],
  ['linksToPriorities', 'links to priorities'], ['risks', 'risks'], ['status', 'status'], ['years', 'financial model'],
];

const MILESTONE_FIELDS: [keyof SnapshotMilestone, string][] = [
  ['dueOn', 'date'], ['deliverable', 'deliverable'], ['owner', 'owner'], ['triggersPayment', 'whether it triggers payment'],
  ['businessCaseId', 'business case'], ['status', 'status'], ['evidence', 'evidence'],
];

export const milestoneWording = (m: Pick<SnapshotMilestone, 'dueOn' | 'deliverable'>) => `By ${m.dueOn} we will deliver ${m.deliverable}`;

export function comparePlans(from: Pick<PlanSnapshot, 'sections' | 'businessCases' | 'milestones'>, to: Pick<PlanSnapshot, 'sections' | 'businessCases' | 'milestones'>): PlanComparison {
  const sections = compareSections(from.sections, to.sections);
  const businessCases = compareItems(from.businessCases, to.businessCases, (c) => c.title, CASE_FIELDS);
  const milestones = compareItems(from.milestones, to.milestones, milestoneWording, MILESTONE_FIELDS);
  const count = (change: ChangeKind) => sections.filter((s) => s.change === change).length;
  return {
    sections, businessCases, milestones,
    summary: {
      sectionsChanged: count('changed'), sectionsAdded: count('added'), sectionsRemoved: count('removed'),
      businessCasesChanged: businessCases.length, milestonesChanged: milestones.length,
    },
  };
}
