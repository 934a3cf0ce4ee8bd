/**
 * /challenges: lines of hospital activity challenged under the payment rules (ACT-6), with their
 * value. Filters live in the address (bookmarkable; Back returns to the same view), as does the
 * challenge open for review. Totals by rule at the top; the schedule of a provider month to
 * download; for commissioners and finance, a decision (accept, withdraw, agree) with notes on each.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.js';
import {
  CHALLENGE_PAGE_SIZE, CHALLENGE_RULES, CHALLENGE_STATUSES, RULE_LABELS, STATUS_LABELS, scheduleUrl, useChallenges, useRunChallenges, useSetChallengeStatus,
  type Challenge, type ChallengeFilters, type ChallengeStatus, type ChallengeTotal,
} from '../api/challenges.js';
import { pastFinancialYears } from '../activity/years.js';
import { useProviders } from '../api/hooks.js';
import { ChallengeStatusTag, ChallengesTable, challengeName, describeFinding } from '../activity/ChallengesTable.js';
import { formatDateTime, formatShortDate } from '../format/dates.js';
import { formatCount, formatPence, plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Radios, firstRadioId, type RadioOption } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList, type SummaryRow } from '../nhsuk/SummaryList.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Textarea } from '../nhsuk/Textarea.js';

const FILTER_NAMES = ['provider', 'year', 'month', 'rule', 'status'] as const;
type FilterValues = Record<(typeof FILTER_NAMES)[number], string>;

const MONTHS = ['April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'January', 'February', 'March'];

const FIELD_IDS = { status: firstRadioId('challenge-status'), notes: 'challenge-notes' } as const;
type FieldErrors = Partial<Record<keyof typeof FIELD_IDS, string>>;

export function ChallengesPage() {
  return (
    <RequirePermission permission="activity.view">
      <Challenges />
    </RequirePermission>
  );
}

function Challenges() {
  const me = useCurrentUser();
  const manages = can(me, 'challenge.manage');
  const [search, setSearch] = useSearchParams();
  const filters: FilterValues = { provider: '', year: '', month: '', rule: '', status: '' };
  for (const name of FILTER_NAMES) filters[name] = search.get(name) ?? '';
  const query: ChallengeFilters = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
  const challenges = useChallenges(query);
  const selectedId = Number(search.get('challenge')) || null;
  const selected = challenges.data?.rows.find((c) => c.id === selectedId) ?? null;
  const [problems, setProblems] = useState<ErrorSummaryItem[] | null>(null);
  const [done, setDone] = useState<string | null>(null);
  usePageTitle('Challenges', Boolean(problems?.length));

  /** The address with some parameters changed ('' or null removes one). */
  const to = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    return qs ? `?${qs}` : '?';
  };

  function applyFilters(values: FilterValues) {
    setProblems(null);
    setDone(null);
    setSearch(new URLSearchParams(to({ ...values, challenge: null }).slice(1)));
  }

  const scheduleScope = filters.provider && filters.year && filters.month ? { provider: filters.provider, year: filters.year, month: filters.month } : null;

  return (
    <>
      {problems && problems.length > 0 && <ErrorSummary errors={problems} />}
      {done && <NotificationBanner success heading={done} />}
      <h1>Challenges</h1>
      <p className="nhsuk-lede-text">
        Activity the payment rules say should not be paid as charged, or should be looked at, with its value.
        {me.role === 'practice' ? ' You see only your practice’s lines.' : ''}
      </p>

      <Filters key={search.toString()} initial={filters} onApply={applyFilters} />

      {challenges.isPending && <LoadingStatus>Loading challenges…</LoadingStatus>}
      {challenges.isError && <ProblemMessage><p>The challenges could not be loaded. {challenges.error.message}</p></ProblemMessage>}
      {challenges.data && (
        <>
          <Totals totals={challenges.data.totals} />
          <Schedule scope={scheduleScope} canRun={manages} onRun={(message) => { setProblems(null); setDone(message); }} onProblem={(message) => setProblems([{ text: message }])} />

          {selectedId !== null && !selected && (
            <p>The challenge you opened is not in this list (the filters may have changed). <Link className="nhsuk-link" to={to({ challenge: null })}>Close it</Link>.</p>
          )}
          {selected && (
            <Review
              key={selected.id}
              challenge={selected}
              canDecide={manages}
              closeLink={to({ challenge: null })}
              onDone={(message) => { setProblems(null); setDone(message); }}
              onProblems={(items) => { setDone(null); setProblems(items); }}
            />
          )}

          <h2>Challenges</h2>
          <LiveStatus>
            {challenges.data.total === 0
              ? `There are no challenges${Object.keys(query).length ? ' that match the filters' : ''}.`
              : challenges.data.total > challenges.data.rows.length
                ? `Showing the first ${formatCount(challenges.data.rows.length)} of ${plural(challenges.data.total, 'challenge')}. Choose a provider and month to see them all.`
                : `${plural(challenges.data.total, 'challenge')}.`}
          </LiveStatus>
          {challenges.data.rows.length > 0 && (
            <ChallengesTable challenges={challenges.data.rows} selectedId={selected?.id ?? null} reviewLink={(c) => to({ challenge: String(c.id) })} />
          )}
          {challenges.data.total > CHALLENGE_PAGE_SIZE && <p className="nhsuk-body-s">Totals above count every challenge that matches, not only those shown.</p>}
        </>
      )}
    </>
  );
}

