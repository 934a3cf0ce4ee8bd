/**
 * /ae-audits/summary: what practices' A&E audits found (REF-10), chart first: the share of
 * attendances primary care could have seen, per practice with its 95% interval, then the numbers
 * (in and out of hours, outcomes, top reasons, age groups) and CSV/XLSX downloads. A practice sees
 * its own figures beside its locality's, never another practice by name. The filters live in the address.
 */
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { OUTCOME_LABELS, AE_OUTCOMES, aeSummaryDownloadUrl, useAeSummary, type AeFigures, type AeSummary, type AeSummaryQuery } from '../api/ae-audits.js';
import { useGroups } from '../api/hooks.js';
import { DownloadLinks } from '../activity/DownloadLinks.js';
import { ShareChart, type SharePoint } from '../ae-audits/ShareChart.js';
import { isoFromParts, longDate, partsFromIso, percent1 } from '../ae-audits/rules.js';
import { summaryOf, type FieldErrors } from '../allowances/shared.js';
import { formatCount } from '../format/numbers.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { Button } from '../nhsuk/Button.js';
import { Checkbox } from '../nhsuk/Checkbox.js';
import { DateInput, dateInputId } from '../nhsuk/DateInput.js';
import { Details } from '../nhsuk/Details.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';

export function AeAuditSummaryPage() {
  return (
    <RequirePermission permission="aeaudit.view">
      <Summary />
    </RequirePermission>
  );
}
export default AeAuditSummaryPage;

const isIso = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);
const todayIso = () => new Date().toISOString().slice(0, 10);
const yearBefore = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

function Summary() {
  const me = useCurrentUser();
  const isPractice = me.role === 'practice';
  const [search, setSearch] = useSearchParams();
  const to = isIso(search.get('to')) ? search.get('to')! : todayIso();
  const from = isIso(search.get('from')) ? search.get('from')! : yearBefore(to);
  const query: AeSummaryQuery = { from, to, group: isPractice ? undefined : (search.get('group') ?? undefined), status: search.get('status') === 'all' ? 'all' : 'completed' };
  const summary = useAeSummary(query);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('A&E audit summary', formErrors);

  return (
    <>
      <BackLink to="/ae-audits">Back to A&amp;E audits</BackLink>
      <h1>A&amp;E audit summary</h1>
      <p className="nhsuk-lede-text">
        Attendances practices audited, and how many primary care could have seen.
        {isPractice ? ' Your practice’s figures beside your locality’s.' : ''}
      </p>
      <Filters key={`${from}|${to}|${query.group ?? ''}|${query.status}`} query={query} showGroup={!isPractice} onErrorsChange={setFormErrors}
        onChange={(q) => {
          const next: Record<string, string> = { from: q.from, to: q.to };
          if (q.group) next.group = q.group;
          if (q.status === 'all') next.status = 'all';
          setSearch(next, { preventScrollReset: true });
        }} />
      {summary.isPending && <LoadingStatus>Loading the summary…</LoadingStatus>}
      {summary.isError && <ProblemMessage><p>The summary could not be loaded. {summary.error.message}</p></ProblemMessage>}
      {summary.data && <Report summary={summary.data} query={query} isPractice={isPractice} />}
    </>
  );
}

type FilterField = 'from' | 'to';
const FILTER_IDS: Record<FilterField, string> = { from: dateInputId('ae-from'), to: dateInputId('ae-to') };

function Filters({ query, showGroup, onChange, onErrorsChange }: {
  query: AeSummaryQuery; showGroup: boolean; onChange: (q: AeSummaryQuery) => void; onErrorsChange: (has: boolean) => void;
}) {
  const groups = useGroups();
  const [from, setFrom] = useState(partsFromIso(query.from));
  const [to, setTo] = useState(partsFromIso(query.to));
  const [group, setGroup] = useState(query.group ?? '');
  const [includeOpen, setIncludeOpen] = useState(query.status === 'all');
  const [errors, setErrors] = useState<FieldErrors<FilterField>>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<FilterField> = {};
    const f = isoFromParts(from);
    const t = isoFromParts(to);
    if (!f) found.from = 'From must be a real date';
    if (!t) found.to = 'To must be a real date';
    else if (f && t < f) found.to = 'To must be the same as or after from';
    setErrors(found);
    onErrorsChange(Object.keys(found).length > 0);
    if (!f || !t || Object.keys(found).length) return;
    onChange({ from: f, to: t, group: group || undefined, status: includeOpen ? 'all' : 'completed' });
  }

  const summary = summaryOf(errors, FILTER_IDS, null);
  return (
    <form onSubmit={submit} noValidate>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <DateInput id="ae-from" legend="Attendances from" value={from} onChange={setFrom} error={errors.from} />
        </div>
        <div className="nhsuk-grid-column-one-half">
          <DateInput id="ae-to" legend="To" value={to} onChange={setTo} error={errors.to} />
        </div>
      </div>
      {showGroup && (
        <Select id="ae-summary-group" label="Group" value={group} onChange={setGroup}
          options={[{ value: '', text: 'All groups' }, ...(groups.data ?? []).map((g) => ({ value: g.code, text: `${g.name} (${g.code})` }))]} />
      )}
      <Checkbox id="ae-include-open" label="Include audits that are still open" checked={includeOpen} onChange={setIncludeOpen} />
      <Button variant="secondary">Show summary</Button>
    </form>
  );
}

const point = (label: string, f: AeFigures, overall = false): SharePoint[] =>
  f.shareCouldSee === null || !f.shareInterval ? [] : [{ label, share: f.shareCouldSee, lower: f.shareInterval.lower, upper: f.shareInterval.upper, overall }];

