/**
 * What the governance pages share: the group in the address (`?group=`) and its picker, the links
 * between the governance pages, tags for terms, declarations, outcomes and votes, the conflicts
 * callout ("nobody with a declared conflict decides unseen"), and dates typed in three boxes.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Conflict, Declaration, DeclarationStatus, Outcome, TermStatus, Vote } from '../api/governance.js';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { queryKeys, useGroups } from '../api/hooks.js';
import type { Practice } from '../api/types.js';
import { isoFromParts } from '../referrals/referral-form.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { Button } from '../nhsuk/Button.js';
import { WarningCallout } from '../nhsuk/Card.js';
import type { DateParts } from '../nhsuk/DateInput.js';
import { Select } from '../nhsuk/Select.js';
import { SubNavigation } from '../nhsuk/SubNavigation.js';
import { Tag, type TagColour } from '../nhsuk/Tag.js';

export { fromServer, summaryOf, type FieldErrors } from '../allowances/shared.js';

export const GOVERNANCE_PATHS = {
  home: '/governance',
  body: (id: number) => `/governance/bodies/${id}`,
  meeting: (id: number) => `/governance/meetings/${id}`,
  delegation: '/governance/delegation',
  interests: '/governance/interests',
  decisions: '/governance/decisions',
  decision: (id: number) => `/governance/decisions/${id}`,
};

/** Keeps ?group= on links between the governance pages. */
export const withGroup = (path: string, group: string) => (group ? `${path}?group=${encodeURIComponent(group)}` : path);

/**
 * The group in the address, else a practice user's own group, else the first group; and how to
 * change it. '' while the groups are loading.
 */
export function useGroupParam(): [string, (group: string) => void] {
  const me = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const groups = useGroups();
  const own = useQuery({
    queryKey: queryKeys.practice(me.practiceCode ?? ''),
    queryFn: ({ signal }) => api.get<Practice>(`/api/practices/${encodeURIComponent(me.practiceCode ?? '')}`, signal),
    enabled: Boolean(me.practiceCode),
  });
  const param = search.get('group');
  const fallback = (me.practiceCode ? own.data?.groupCode : undefined) ?? groups.data?.[0]?.code ?? '';
  const group = param || fallback;
  const setGroup = (g: string) => {
    const next = new URLSearchParams(search);
    next.set('group', g);
    setSearch(next, { preventScrollReset: true });
  };
  return [group, setGroup];
}

export function GroupForm({ id, group, onChange }: { id: string; group: string; onChange: (group: string) => void }) {
  const groups = useGroups();
  const [value, setValue] = useState(group);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (value) onChange(value);
  }
  return (
    <form className="app-inline-form" onSubmit={submit} noValidate>
      <Select id={id} label="Group" value={value} onChange={setValue}
        hint={groups.isError ? `The groups could not be loaded: ${groups.error.message}` : undefined}
        options={(groups.data ?? []).map((g) => ({ value: g.code, text: `${g.name} (${g.code})` }))} />
      <Button variant="secondary">Show group</Button>
    </form>
  );
}

export function GovernanceNav({ current, group }: { current: 'bodies' | 'delegation' | 'interests' | 'decisions'; group: string }) {
  return (
    <SubNavigation label="Governance" items={[
      { to: withGroup(GOVERNANCE_PATHS.home, group), text: 'Bodies and members', current: current === 'bodies' },
      { to: withGroup(GOVERNANCE_PATHS.delegation, group), text: 'Delegation', current: current === 'delegation' },
      { to: withGroup(GOVERNANCE_PATHS.interests, group), text: 'Declarations of interest', current: current === 'interests' },
      { to: withGroup(GOVERNANCE_PATHS.decisions, group), text: 'Decisions', current: current === 'decisions' },
    ]} />
  );
}

const TERM_COLOURS: Record<TermStatus, TagColour> = { not_started: 'blue', current: 'green', ending_soon: 'yellow', ended: 'grey' };
export const TermTag = ({ status, label }: { status: TermStatus; label: string }) => <Tag colour={TERM_COLOURS[status]}>{label}</Tag>;

const DECLARATION_COLOURS: Record<DeclarationStatus, TagColour> = { in_force: 'orange', ended: 'grey', future: 'blue' };
export const DeclarationStatusTag = ({ status, label }: { status: DeclarationStatus; label: string }) => <Tag colour={DECLARATION_COLOURS[status]}>{label}</Tag>;

const OUTCOME_COLOURS: Record<Outcome, TagColour> = { approved: 'green', rejected: 'red', deferred: 'yellow', noted: 'grey' };
export const OutcomeTag = ({ outcome, label }: { outcome: Outcome; label: string }) => <Tag colour={OUTCOME_COLOURS[outcome]}>{label}</Tag>;

const VOTE_COLOURS: Record<Vote, TagColour> = { for: 'green', against: 'red', abstain: 'grey', recused: 'orange' };
export const VoteTag = ({ vote, label }: { vote: Vote; label: string }) => <Tag colour={VOTE_COLOURS[vote]}>{label}</Tag>;

/** A member's declarations in force, as short tags with their subjects. */
export function DeclarationTags({ declarations }: { declarations: Declaration[] }) {
  if (!declarations.length) return <span className="app-secondary">None</span>;
  return (
    <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
      {declarations.map((d) => (
        <li key={d.id} className="nhsuk-u-margin-bottom-1">
          <Tag colour="orange">{d.kindLabel}</Tag> <span className="nhsuk-body-s">{d.subject.label}</span>
        </li>
      ))}
    </ul>
  );
}

/** The members of the deciding body with a conflicting declaration, and whether they were recused. */
export function ConflictsCallout({ conflicts, heading = 'Declared interests', intro }: { conflicts: (Conflict & { decisionTitle?: string })[]; heading?: string; intro?: ReactNode }) {
  if (!conflicts.length) return null;
  return (
    <WarningCallout heading={heading}>
      {intro ?? <p>These members of the deciding body have declared an interest in what this decision is about. Each may only be recorded as recused.</p>}
      <ul>
        {conflicts.map((c, i) => (
          <li key={`${c.memberId}-${i}`}>
            <strong>{c.personName}</strong> ({c.role}){c.decisionTitle ? <> on <em>{c.decisionTitle}</em></> : null}: {c.sentences.join('; ')}.{' '}
            {c.vote === 'recused' ? 'Recorded as recused.' : c.vote ? `Recorded vote: ${c.vote}.` : 'No vote recorded yet.'}
          </li>
        ))}
      </ul>
    </WarningCallout>
  );
}

/** What is wrong with a date typed in three boxes, in the NHS style; null when it is fine or optional and blank. */
export function dateProblem(parts: DateParts, name: string, required: string | null): string | null {
  const blank = (['day', 'month', 'year'] as const).filter((p) => !parts[p].trim());
  if (blank.length === 3) return required;
  if (blank.length) return `${name} must include a ${blank.join(' and a ')}`;
  return isoFromParts(parts) ? null : `${name} must be a real date`;
}

export const isoOrNull = (parts: DateParts) => isoFromParts(parts);

export function BackToGovernance({ group }: { group: string }) {
  return <p><Link className="nhsuk-link" to={withGroup(GOVERNANCE_PATHS.home, group)}>All bodies of the group</Link></p>;
}