function Filters({ initial, onApply }: { initial: FilterValues; onApply: (values: FilterValues) => void }) {
  const providers = useProviders();
  const [values, setValues] = useState(initial);
  const set = (key: keyof FilterValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const years = pastFinancialYears(4);
  if (initial.year && !years.includes(initial.year)) years.push(initial.year);
  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(values);
  }
  return (
    <form className="app-inline-form app-filters" onSubmit={submit} noValidate role="search" aria-label="Filter the challenges">
      <Select id="filter-provider" label="Provider" value={values.provider} onChange={set('provider')}
        hint={providers.isError ? `The providers could not be loaded: ${providers.error.message}` : undefined}
        options={[{ value: '', text: 'All providers' }, ...(providers.data ?? []).map((p) => ({ value: p.code, text: `${p.name} (${p.code})` }))]} />
      <Select id="filter-year" label="Financial year" value={values.year} onChange={set('year')}
        options={[{ value: '', text: 'All years' }, ...years.map((y) => ({ value: y, text: y }))]} />
      <Select id="filter-month" label="Month" value={values.month} onChange={set('month')}
        options={[{ value: '', text: 'All months' }, ...MONTHS.map((m, i) => ({ value: String(i + 1), text: m }))]} />
      <Select id="filter-rule" label="Rule" value={values.rule} onChange={set('rule')}
        options={[{ value: '', text: 'All rules' }, ...CHALLENGE_RULES.map((r) => ({ value: r, text: RULE_LABELS[r] }))]} />
      <Select id="filter-status" label="Status" value={values.status} onChange={set('status')}
        options={[{ value: '', text: 'Any status' }, ...CHALLENGE_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] }))]} />
      <Button variant="secondary">Apply filters</Button>
    </form>
  );
}

function Totals({ totals }: { totals: ChallengeTotal[] }) {
  const count = totals.reduce((n, t) => n + t.count, 0);
  const value = totals.reduce((n, t) => n + t.valuePence, 0);
  return (
    <Table caption="Challenges by rule" captionSize="m">
      <TableHead>
        <HeaderCell>Rule</HeaderCell>
        <HeaderCell numeric>Challenges</HeaderCell>
        <HeaderCell numeric>Value</HeaderCell>
      </TableHead>
      <TableBody>
        {totals.map((t) => (
          <TableRow key={t.rule}>
            <Cell rowHeader>{t.ruleLabel}</Cell>
            <Cell numeric>{formatCount(t.count)}</Cell>
            <Cell numeric nowrap>{formatPence(t.valuePence)}</Cell>
          </TableRow>
        ))}
        <TableRow>
          <Cell rowHeader>Total</Cell>
          <Cell numeric><strong>{formatCount(count)}</strong></Cell>
          <Cell numeric nowrap><strong>{formatPence(value)}</strong></Cell>
        </TableRow>
      </TableBody>
    </Table>
  );
}

