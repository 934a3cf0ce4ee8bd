/**
 * /reviewers/evidence: a GP reviewer's evidence for revalidation (REF-11) over a chosen period:
 * decisions by outcome (a chart and its table), turnaround against the service level (a chart and
 * its table), decisions by specialty, re-categorisations and changes by another reviewer, the
 * practices' feedback and comments, the statement for the appraiser, and the PDF to download.
 * A reviewer sees their own; a commissioner chooses the reviewer. The period and reviewer are in
 * the address (?from=&to=&reviewer=), so a view can be bookmarked or shared.
 */
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { HELPFUL, HELPFUL_LABELS, OUTCOMES, evidencePdfUrl, useReviewerEvidence, useReviewers, type Period, type ReviewerEvidence } from '../api/reviewer-evidence.js';
import { formatDate, formatShortDate } from '../format/dates.js';
import { formatCount, plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { DateInput, dateInputId, type DateParts } from '../nhsuk/DateInput.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { Details } from '../nhsuk/Details.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { OutcomeChart, TurnaroundChart } from '../reviewer-evidence/EvidenceCharts.js';

export function ReviewerEvidencePage() {
  return (
    <RequirePermission permission="reviewer.evidence">
      <Evidence />
    </RequirePermission>
  );
}
export default ReviewerEvidencePage;

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (iso: string) => ISO.test(iso) && !Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) && new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso);

/** The twelve months to today, as the server's default. */
function defaultPeriod(): Period {
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(`${to}T00:00:00Z`);
  from.setUTCFullYear(from.getUTCFullYear() - 1);
  from.setUTCDate(from.getUTCDate() + 1);
  return { from: from.toISOString().slice(0, 10), to };
}

function usePeriodParams(): [Period, number | null, (p: Period, reviewer: number | null) => void] {
  const [search, setSearch] = useSearchParams();
  const fallback = defaultPeriod();
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const period = isRealDate(from) && isRealDate(to) && from <= to ? { from, to } : fallback;
  const reviewer = Number(search.get('reviewer'));
  const set = (p: Period, r: number | null) => {
    const next = new URLSearchParams({ from: p.from, to: p.to });
    if (r) next.set('reviewer', String(r));
    setSearch(next, { preventScrollReset: true });
  };
  return [period, Number.isSafeInteger(reviewer) && reviewer > 0 ? reviewer : null, set];
}

const partsOf = (iso: string): DateParts => ({ day: String(Number(iso.slice(8, 10))), month: String(Number(iso.slice(5, 7))), year: iso.slice(0, 4) });

/** '' when empty, null when not a real date, else the ISO date. */
function isoOf(parts: DateParts): string | null {
  if (!parts.day.trim() && !parts.month.trim() && !parts.year.trim()) return '';
  const [d, m, y] = [Number(parts.day), Number(parts.month), Number(parts.year)];
  if (![d, m, y].every(Number.isInteger) || y < 2000 || y > 2100) return null;
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isRealDate(iso) ? iso : null;
}

function Evidence() {
  const me = useCurrentUser();
  const [period, chosen, setParams] = usePeriodParams();
  const reviewers = useReviewers(period);
  const list = reviewers.data?.reviewers ?? [];
  // A reviewer is only ever shown themselves; a commissioner the reviewer chosen, or the first.
  const reviewerId = me.role === 'reviewer' ? (list[0]?.id ?? null) : (list.find((r) => r.id === chosen)?.id ?? list[0]?.id ?? null);
  const evidence = useReviewerEvidence(reviewerId, period);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Reviewer evidence for revalidation', formErrors);

  return (
    <>
      <h1>Reviewer evidence for revalidation</h1>
      <p className="nhsuk-lede-text">
        {me.role === 'reviewer' ? 'Your' : 'A GP reviewer’s'} triage decisions over a period: outcomes, how quickly they were made against the service level,
        and what practices said about them. Download it as a PDF for your appraisal. It contains no patient-identifiable information.
      </p>
      <PeriodForm key={`${period.from}-${period.to}-${reviewerId}`} period={period} reviewerId={reviewerId}
        reviewers={me.role === 'reviewer' ? null : list} onChange={setParams} onErrorsChange={setFormErrors} />

      {reviewers.isPending && <LoadingStatus>Loading the reviewers…</LoadingStatus>}
      {reviewers.isError && <ProblemMessage><p>The reviewers could not be loaded. {reviewers.error.message}</p></ProblemMessage>}
      {reviewers.data && !list.length && <p>There are no GP reviewers yet.</p>}
      {evidence.isPending && reviewerId !== null && <LoadingStatus>Loading the evidence…</LoadingStatus>}
      {evidence.isError && <ProblemMessage><p>The evidence could not be loaded. {evidence.error.message}</p></ProblemMessage>}
      {evidence.data && <EvidenceReport evidence={evidence.data} linkReferrals={can(me, 'patient.view')} />}
    </>
  );
}

