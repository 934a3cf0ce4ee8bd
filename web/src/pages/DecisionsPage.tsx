/**
 * /governance/decisions: the group's decisions log (ORG-6): what was decided, by which body, on
 * which date, the outcome and votes, and how many members had a declared interest; filtered by
 * body, dates and subject; downloads. Those who record decisions add one here (?body= and
 * ?meeting= pre-fill the form, as the meeting page's link does).
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { SUBJECT_KINDS, SUBJECT_KIND_LABELS, decisionsDownloadUrl, useBodies, useDecisions, type DecisionFilters, type DecisionSummary } from '../api/governance.js';
import { DecisionForm } from '../governance/DecisionForm.js';
import { GOVERNANCE_PATHS, GovernanceNav, GroupForm, OutcomeTag, useGroupParam } from '../governance/shared.js';
import { formatShortDate } from '../format/dates.js';
import { plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { Select } from '../nhsuk/Select.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';
import { TextInput } from '../nhsuk/TextInput.js';

export function DecisionsPage() {
  return (
    <RequirePermission permission="governance.read">
      <Decisions />
    </RequirePermission>
  );
}
export default DecisionsPage;

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function Decisions() {
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [group] = useGroupParam();
  const [search, setSearch] = useSearchParams();
  const filters: DecisionFilters = {
    group, body: search.get('body') ?? '', from: search.get('from') ?? '', to: search.get('to') ?? '',
    subjectKind: search.get('subjectKind') ?? '', subjectRef: search.get('subjectRef') ?? '',
  };
  const log = useDecisions(filters);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Decisions', formErrors);
  const replace = (changes: Record<string, string>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setSearch(next, { preventScrollReset: true });
  };
  const meeting = Number(search.get('meeting')) || null;

  return (
    <>
      <h1>Decisions</h1>
      <p className="nhsuk-lede-text">What the group’s bodies decided, when, with which papers and votes. Members with a declared interest in what a decision is about are shown on it, and recorded as recused.</p>
      {group && <GroupForm key={`group-${group}`} id="decisions-group" group={group} onChange={(g) => replace({ group: g, body: '', meeting: '' })} />}
      <GovernanceNav current="decisions" group={group} />
      <Filters key={JSON.stringify(filters)} filters={filters} onChange={replace} />

      {log.isPending && group && <LoadingStatus>Loading the decisions…</LoadingStatus>}
      {log.isError && <ProblemMessage><p>The decisions could not be loaded. {log.error.message}</p></ProblemMessage>}
      {log.data && (
        <section aria-labelledby="log-heading">
          <h2 id="log-heading">The decisions log</h2>
          <LiveStatus>{log.data.length ? `${plural(log.data.length, 'decision')}.` : 'No decisions match.'}</LiveStatus>
          {log.data.length > 0 && <LogTable decisions={log.data} />}
          <ul className="nhsuk-list">
            <li><a className="nhsuk-link" href={decisionsDownloadUrl('xlsx', filters)} download>Download the decisions log (XLSX)</a></li>
            <li><a className="nhsuk-link" href={decisionsDownloadUrl('csv', filters)} download>Download the decisions log (CSV)</a></li>
          </ul>
        </section>
      )}

      {can(me, 'decision.record') && group && (
        <section aria-labelledby="record-decision">
          <h2 id="record-decision">Record a decision</h2>
          <DecisionForm key={`${group}-${filters.body}-${meeting ?? ''}`} group={group} initialBodyId={Number(filters.body) || null} initialMeetingId={meeting}
            onErrorsChange={setFormErrors} onDone={(d) => navigate(GOVERNANCE_PATHS.decision(d.id), { state: { recorded: true } })} />
        </section>
      )}
    </>
  );
}

function Filters({ filters, onChange }: { filters: DecisionFilters; onChange: (f: Record<string, string>) => void }) {
  const bodies = useBodies(filters.group);
  const [values, setValues] = useState({ body: filters.body ?? '', from: filters.from ?? '', to: filters.to ?? '', subjectKind: filters.subjectKind ?? '', subjectRef: filters.subjectRef ?? '' });
  const [problem, setProblem] = useState<{ field: 'from' | 'to'; text: string } | null>(null);
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  function submit(event: FormEvent) {
    event.preventDefault();
    for (const field of ['from', 'to'] as const) {
      if (values[field].trim() && !ISO.test(values[field].trim())) return setProblem({ field, text: `${field === 'from' ? 'From' : 'To'} must be a date written like 2026-04-01` });
    }
    setProblem(null);
    onChange({ ...values, from: values.from.trim(), to: values.to.trim(), subjectRef: values.subjectKind ? values.subjectRef.trim() : '' });
  }
  return (
    <form className="app-inline-form" onSubmit={submit} noValidate aria-label="Filter the decisions">
      {problem && <ErrorSummary errors={[{ text: problem.text, fieldId: `decisions-${problem.field}` }]} />}
      <Select id="decisions-body" label="Body" value={values.body} onChange={set('body')}
        options={[{ value: '', text: 'All bodies' }, ...(bodies.data ?? []).map((b) => ({ value: String(b.id), text: b.name }))]} />
      <TextInput id="decisions-from" label="From" hint="Like 2026-04-01" width={10} value={values.from} error={problem?.field === 'from' ? problem.text : null} onChange={(e) => set('from')(e.target.value)} autoComplete="off" />
      <TextInput id="decisions-to" label="To" hint="Like 2027-03-31" width={10} value={values.to} error={problem?.field === 'to' ? problem.text : null} onChange={(e) => set('to')(e.target.value)} autoComplete="off" />
      <Select id="decisions-subject-kind" label="Subject" value={values.subjectKind} onChange={set('subjectKind')}
        options={[{ value: '', text: 'Any' }, ...SUBJECT_KINDS.map((k) => ({ value: k, text: SUBJECT_KIND_LABELS[k] }))]} />
      <TextInput id="decisions-subject-ref" label="Code, number or topic" width={10} value={values.subjectRef} onChange={(e) => set('subjectRef')(e.target.value)} autoComplete="off" />
      <Button variant="secondary">Filter</Button>
    </form>
  );
}

function LogTable({ decisions }: { decisions: DecisionSummary[] }) {
  return (
    <Table caption="Decisions" captionHidden scrollable>
      <TableHead>
        <HeaderCell>Date</HeaderCell>
        <HeaderCell>Decision</HeaderCell>
        <HeaderCell>Body</HeaderCell>
        <HeaderCell>Outcome</HeaderCell>
        <HeaderCell>Votes</HeaderCell>
        <HeaderCell>Declared interests</HeaderCell>
      </TableHead>
      <TableBody>
        {decisions.map((d) => (
          <TableRow key={d.id}>
            <Cell nowrap>{formatShortDate(d.decidedOn)}</Cell>
            <Cell rowHeader>
              <Link className="nhsuk-link" to={GOVERNANCE_PATHS.decision(d.id)}>{d.title}</Link>
              {d.subjects.length > 0 && <><br /><span className="nhsuk-body-s app-secondary">{d.subjects.map((s) => s.label).join('; ')}</span></>}
            </Cell>
            <Cell>{d.bodyName}{d.meetingTitle && <><br /><span className="nhsuk-body-s app-secondary">{d.meetingTitle}</span></>}</Cell>
            <Cell><OutcomeTag outcome={d.outcome} label={d.outcomeLabel} /></Cell>
            <Cell nowrap>{d.tally.voted + d.tally.recused ? `${d.tally.for} for, ${d.tally.against} against, ${d.tally.abstain} abstained${d.tally.recused ? `, ${d.tally.recused} recused` : ''}` : <span className="app-secondary">None recorded</span>}</Cell>
            <Cell>{d.conflicts ? <Tag colour="orange">{plural(d.conflicts, 'member')}</Tag> : <span className="app-secondary">None</span>}</Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