/** The schedule of one provider month to download and, for those who manage challenges, a re-run. */
function Schedule({ scope, canRun, onRun, onProblem }: {
  scope: { provider: string; year: string; month: string } | null;
  canRun: boolean;
  onRun: (message: string) => void;
  onProblem: (message: string) => void;
}) {
  const run = useRunChallenges();
  if (!scope) {
    return <InsetText><p>Choose a provider, a financial year and a month to download that month’s challenge schedule.</p></InsetText>;
  }
  const month = `${MONTHS[Number(scope.month) - 1] ?? scope.month} ${scope.year}`;
  function rerun() {
    run.mutate({ providerCode: scope!.provider, year: scope!.year, month: Number(scope!.month) }, {
      onSuccess: (result) => {
        const total = Object.values(result.counts).reduce((n, c) => n + c, 0);
        onRun(`The rules ran again for ${result.providerCode}, ${month}: ${plural(total, 'challenge')}.`);
      },
      onError: (error) => onProblem(error instanceof ApiError ? `The rules could not be run: ${error.message}` : 'The rules could not be run.'),
    });
  }
  return (
    <>
      <h2>Challenge schedule</h2>
      <p>The challenges of {scope.provider} in {month}, with a total of those not withdrawn.</p>
      <ul className="nhsuk-list">
        <li><a className="nhsuk-link" href={scheduleUrl('xlsx', scope)} download>Download the challenge schedule (XLSX)</a></li>
        <li><a className="nhsuk-link" href={scheduleUrl('csv', scope)} download>Download the challenge schedule (CSV)</a></li>
      </ul>
      {canRun && (
        <>
          <p className="nhsuk-body-s">The rules run after each activity import. Run them again after a referral or a prior approval is recorded late.</p>
          <Button variant="secondary" type="button" onClick={rerun} disabled={run.isPending}>
            {run.isPending ? 'Running the rules…' : 'Run the rules again for this month'}
          </Button>
        </>
      )}
    </>
  );
}

const DECISIONS: RadioOption<ChallengeStatus>[] = [
  { value: 'accepted', label: 'Accepted', hint: 'The provider accepts the challenge: the line is not paid.' },
  { value: 'withdrawn', label: 'Withdrawn', hint: 'We withdraw the challenge: the line is paid as charged.' },
  { value: 'agreed', label: 'Agreed', hint: 'A settlement was agreed with the provider. Say what in the notes.' },
  { value: 'open', label: 'Open', hint: 'Not decided yet, or re-opened.' },
];