function Report({ summary: s, query, isPractice }: { summary: AeSummary; query: AeSummaryQuery; isPractice: boolean }) {
  const period = `${longDate(s.from)} to ${longDate(s.to)}`;
  const which = s.status === 'all' ? 'open and completed audits' : 'completed audits';
  if (s.overall.attendances === 0) {
    return <p>No attendances were audited between {period} ({which}). <Link className="nhsuk-link" to="/ae-audits">Go to the audits</Link>.</p>;
  }
  const rows = [...s.practices.map((p) => ({ key: p.practiceCode, label: isPractice ? `Your practice (${p.practiceName})` : `${p.practiceName} (${p.practiceCode})`, figures: p as AeFigures })),
    { key: 'overall', label: s.overall.label, figures: s.overall as AeFigures }];
  const points = rows.flatMap((r) => point(r.label, r.figures, r.key === 'overall'));
  const columns = isPractice ? rows : rows.slice(-1);
  const chartDescription = rows.map((r) => `${r.label}: ${percent1(r.figures.shareCouldSee)} of ${formatCount(r.figures.attendances)}`).join('; ');

  return (
    <>
      <section aria-labelledby="share-heading">
        <h2 id="share-heading">Could primary care have seen them?</h2>
        <p>The share of audited attendances answered “yes”, {period}, {which}. The lines show the 95% confidence interval (Wilson score): with few attendances it is wide.</p>
        {points.length > 0 && (
          <ShareChart points={points} title="Share of A&E attendances primary care could have seen" description={chartDescription} />
        )}
        <Details summary="Show the numbers">
          <Table caption="Attendances audited and whether primary care could have seen them" captionSize="s" scrollable>
            <TableHead>
              <HeaderCell>{isPractice ? 'Who' : 'Practice'}</HeaderCell>
              <HeaderCell numeric>Attendances</HeaderCell>
              <HeaderCell numeric>Yes</HeaderCell>
              <HeaderCell numeric>No</HeaderCell>
              <HeaderCell numeric>Unsure</HeaderCell>
              <HeaderCell numeric>Could have seen</HeaderCell>
              <HeaderCell numeric>95% interval</HeaderCell>
              <HeaderCell numeric>In hours</HeaderCell>
              <HeaderCell numeric>Out of hours</HeaderCell>
            </TableHead>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.key}>
                  <Cell rowHeader>{r.label}</Cell>
                  <Cell numeric>{formatCount(r.figures.attendances)}</Cell>
                  <Cell numeric>{formatCount(r.figures.couldSee.yes)}</Cell>
                  <Cell numeric>{formatCount(r.figures.couldSee.no)}</Cell>
                  <Cell numeric>{formatCount(r.figures.couldSee.unsure)}</Cell>
                  <Cell numeric>{percent1(r.figures.shareCouldSee)}</Cell>
                  <Cell numeric nowrap>{r.figures.shareInterval ? `${percent1(r.figures.shareInterval.lower)} to ${percent1(r.figures.shareInterval.upper)}` : '–'}</Cell>
                  <Cell numeric>{formatCount(r.figures.inHours)}</Cell>
                  <Cell numeric>{formatCount(r.figures.outOfHours)}</Cell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Details>
        <DownloadLinks href={(format) => aeSummaryDownloadUrl(format, query)} what="the A&E audit summary" />
      </section>

      <section aria-labelledby="breakdown-heading">
        <h2 id="breakdown-heading">Outcomes, reasons and ages</h2>
        <Breakdown caption="Outcome of the attendance" columns={columns} keys={AE_OUTCOMES.map((o) => ({ key: o, label: OUTCOME_LABELS[o] }))}
          value={(f, k) => f.byOutcome[k as keyof AeFigures['byOutcome']]} />
        <Breakdown caption="Age group" columns={columns} keys={s.overall.byAgeGroup.map((g) => ({ key: g.ageGroup, label: g.ageGroup }))}
          value={(f, k) => f.byAgeGroup.find((g) => g.ageGroup === k)?.attendances ?? 0} />
        {columns.map((c) => (
          <Table key={c.key} caption={`Most common reasons: ${c.label}`} captionSize="s">
            <TableHead>
              <HeaderCell>Reason</HeaderCell>
              <HeaderCell numeric>Attendances</HeaderCell>
            </TableHead>
            <TableBody>
              {c.figures.topReasons.map((r) => (
                <TableRow key={r.reason}>
                  <Cell rowHeader>{r.reason}</Cell>
                  <Cell numeric>{formatCount(r.attendances)}</Cell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ))}
      </section>
    </>
  );
}

function Breakdown({ caption, columns, keys, value }: {
  caption: string;
  columns: { key: string; label: string; figures: AeFigures }[];
  keys: { key: string; label: string }[];
  value: (f: AeFigures, key: string) => number;
}) {
  return (
    <Table caption={caption} captionSize="s" scrollable>
      <TableHead>
        <HeaderCell>{caption}</HeaderCell>
        {columns.map((c) => <HeaderCell key={c.key} numeric>{c.label}</HeaderCell>)}
      </TableHead>
      <TableBody>
        {keys.map((k) => (
          <TableRow key={k.key}>
            <Cell rowHeader>{k.label}</Cell>
            {columns.map((c) => {
              const n = value(c.figures, k.key);
              return <Cell key={c.key} numeric>{formatCount(n)} <span className="app-secondary">({percent1(c.figures.attendances ? n / c.figures.attendances : null)})</span></Cell>;
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
