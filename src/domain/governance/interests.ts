/**
 * Declarations of interest and the decisions they touch (ORG-5, ORG-6, seed 002 "conflicts of
 * interest"): nobody with a declared conflict decides unseen. A declaration names a subject the hub
 * can recognise on a decision (a provider, a practice, a business case, a project, or a topic); it
 * conflicts with a decision about the same subject while it is in force on the decision's date,
 * and a member it conflicts for may only be recorded as recused.
 */

export const SUBJECT_KINDS = ['provider', 'practice', 'business_case', 'project', 'topic'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const SUBJECT_KIND_LABELS: Record<SubjectKind, string> = {
  provider: 'Provider',
  practice: 'Practice',
  business_case: 'Business case',
  project: 'Project',
  topic: 'Topic',
};

export const INTEREST_KINDS = ['financial', 'non_financial_professional', 'non_financial_personal', 'indirect'] as const;
export type InterestKind = (typeof INTEREST_KINDS)[number];

export const INTEREST_KIND_LABELS: Record<InterestKind, string> = {
  financial: 'Financial',
  non_financial_professional: 'Non-financial professional',
  non_financial_personal: 'Non-financial personal',
  indirect: 'Indirect',
};

/** "a financial interest", for sentences. */
export const interestPhrase = (kind: InterestKind) => {
  const words = INTEREST_KIND_LABELS[kind].toLowerCase();
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words} interest`;
};

export const VOTES = ['for', 'against', 'abstain', 'recused'] as const;
export type Vote = (typeof VOTES)[number];
export const VOTE_LABELS: Record<Vote, string> = { for: 'For', against: 'Against', abstain: 'Abstained', recused: 'Recused' };

export interface Subject { kind: SubjectKind; ref: string }

/**
 * The one spelling of a subject's reference, so that matching is exact: organisation codes in
 * capitals, ids as plain numbers, topics trimmed with single spaces (and matched without case).
 */
export function normaliseSubjectRef(kind: SubjectKind, ref: string): string {
  const trimmed = ref.trim().replace(/\s+/g, ' ');
  switch (kind) {
    case 'provider':
    case 'practice':
      return trimmed.toUpperCase();
    case 'business_case':
    case 'project':
      return /^\d+$/.test(trimmed) ? String(Number(trimmed)) : trimmed;
    case 'topic':
      return trimmed;
  }
}

export const sameSubject = (a: Subject, b: Subject) =>
  a.kind === b.kind && normaliseSubjectRef(a.kind, a.ref).toLowerCase() === normaliseSubjectRef(b.kind, b.ref).toLowerCase();

/** Problems with a subject's shape (whether it exists is for the caller to check). */
export function subjectProblem(subject: Subject): string | null {
  const ref = normaliseSubjectRef(subject.kind, subject.ref);
  if (!ref) return 'Enter what the interest is in';
  switch (subject.kind) {
    case 'provider': return /^[A-Z0-9]{3,5}$/.test(ref) ? null : 'A provider is named by its ODS code, like RWG';
    case 'practice': return /^[A-Z][0-9]{5}$/.test(ref) ? null : 'A practice is named by its code, like E82001';
    case 'business_case': return /^[1-9]\d{0,9}$/.test(ref) ? null : 'A business case is named by its number';
    case 'project': return /^[1-9]\d{0,9}$/.test(ref) ? null : 'A project is named by its number';
    case 'topic': return ref.length <= 200 ? null : 'A topic must be 200 characters or fewer';
  }
}

/** "RWG (West Hertfordshire Teaching Hospitals NHS Trust)"; a topic is its own words. */
export function subjectLabel(subject: Subject, name?: string | null): string {
  if (subject.kind === 'topic') return subject.ref;
  const ref = subject.kind === 'business_case' || subject.kind === 'project' ? `${SUBJECT_KIND_LABELS[subject.kind]} ${subject.ref}` : subject.ref;
  return name ? `${ref} (${name})` : ref;
}

// ── Declarations ────────────────────────────────────────────────────────────────────────────────

export interface Declaration extends Subject {
  id: number;
  personName: string;
  memberId: number | null;
  userId: number | null;
  interestKind: InterestKind;
  interest: string;
  /** ISO dates; the end date is the last day the interest held */
  declaredOn: string;
  endsOn: string | null;
}

/** Whether a declaration was in force on a day. */
export const inForceOn = (d: Pick<Declaration, 'declaredOn' | 'endsOn'>, day: string) => d.declaredOn <= day && (d.endsOn === null || day <= d.endsOn);

export type DeclarationStatus = 'in_force' | 'ended' | 'future';
export const DECLARATION_STATUS_LABELS: Record<DeclarationStatus, string> = { in_force: 'In force', ended: 'Ended', future: 'From a later date' };

export function declarationStatus(d: Pick<Declaration, 'declaredOn' | 'endsOn'>, today: string): DeclarationStatus {
  if (today < d.declaredOn) return 'future';
  return inForceOn(d, today) ? 'in_force' : 'ended';
}

/** A member of a body, as far as declarations are concerned: who they are. */
export interface Person { memberId: number; personName: string; userId: number | null }

const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Whether a declaration is this member's: made for this member row, or by the same account, or
 * under the same name in the group (a person without an account can sit on several bodies, each
 * a row of its own; a name that happens to match errs on the side of showing the interest).
 */
export const declarationIsOf = (d: Pick<Declaration, 'memberId' | 'userId' | 'personName'>, p: Person) =>
  d.memberId === p.memberId || (d.userId !== null && d.userId === p.userId) || nameKey(d.personName) === nameKey(p.personName);

/** A decision, as far as declarations are concerned: its day and what it is about. */
export interface DecisionSubjects { decidedOn: string; subjects: readonly Subject[] }

/** The declarations that conflict with a decision: the same subject, in force on its date. */
export const conflictingDeclarations = <D extends Declaration>(decision: DecisionSubjects, declarations: readonly D[]): D[] =>
  declarations.filter((d) => inForceOn(d, decision.decidedOn) && decision.subjects.some((s) => sameSubject(s, d)));

export interface MemberConflict<P extends Person, D extends Declaration> { member: P; declarations: D[] }

/** Each member of the deciding body with a conflicting declaration, and those declarations. */
export function memberConflicts<P extends Person, D extends Declaration>(decision: DecisionSubjects, members: readonly P[], declarations: readonly D[]): MemberConflict<P, D>[] {
  const conflicting = conflictingDeclarations(decision, declarations);
  return members
    .map((member) => ({ member, declarations: conflicting.filter((d) => declarationIsOf(d, member)) }))
    .filter((c) => c.declarations.length > 0);
}

/** "Dr X declared a financial interest in RWG (Provider RWG) on 2026-04-01". */
export const declarationSentence = (d: Declaration, subjectName?: string | null) =>
  `${d.personName} declared ${interestPhrase(d.interestKind)} in ${subjectLabel(d, subjectName)} on ${d.declaredOn}`;

/**
 * Why a vote cannot be recorded as asked, or null: a member with a conflicting declaration may
 * only be recorded as recused.
 */
export function voteRefusal<D extends Declaration>(vote: Vote, conflicts: readonly D[], subjectName: (d: D) => string | null = () => null): string | null {
  if (vote === 'recused' || !conflicts.length) return null;
  const first = conflicts[0]!;
  return `${declarationSentence(first, subjectName(first))}: record the vote as recused`;
}

export interface Tally { for: number; against: number; abstain: number; recused: number; voted: number }

/** Votes counted; those recused are counted apart and are not among those who voted. */
export function tally(votes: readonly { vote: Vote }[]): Tally {
  const t: Tally = { for: 0, against: 0, abstain: 0, recused: 0, voted: 0 };
  for (const v of votes) {
    t[v.vote] += 1;
    if (v.vote !== 'recused') t.voted += 1;
  }
  return t;
}