function Review({ challenge: c, canDecide, closeLink, onDone, onProblems }: {
  challenge: Challenge;
  canDecide: boolean;
  closeLink: string;
  onDone: (message: string) => void;
  onProblems: (items: ErrorSummaryItem[] | null) => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [c.id]);

  const rows: SummaryRow[] = [
    { key: 'Provider', value: `${c.providerName} (${c.providerCode})` },
    { key: 'Month', value: `${c.monthLabel} (month ${c.month} of ${c.year})` },
    { key: 'What the rule found', value: describeFinding(c) },
    { key: 'Value', value: formatPence(c.valuePence) },
  ];
  if (c.line) {
    rows.push(
      { key: 'Line', value: `${c.activityId}, ${c.line.pod}${c.line.hrg ? `, HRG ${c.line.hrg}` : ''}` },
      { key: 'Date', value: c.line.dischargeDate ? `${formatShortDate(c.line.activityDate)} to ${formatShortDate(c.line.dischargeDate)}` : formatShortDate(c.line.activityDate) },
      { key: 'Patient (pseudonym)', value: <code className="nhsuk-u-nowrap" title={c.line.patientPseudo}>{c.line.patientPseudo.slice(0, 12)}…</code> },
    );
    if (c.line.primaryProcedure) rows.push({ key: 'Procedure (OPCS-4)', value: c.line.primaryProcedure });
    if (c.line.primaryDiagnosis) rows.push({ key: 'Diagnosis (ICD-10)', value: c.line.primaryDiagnosis });
    if (c.line.referralSource) rows.push({ key: 'Referral source', value: c.line.referralSource });
  } else if (c.activityId) {
    rows.push({ key: 'Line', value: `${c.activityId} (no longer in the provider’s return)` });
  }
  rows.push(
    { key: 'Practice', value: c.practiceName ? `${c.practiceName} (${c.practiceCode})` : c.practiceCode ?? 'All practices' },
    { key: 'Specialty', value: c.tfc ? `${c.tfcName ?? ''} (${c.tfc})` : 'None given' },
    { key: 'Status', value: <ChallengeStatusTag challenge={c} /> },
  );
  if (c.notes) rows.push({ key: 'Notes', value: c.notes.split('\n').map((text, i) => <span key={i}>{i > 0 && <br />}{text}</span>) });
  if (c.updatedBy) rows.push({ key: 'Last decided', value: `By ${c.updatedBy}${c.updatedAt ? ` on ${formatDateTime(c.updatedAt)}` : ''}` });

  return (
    <section aria-labelledby="challenge-review">
      <h2 id="challenge-review" ref={heading} tabIndex={-1}>{c.ruleLabel}: {challengeName(c)}</h2>
      <SummaryList rows={rows} />
      {canDecide && <DecisionForm challenge={c} onDone={onDone} onProblems={onProblems} />}
      <p><Link className="nhsuk-link" to={closeLink}>Close this challenge</Link></p>
    </section>
  );
}

function DecisionForm({ challenge: c, onDone, onProblems }: {
  challenge: Challenge;
  onDone: (message: string) => void;
  onProblems: (items: ErrorSummaryItem[] | null) => void;
}) {
  const save = useSetChallengeStatus();
  const [status, setStatus] = useState<ChallengeStatus | null>(null);
  const [notes, setNotes] = useState(c.notes);
  const [errors, setErrors] = useState<FieldErrors>({});

  function report(found: FieldErrors, other: ErrorSummaryItem[] = []) {
    setErrors(found);
    const items: ErrorSummaryItem[] = (Object.keys(FIELD_IDS) as (keyof typeof FIELD_IDS)[])
      .filter((k) => found[k]).map((k) => ({ text: found[k]!, fieldId: FIELD_IDS[k] }));
    onProblems([...items, ...other]);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!status) found.status = 'Select a decision';
    else if (status !== 'open' && !notes.trim()) found.notes = `Enter notes saying why the challenge is ${STATUS_LABELS[status].toLowerCase()}`;
    if (!status || Object.keys(found).length) {
      report(found);
      return;
    }
    setErrors({});
    onProblems(null);
    save.mutate({ id: c.id, status, notes: notes.trim() }, {
      onSuccess: (updated) => onDone(`The challenge on ${challengeName(updated)} is now ${updated.statusLabel.toLowerCase()}.`),
      onError: (error) => {
        const fields: FieldErrors = {};
        const other: ErrorSummaryItem[] = [];
        if (error instanceof ApiError && error.details.length) {
          for (const d of error.details) {
            const field = d.field?.replace(/^body\./, '');
            if (field === 'notes' || field === 'status') fields[field] = d.message;
            else other.push({ text: d.message });
          }
        } else {
          other.push({ text: error.message });
        }
        report(fields, other);
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Radios name="challenge-status" legend="Decision" legendSize="s" options={DECISIONS} value={status} onChange={setStatus} error={errors.status}
        hint={`Currently ${c.statusLabel.toLowerCase()}.`} />
      <Textarea id={FIELD_IDS.notes} label="Notes" hint="Who agreed what, and when. Sent with the challenge schedule." value={notes}
        onChange={(e) => setNotes(e.target.value)} error={errors.notes} maxLength={4000} />
      <Button disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save decision'}</Button>
    </form>
  );
}