type Field = 'from' | 'to' | 'reviewer';

function PeriodForm({ period, reviewerId, reviewers, onChange, onErrorsChange }: {
  period: Period;
  reviewerId: number | null;
  /** null for a reviewer, who sees only their own */
  reviewers: { id: number; displayName: string; decisions: number }[] | null;
  onChange: (p: Period, reviewer: number | null) => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const [from, setFrom] = useState<DateParts>(partsOf(period.from));
  const [to, setTo] = useState<DateParts>(partsOf(period.to));
  const [reviewer, setReviewer] = useState(reviewerId ? String(reviewerId) : '');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const ids: Record<Field, string> = { from: dateInputId('evidence-from'), to: dateInputId('evidence-to'), reviewer: 'evidence-reviewer' };
  const summary: ErrorSummaryItem[] = (Object.keys(ids) as Field[]).filter((k) => errors[k]).map((k) => ({ text: errors[k]!, fieldId: ids[k] }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    const f = isoOf(from);
    const t = isoOf(to);
    if (f === '') found.from = 'Enter the first day of the period';
    else if (f === null) found.from = 'The first day of the period must be a real date';
    if (t === '') found.to = 'Enter the last day of the period';
    else if (t === null) found.to = 'The last day of the period must be a real date';
    else if (f && t < f) found.to = 'The last day of the period must be the same as or after the first day';
    setErrors(found);
    onErrorsChange(Object.keys(found).length > 0);
    if (Object.keys(found).length || !f || !t) return;
    onChange({ from: f, to: t }, reviewer ? Number(reviewer) : null);
  }

  return (
    <form onSubmit={submit} noValidate>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      {reviewers && reviewers.length > 0 && (
        <Select id={ids.reviewer} label="Reviewer" value={reviewer} onChange={setReviewer} error={errors.reviewer}
          options={reviewers.map((r) => ({ value: String(r.id), text: `${r.displayName} (${plural(r.decisions, 'decision')} in the period shown)` }))} />
      )}
      <DateInput id="evidence-from" legend="From" hint="For example, 1 4 2025" value={from} onChange={setFrom} error={errors.from} />
      <DateInput id="evidence-to" legend="To" hint="For example, 31 3 2026. Revalidation covers up to five years." value={to} onChange={setTo} error={errors.to} />
      <Button variant="secondary">Show evidence</Button>
    </form>
  );
}

const RECENT_COMMENTS = 10;

const days = (n: number | null) => (n === null ? 'None' : `${n.toLocaleString('en-GB')} working ${n === 1 ? 'day' : 'days'}`);

function EvidenceReport({ evidence: e, linkReferrals }: { evidence: ReviewerEvidence; linkReferrals: boolean }) {
  const t = e.turnaround;
  const f = e.feedback;
  const periodText = `${formatDate(e.period.from)} to ${formatDate(e.period.to)}`;
  // A busy reviewer has hundreds of comments a year: the latest first, the rest one click away.
  const newestFirst = [...f.comments].reverse();
  const [recent, earlier] = [newestFirst.slice(0, RECENT_COMMENTS), newestFirst.slice(RECENT_COMMENTS)];
  return (
    <>
      <h2>{e.reviewer.displayName}: {periodText}</h2>
      <p>
        <a className="nhsuk-link" href={evidencePdfUrl(e.reviewer.id, e.period)} download>Download PDF for revalidation<span className="nhsuk-u-visually-hidden">: {e.reviewer.displayName}, {periodText}</span></a>
      </p>
      <InsetText>
        <h3 className="nhsuk-heading-s">Statement for the appraiser</h3>
        <p>{e.statement}</p>
      </InsetText>

      <SummaryList rows={[
        { key: 'Triage decisions', value: formatCount(e.decisions) },
        { key: 'Referrals reviewed', value: formatCount(e.referrals) },
        { key: 'Median turnaround', value: days(t.medianWorkingDays) },
        { key: '90th percentile turnaround', value: days(t.p90WorkingDays) },
        { key: `Within the service level (${days(e.serviceLevelDays)})`, value: e.decisions ? `${formatCount(t.withinServiceLevel)} of ${formatCount(e.decisions)} (${t.withinPercent}%)` : 'No decisions' },
        { key: 'Re-categorisations', value: `${formatCount(e.recategorisations.total)} (specialty corrected ${e.recategorisations.specialtyChanged}, clinical code corrected ${e.recategorisations.codeChanged})` },
        { key: 'Decisions later changed by another reviewer', value: `${formatCount(e.changedByAnotherReviewer.count)}${e.decisions ? ` (${e.changedByAnotherReviewer.percent}%)` : ''}` },
        { key: 'Feedback from practices', value: `${formatCount(f.total)}: ${HELPFUL.map((h) => `${HELPFUL_LABELS[h].toLowerCase()} ${f.counts[h]}`).join(', ')}` },
      ]} />

      <h2>Decisions by outcome</h2>
      {e.decisions > 0 && <OutcomeChart evidence={e} />}
      <Table caption="Decisions by outcome" captionSize="s">
        <TableHead>
          <HeaderCell>Outcome</HeaderCell>
          <HeaderCell numeric>Decisions</HeaderCell>
          <HeaderCell numeric>Share</HeaderCell>
        </TableHead>
        <TableBody>
          {e.byOutcome.map((o) => (
            <TableRow key={o.outcome}>
              <Cell rowHeader>{o.label}</Cell>
              <Cell numeric>{formatCount(o.count)}</Cell>
              <Cell numeric>{e.decisions ? `${o.percent}%` : '–'}</Cell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <h2>Turnaround</h2>
      <p>{e.clock}</p>
      {e.decisions > 0 && <TurnaroundChart evidence={e} />}
      <Table caption="Working days from receipt (or information) to decision" captionSize="s">
        <TableHead>
          <HeaderCell>Working days</HeaderCell>
          <HeaderCell numeric>Decisions</HeaderCell>
          <HeaderCell>Within the service level</HeaderCell>
        </TableHead>
        <TableBody>
          {t.distribution.map((b) => (
            <TableRow key={b.label}>
              <Cell rowHeader>{b.label}</Cell>
              <Cell numeric>{formatCount(b.count)}</Cell>
              <Cell>{!b.orMore && b.workingDays <= e.serviceLevelDays ? 'Yes' : 'No'}</Cell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <h2>Decisions by specialty</h2>
      {e.bySpecialty.length ? (
        <Table caption="Decisions by specialty and outcome" captionSize="s" scrollable>
          <TableHead>
            <HeaderCell>Specialty</HeaderCell>
            <HeaderCell numeric>Decisions</HeaderCell>
            {OUTCOMES.map((o) => <HeaderCell key={o} numeric>{e.byOutcome.find((x) => x.outcome === o)?.label ?? o}</HeaderCell>)}
            <HeaderCell numeric>Median working days</HeaderCell>
            <HeaderCell numeric>Within the service level</HeaderCell>
          </TableHead>
          <TableBody>
            {e.bySpecialty.map((s) => (
              <TableRow key={s.tfc}>
                <Cell rowHeader>{s.name} <span className="app-secondary">({s.tfc})</span></Cell>
                <Cell numeric>{formatCount(s.decisions)}</Cell>
                {OUTCOMES.map((o) => <Cell key={o} numeric>{formatCount(s.byOutcome[o])}</Cell>)}
                <Cell numeric>{s.medianWorkingDays ?? '–'}</Cell>
                <Cell numeric>{formatCount(s.withinServiceLevel)}</Cell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : <p>No decisions in the period.</p>}

      <h2>Feedback from practices</h2>
      <Table caption="Was the reviewer’s decision helpful?" captionSize="s">
        <TableHead>
          <HeaderCell>Answer</HeaderCell>
          <HeaderCell numeric>Practices</HeaderCell>
          <HeaderCell numeric>Share</HeaderCell>
        </TableHead>
        <TableBody>
          {HELPFUL.map((h) => (
            <TableRow key={h}>
              <Cell rowHeader>{HELPFUL_LABELS[h]}</Cell>
              <Cell numeric>{formatCount(f.counts[h])}</Cell>
              <Cell numeric>{f.total ? `${f.percents[h]}%` : '–'}</Cell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <h3>Practices’ comments ({formatCount(f.comments.length)})</h3>
      {f.comments.length ? (
        <>
          {earlier.length > 0 && <p>The {RECENT_COMMENTS} most recent, newest first. The PDF has them all.</p>}
          <CommentList comments={recent} linkReferrals={linkReferrals} />
          {earlier.length > 0 && (
            <Details summary={`Show the ${formatCount(earlier.length)} earlier ${earlier.length === 1 ? 'comment' : 'comments'}`}>
              <CommentList comments={earlier} linkReferrals={linkReferrals} />
            </Details>
          )}
        </>
      ) : <p>No comments in the period.</p>}
    </>
  );
}

function CommentList({ comments, linkReferrals }: { comments: ReviewerEvidence['feedback']['comments']; linkReferrals: boolean }) {
  return (
    <ul className="nhsuk-list nhsuk-list--border">
      {comments.map((c) => (
        <li key={c.referralId}>
          <p className="nhsuk-body-s app-secondary nhsuk-u-margin-bottom-1">
            {formatShortDate(c.givenOn)} · {c.specialty} · {c.outcomeLabel} · <strong>{c.helpfulLabel}</strong>
            {linkReferrals && <> · <Link className="nhsuk-link" to={`/referrals/${c.referralId}`}>{c.reference}</Link></>}
          </p>
          <p className="nhsuk-u-margin-bottom-2">{c.comment}</p>
        </li>
      ))}
    </ul>
  );
}
