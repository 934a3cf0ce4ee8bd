/** Declarations against decisions: same subject and in force on the day conflicts; recusal is the only vote then. */
import { describe, expect, it } from 'vitest';
import {
  conflictingDeclarations, declarationIsOf, declarationStatus, inForceOn, interestPhrase, memberConflicts, normaliseSubjectRef, sameSubject, subjectLabel, subjectProblem, tally, voteRefusal,
  type Declaration,
} from './interests.js';

const declaration = (over: Partial<Declaration> = {}): Declaration => ({
  id: 1, personName: 'Dr Asha Patel', memberId: 10, userId: null, kind: 'provider', ref: 'RWG',
  interestKind: 'financial', interest: 'Shareholder', declaredOn: '2026-04-01', endsOn: null, ...over,
});

describe('subjects', () => {
  it('spells codes in capitals and ids as numbers, and matches topics without case', () => {
    expect(normaliseSubjectRef('provider', ' rwg ')).toBe('RWG');
    expect(normaliseSubjectRef('business_case', '007')).toBe('7');
    expect(sameSubject({ kind: 'topic', ref: 'Community  audiology' }, { kind: 'topic', ref: 'community audiology' })).toBe(true);
    expect(sameSubject({ kind: 'provider', ref: 'RWG' }, { kind: 'practice', ref: 'RWG' })).toBe(false);
  });

  it('says what is wrong with a subject, by kind', () => {
    expect(subjectProblem({ kind: 'practice', ref: 'RWG' })).toBe('A practice is named by its code, like E82001');
    expect(subjectProblem({ kind: 'provider', ref: 'rwg' })).toBeNull();
    expect(subjectProblem({ kind: 'business_case', ref: 'x' })).toBe('A business case is named by its number');
    expect(subjectProblem({ kind: 'topic', ref: '  ' })).toBe('Enter what the interest is in');
  });

  it('labels a subject with its name', () => {
    expect(subjectLabel({ kind: 'provider', ref: 'RWG' }, 'Provider RWG')).toBe('RWG (Provider RWG)');
    expect(subjectLabel({ kind: 'business_case', ref: '4' }, 'Community audiology')).toBe('Business case 4 (Community audiology)');
    expect(subjectLabel({ kind: 'topic', ref: 'Weight management' })).toBe('Weight management');
    expect(interestPhrase('indirect')).toBe('an indirect interest');
  });
});

describe('when a declaration is in force', () => {
  it('from the day it is declared to its end date, inclusive', () => {
    const d = declaration({ endsOn: '2026-06-30' });
    expect([inForceOn(d, '2026-03-31'), inForceOn(d, '2026-04-01'), inForceOn(d, '2026-06-30'), inForceOn(d, '2026-07-01')]).toEqual([false, true, true, false]);
    expect([declarationStatus(d, '2026-03-01'), declarationStatus(d, '2026-05-01'), declarationStatus(d, '2026-07-01')]).toEqual(['future', 'in_force', 'ended']);
  });
});

describe('conflicts with a decision', () => {
  const decision = { decidedOn: '2026-05-01', subjects: [{ kind: 'provider' as const, ref: 'RWG' }] };

  it('finds declarations about the same subject in force on the decision date, and only those', () => {
    const same = declaration();
    const other = declaration({ id: 2, ref: 'RQW' });
    const ended = declaration({ id: 3, endsOn: '2026-04-30' });
    const later = declaration({ id: 4, declaredOn: '2026-05-02' });
    const topic = declaration({ id: 5, kind: 'topic', ref: 'RWG' });
    expect(conflictingDeclarations(decision, [same, other, ended, later, topic]).map((d) => d.id)).toEqual([1]);
  });

  it('finds a declaration after its end date no longer conflicting', () => {
    const ended = declaration({ endsOn: '2026-05-01' });
    expect(conflictingDeclarations(decision, [ended])).toHaveLength(1);
    expect(conflictingDeclarations({ ...decision, decidedOn: '2026-05-02' }, [ended])).toHaveLength(0);
  });

  it('ties declarations to members by member row, account, or name', () => {
    const member = { memberId: 10, personName: 'Dr Asha Patel', userId: 7 };
    expect(declarationIsOf(declaration({ memberId: 10 }), member)).toBe(true);
    expect(declarationIsOf(declaration({ memberId: null, userId: 7, personName: 'Asha (account)' }), member)).toBe(true);
    expect(declarationIsOf(declaration({ memberId: 99, personName: ' dr asha  patel ' }), member)).toBe(true);
    expect(declarationIsOf(declaration({ memberId: 99, userId: 8, personName: 'Dr Ben Ode' }), member)).toBe(false);
  });

  it('lists the members of the deciding body who are conflicted', () => {
    const members = [{ memberId: 10, personName: 'Dr Asha Patel', userId: null }, { memberId: 11, personName: 'Dr Ben Ode', userId: null }];
    const conflicts = memberConflicts(decision, members, [declaration()]);
    expect(conflicts.map((c) => [c.member.memberId, c.declarations.map((d) => d.id)])).toEqual([[10, [1]]]);
  });
});

describe('votes', () => {
  it('refuses anything but recused from a conflicted member, naming the declaration', () => {
    const conflicts = [declaration({ personName: 'Dr X' })];
    expect(voteRefusal('for', conflicts, () => 'Provider RWG')).toBe('Dr X declared a financial interest in RWG (Provider RWG) on 2026-04-01: record the vote as recused');
    expect(voteRefusal('abstain', conflicts)).toMatch(/record the vote as recused$/);
    expect(voteRefusal('recused', conflicts)).toBeNull();
    expect(voteRefusal('against', [])).toBeNull();
  });

  it('counts votes, keeping recusals apart', () => {
    expect(tally([{ vote: 'for' }, { vote: 'for' }, { vote: 'against' }, { vote: 'recused' }, { vote: 'abstain' }]))
      .toEqual({ for: 2, against: 1, abstain: 1, recused: 1, voted: 4 });
  });
});

describe('papers', async () => {
  const { decodePapers, encodePapers, isPaperLink } = await import('./decisions.js');
  it('round-trips titles and links, and reads hand-typed text as one title a line', () => {
    const papers = [{ title: 'Business case: audiology', link: 'https://example.nhs.uk/paper.pdf' }, { title: 'Finance report', link: null }];
    expect(decodePapers(encodePapers(papers))).toEqual(papers);
    expect(decodePapers('Minutes\n\n Finance report ')).toEqual([{ title: 'Minutes', link: null }, { title: 'Finance report', link: null }]);
    expect(decodePapers('')).toEqual([]);
  });

  it('accepts only web links and paths in the hub', () => {
    expect(isPaperLink('javascript:alert(1)')).toBe(false);
    expect(isPaperLink('/plans/3')).toBe(true);
    expect(isPaperLink('//evil.example')).toBe(false);
    expect(decodePapers(JSON.stringify([{ title: 'x', link: 'javascript:alert(1)' }]))).toEqual([{ title: 'x', link: null }]);
  });
});
