/**
 * /ae-audits: A&E audit sheets (REF-10). A practice sees its own audits and starts a new one for a
 * period; the commissioner and the board see every practice's audits, by practice, with a group
 * filter. The summary is one link away.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useAeAudits, useStartAeAudit, type AeAuditHeader } from '../api/ae-audits.js';
import { useGroups } from '../api/hooks.js';
import { fromServer, summaryOf, type FieldErrors } from '../allowances/shared.js';
import { isoFromParts } from '../ae-audits/rules.js';
import { formatShortDate } from '../format/dates.js';
import { formatCount, plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { DateInput, EMPTY_DATE, dateInputId } from '../nhsuk/DateInput.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { Select } from '../nhsuk/Select.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { DataTable } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';
import { TextInput } from '../nhsuk/TextInput.js';

export function AeAuditsPage() {
  return (
    <RequirePermission permission={['aeaudit.view', 'aeaudit.record']}>
      <AeAudits />
    </RequirePermission>
  );
}
export default AeAuditsPage;

export function AuditStatusTag({ status }: { status: AeAuditHeader['status'] }) {
  return status === 'completed' ? <Tag colour="green">Completed</Tag> : <Tag colour="blue">Open</Tag>;
}

function AeAudits() {
  const me = useCurrentUser();
  const isPractice = me.role === 'practice';
  const [search, setSearch] = useSearchParams();
  const group = isPractice ? '' : (search.get('group') ?? '');
  const audits = useAeAudits('', group);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('A&E audits', formErrors);

  return (
    <>
      <h1>A&amp;E audits</h1>
      <p className="nhsuk-lede-text">
        {isPractice
          ? 'Audit your patients’ A&E attendances over a period: who attended, when, why, and whether primary care could have seen them.'
          : 'Practices’ audits of their patients’ A&E attendances. Patients are shown as pseudonyms.'}
      </p>
      <p><Link className="nhsuk-link" to="/ae-audits/summary">See the summary of audited attendances</Link></p>
      {!isPractice && <GroupFilter key={group} group={group} onChange={(g) => setSearch(g ? { group: g } : {}, { preventScrollReset: true })} />}

      <section aria-labelledby="audits-heading">
        <h2 id="audits-heading">{isPractice ? 'Your audits' : 'Audits by practice'}</h2>
        {audits.isPending && <LoadingStatus>Loading the audits…</LoadingStatus>}
        {audits.isError && <ProblemMessage><p>The audits could not be loaded. {audits.error.message}</p></ProblemMessage>}
        {audits.data && (
          <>
            <LiveStatus visuallyHidden>{plural(audits.data.length, 'audit')}.</LiveStatus>
            {audits.data.length === 0
              ? <p>{isPractice ? 'You have not started an audit yet.' : 'No practice has recorded an audit yet.'}</p>
              : (
                <DataTable caption={isPractice ? 'Your A&E audits' : 'A&E audits by practice'} captionHidden scrollable rows={audits.data} rowKey={(a) => a.id}
                  columns={[
                    ...(isPractice ? [] : [{ header: 'Practice', cell: (a: AeAuditHeader) => `${a.practiceName} (${a.practiceCode})` }]),
                    { header: 'Audit', cell: (a) => <Link className="nhsuk-link" to={`/ae-audits/${a.id}`}>{a.title}</Link> },
                    { header: 'Period', cell: (a) => `${formatShortDate(a.periodStart)} to ${formatShortDate(a.periodEnd)}` },
                    { header: 'Attendances', numeric: true, cell: (a) => formatCount(a.entryCount) },
                    { header: 'Status', cell: (a) => <AuditStatusTag status={a.status} /> },
                  ]} />
              )}
          </>
        )}
      </section>

      {can(me, 'aeaudit.record') && <StartForm onErrorsChange={setFormErrors} />}
    </>
  );
}

function GroupFilter({ group, onChange }: { group: string; onChange: (group: string) => void }) {
  const groups = useGroups();
  const [value, setValue] = useState(group);
  function submit(event: FormEvent) {
    event.preventDefault();
    onChange(value);
  }
  return (
    <form className="app-inline-form" onSubmit={submit} noValidate>
      <Select id="ae-group" label="Group" value={value} onChange={setValue}
        hint={groups.isError ? `The groups could not be loaded: ${groups.error.message}` : undefined}
        options={[{ value: '', text: 'All groups' }, ...(groups.data ?? []).map((g) => ({ value: g.code, text: `${g.name} (${g.code})` }))]} />
      <Button variant="secondary">Show group</Button>
    </form>
  );
}

type StartField = 'title' | 'periodStart' | 'periodEnd';
const START_IDS: Record<StartField, string> = { title: 'ae-title', periodStart: dateInputId('ae-start'), periodEnd: dateInputId('ae-end') };

function StartForm({ onErrorsChange }: { onErrorsChange: (has: boolean) => void }) {
  const start = useStartAeAudit();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [from, setFrom] = useState(EMPTY_DATE);
  const [to, setTo] = useState(EMPTY_DATE);
  const [errors, setErrors] = useState<FieldErrors<StartField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, START_IDS, general);

  function show(found: FieldErrors<StartField>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<StartField> = {};
    const periodStart = isoFromParts(from);
    const periodEnd = isoFromParts(to);
    if (!title.trim()) found.title = 'Enter a title for the audit';
    if (!periodStart) found.periodStart = 'Start of the period must be a real date';
    if (!periodEnd) found.periodEnd = 'End of the period must be a real date';
    else if (periodStart && periodEnd < periodStart) found.periodEnd = 'End of the period must be the same as or after the start';
    show(found, null);
    if (Object.keys(found).length || !periodStart || !periodEnd) return;
    start.mutate({ title: title.trim(), periodStart, periodEnd }, {
      onSuccess: (created) => navigate(`/ae-audits/${created.id}`),
      onError: (error) => {
        const mapped = fromServer(error, ['title', 'periodStart', 'periodEnd'] as const);
        show(mapped.fields, mapped.general);
      },
    });
  }

  return (
    <section aria-labelledby="start-heading">
      <h2 id="start-heading">Start an audit</h2>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        <TextInput id={START_IDS.title} label="Title" hint="For example, A&E attendances, October 2025" width={30} maxLength={200} autoComplete="off"
          value={title} error={errors.title} onChange={(e) => setTitle(e.target.value)} />
        <DateInput id="ae-start" legend="Start of the period" hint="For example, 1 10 2025" value={from} onChange={setFrom} error={errors.periodStart} />
        <DateInput id="ae-end" legend="End of the period" hint="For example, 31 10 2025. A year or shorter." value={to} onChange={setTo} error={errors.periodEnd} />
        <Button disabled={start.isPending}>{start.isPending ? 'Starting…' : 'Start audit'}</Button>
      </form>
    </section>
  );
}
