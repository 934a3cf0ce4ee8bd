import { describe, expect, it } from 'vitest';
import { comparePlans, wordDiff } from './compare.js';
import type { PlanSnapshot, SnapshotBusinessCase, SnapshotMilestone, SnapshotSection } from './snapshot.js';

const section = (key: string, body: string, extra: Partial<SnapshotSection> = {}): SnapshotSection => ({
  key, part: key.split('.')[0]!, title: `Section ${key}`, guidance: '', completedBy: 'consortium', kind: 'text', body, ...extra,
});
const businessCase = (id: number, title: string, extra: Partial<SnapshotBusinessCase> = {}): SnapshotBusinessCase => ({
  id, title, outline: '', benefitToPatients: '', patientsMin: null, patientsMax: null, patientsNote: '', evidenceOfEffectiveness: '', patientSupport: '',
  stakeholderSupport: '', costs: '', upfrontInvestmentPence: 0, freedResources: '', freedResourcesTimescale: '', linksToPriorities: '', risks: '',
  status: 'idea', years: [], ...extra,
});
const milestone = (id: number, deliverable: string, extra: Partial<SnapshotMilestone> = {}): SnapshotMilestone => ({
  id, businessCaseId: null, dueOn: '2026-09-30', deliverable, owner: '', triggersPayment: false, status: 'not_started', evidence: '', ...extra,
});
type Parts = Pick<PlanSnapshot, 'sections' | 'businessCases' | 'milestones'>;

describe('word diff', () => {
  it('marks the words inserted and deleted, keeping the rest', () => {
    expect(wordDiff('We will reduce A&E attendances.', 'We will reduce A&E attendances by 10%.')).toEqual([
      { text: 'We will reduce A&E attendances ', change: 'same' },
      { text: 'by 10%', change: 'added' },
      { text: '.', change: 'same' },
    ]);
    expect(wordDiff('Start with one per GP.', 'Start with two per GP.')).toEqual([
      { text: 'Start with ', change: 'same' }, { text: 'one', change: 'removed' }, { text: 'two', change: 'added' }, { text: ' per GP.', change: 'same' },
    ]);
    expect(wordDiff('same', 'same')).toEqual([{ text: 'same', change: 'same' }]);
    expect(wordDiff('', '')).toEqual([]);
  });
});

describe('comparing two versions', () => {
  const v1: Parts = {
    sections: [section('4.1', 'Targets.'), section('4.2', 'Reducing A&E attendances.'), section('4.3', 'Referral management.'), section('4.4', 'Budget {{budget_total}}.')],
    businessCases: [businessCase(1, 'Reducing A&E attendances'), businessCase(2, 'Frequent fliers')],
    milestones: [milestone(10, 'a GP triage service in A&E'), milestone(11, 'a register of frequent fliers')],
  };
  const v2: Parts = {
    sections: [
      section('4.1', 'Targets.'), section('4.2', 'Reducing A&E attendances by GP triage.'), section('4.4', 'Budget {{budget_total}}.', { completedBy: 'both' }),
      section('4.5', 'Local initiatives.'),
    ],
    businessCases: [businessCase(1, 'Reducing A&E attendances', { years: [{ yearIndex: 1, costPence: 100, releasedPence: 0 }], risks: 'GPs may not take part' }), businessCase(3, 'Outpatient efficiency')],
    milestones: [milestone(10, 'a GP triage service in A&E', { dueOn: '2026-10-31' }), milestone(11, 'a register of frequent fliers')],
  };

  it('says of each section whether it is unchanged, changed, added or removed, in the document’s order', () => {
    const c = comparePlans(v1, v2);
    expect(c.sections.map((s) => [s.key, s.change])).toEqual([['4.1', 'unchanged'], ['4.2', 'changed'], ['4.3', 'removed'], ['4.4', 'changed'], ['4.5', 'added']]);
    expect(c.sections[1]!.body.filter((p) => p.change === 'added').map((p) => p.text).join('')).toContain('by GP triage');
    expect(c.sections[2]!.body).toEqual([{ text: 'Referral management.', change: 'removed' }]);
    expect(c.sections[3]).toMatchObject({ otherChanges: ['who completes it'], body: [{ text: 'Budget {{budget_total}}.', change: 'same' }] });
    expect(c.sections[4]!.body).toEqual([{ text: 'Local initiatives.', change: 'added' }]);
    expect(c.summary).toMatchObject({ sectionsChanged: 2, sectionsAdded: 1, sectionsRemoved: 1 });
  });

  it('lists business cases and milestones added, removed and changed, naming what changed', () => {
    const c = comparePlans(v1, v2);
    expect(c.businessCases).toEqual([
      { id: 1, title: 'Reducing A&E attendances', change: 'changed', fields: ['risks', 'financial model'] },
      { id: 3, title: 'Outpatient efficiency', change: 'added', fields: [] },
      { id: 2, title: 'Frequent fliers', change: 'removed', fields: [] },
    ]);
    expect(c.milestones).toEqual([{ id: 10, title: 'By 2026-10-31 we will deliver a GP triage service in A&E', change: 'changed', fields: ['date'] }]);
  });

  it('finds nothing to say about a version compared with itself', () => {
    const c = comparePlans(v2, v2);
    expect(c.sections.every((s) => s.change === 'unchanged')).toBe(true);
    expect([c.businessCases, c.milestones]).toEqual([[], []]);
  });
});
