/**
 * /allowances: every practice's commissioning allowances and incentives for a year (FIN-6): each
 * scheme earned, or not yet earned with the conditions still missing, or not applying; totals per
 * scheme and overall; downloads. Finance and commissioners record evidence that a practice has met
 * a condition, and when a practice joined. A practice sees only its own row.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import {
  ALLOWANCE_CONDITIONS, CONDITION_LABELS, allowancesDownloadUrl, useAllowances, useRecordEvidence, useSetParticipation,
  type AllowanceCondition, type AllowanceLine, type AllowanceReport, type PracticeAllowances,
} from '../api/allowances.js';
import { AllowanceStatusTag, YearForm, fromServer, statementPath, summaryOf, useYearParam, type FieldErrors } from '../allowances/shared.js';
import { yearBounds } from '../activity/years.js';
import { formatShortDate } from '../format/dates.js';
import { formatPence, plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { DateInput, EMPTY_DATE, dateInputId, type DateParts } from '../nhsuk/DateInput.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Textarea } from '../nhsuk/Textarea.js';

export function AllowancesPage() {
  return (
    <RequirePermission permission="budget.view">
      <Allowances />
    </RequirePermission>
  );
}

function Allowances() {
  const me = useCurrentUser();
  const manages = can(me, 'budget.manage');
  const [year, setYear] = useYearParam();
  const report = useAllowances(year);
  const [done, setDone] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Allowances and incentives', formErrors);

  return (
    <>
      {done && <NotificationBanner success heading={done} />}
      <h1>Allowances and incentives</h1>
      <p className="nhsuk-lede-text">
        What each practice earns for taking part in commissioning: a recurrent allowance, a start-up fee in the year it joins, a service change
        allowance from its service budget and an incentive payment. Each is paid only when every condition tied to it is met.
        {me.role === 'practice' ? ' You see only your practice.' : ''}
      </p>
      <YearForm key={year} id="allowances-year" year={year} onChange={(y) => { setDone(null); setYear(y); }} button="Show allowances" />

      {report.isPending && <LoadingStatus>Loading the allowances…</LoadingStatus>}
      {report.isError && <ProblemMessage><p>The allowances could not be loaded. {report.error.message}</p></ProblemMessage>}
      {report.data && (
        <>
          {report.data.serviceBudgetNote && <InsetText><p>{report.data.serviceBudgetNote}</p></InsetText>}
          <Totals report={report.data} />
          <ul className="nhsuk-list">
            <li><a className="nhsuk-link" href={allowancesDownloadUrl('xlsx', year)} download>Download the allowances for {year} (XLSX)</a></li>
            <li><a className="nhsuk-link" href={allowancesDownloadUrl('csv', year)} download>Download the allowances for {year} (CSV)</a></li>
          </ul>
          <PracticesTable report={report.data} />
          {manages && report.data.practices.length > 0 && (
            <>
              <EvidenceForm key={`evidence-${year}`} report={report.data} onDone={(m) => setDone(m)} onErrorsChange={setFormErrors} />
              <ParticipationForm key={`participation-${year}`} report={report.data} onDone={(m) => setDone(m)} onErrorsChange={setFormErrors} />
            </>
          )}
        </>
      )}
    </>
  );
}

function Totals({ report }: { report: AllowanceReport }) {
  const { totals } = report;
  return (
    <Table caption={`Totals for ${report.year}: ${plural(totals.participating, 'practice')} taking part of ${totals.practices}`} captionSize="m">
      <TableHead>
        <HeaderCell>Scheme</HeaderCell>
        <HeaderCell numeric>Practices earned</HeaderCell>
        <HeaderCell numeric>Earned</HeaderCell>
        <HeaderCell numeric>Not yet earned</HeaderCell>
      </TableHead>
      <TableBody>
        {totals.bySchemes.map((s) => (
          <TableRow key={s.schemeCode}>
            <Cell rowHeader>{s.schemeName}</Cell>
            <Cell numeric>{s.practicesEarned}</Cell>
            <Cell numeric nowrap>{formatPence(s.earnedPence)}</Cell>
            <Cell numeric nowrap>{formatPence(s.notYetEarnedPence)}</Cell>
          </TableRow>
        ))}
        <TableRow>
          <Cell rowHeader>Total</Cell>
          <Cell numeric>{''}</Cell>
          <Cell numeric nowrap><strong>{formatPence(totals.earnedPence)}</strong></Cell>
          <Cell numeric nowrap><strong>{formatPence(totals.notYetEarnedPence)}</strong></Cell>
        </TableRow>
      </TableBody>
    </Table>
  );
}

/** One scheme for one practice: the amount, whether it is earned, and what it still needs. */
function AllowanceCellContent({ line, schemeName }: { line: AllowanceLine; schemeName: (code: string) => string }) {
  if (line.status === 'not_applicable') return <span className="app-secondary">Does not apply</span>;
  const needs = [...line.missing.map((c) => CONDITION_LABELS[c]), ...(line.waitingFor ? [`${schemeName(line.waitingFor)} earned first`] : [])];
  return (
    <>
      <span className="nhsuk-u-nowrap">{formatPence(line.amountPence)}</span>
      <br />
      <AllowanceStatusTag status={line.status} label={line.statusLabel} />
      {needs.length > 0 && <><br /><span className="nhsuk-body-s app-secondary">Needs: {needs.join(', ')}</span></>}
    </>
  );
}

function PracticesTable({ report }: { report: AllowanceReport }) {
  const schemeName = (code: string) => report.schemes.find((s) => s.code === code)?.name ?? code;
  if (!report.practices.length) return <p>There are no practices to show.</p>;
  return (
    <Table caption={`Allowances by practice, ${report.year}`} captionSize="m" scrollable>
      <TableHead>
        <HeaderCell>Practice</HeaderCell>
        <HeaderCell>Joined</HeaderCell>
        {report.schemes.map((s) => <HeaderCell key={s.code}>{s.name}</HeaderCell>)}
        <HeaderCell numeric>Earned</HeaderCell>
        <HeaderCell numeric>Not yet earned</HeaderCell>
      </TableHead>
      <TableBody>
        {report.practices.map((p) => (
          <TableRow key={p.practiceCode}>
            <Cell rowHeader>
              <Link className="nhsuk-link" to={statementPath(p.practiceCode, report.year)}>{p.practiceName}</Link>
              <br /><span className="app-secondary">{p.practiceCode}, {p.groupName}</span>
            </Cell>
            <Cell nowrap>{p.participating ? formatShortDate(p.joinedOn) : <span className="app-secondary">Not taking part</span>}</Cell>
            {report.schemes.map((s) => {
              const line = p.lines.find((l) => l.schemeCode === s.code);
              return <Cell key={s.code}>{line ? <AllowanceCellContent line={line} schemeName={schemeName} /> : ''}</Cell>;
            })}
            <Cell numeric nowrap><strong>{formatPence(p.earnedPence)}</strong></Cell>
            <Cell numeric nowrap>{formatPence(p.notYetEarnedPence)}</Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

// ── Record evidence ─────────────────────────────────────────────────────────────────────────────

type EvidenceField = 'practiceCode' | 'condition' | 'met' | 'evidence';
const EVIDENCE_IDS: Record<EvidenceField, string> = {
  practiceCode: 'evidence-practice', condition: firstRadioId('evidence-condition'), met: firstRadioId('evidence-met'), evidence: 'evidence-text',
};

function EvidenceForm({ report, onDone, onErrorsChange }: { report: AllowanceReport; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const record = useRecordEvidence();
  const [practiceCode, setPracticeCode] = useState('');
  const [condition, setCondition] = useState<AllowanceCondition | null>(null);
  const [met, setMet] = useState<'yes' | 'no' | null>(null);
  const [evidence, setEvidence] = useState('');
  const [errors, setErrors] = useState<FieldErrors<EvidenceField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, EVIDENCE_IDS, general);
  const practice = report.practices.find((p) => p.practiceCode === practiceCode);
  const current = practice && condition ? practice.evidence.find((e) => e.condition === condition) : undefined;

  function show(found: FieldErrors<EvidenceField>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<EvidenceField> = {};
    if (!practiceCode) found.practiceCode = 'Select the practice';
    if (!condition) found.condition = 'Select the condition';
    if (!met) found.met = 'Select whether the condition is met';
    if (met === 'yes' && !evidence.trim()) found.evidence = 'Enter the evidence that the condition is met, such as a document or a meeting and its date';
    show(found, null);
    if (Object.keys(found).length || !condition) return;
    record.mutate({ practiceCode, year: report.year, condition, met: met === 'yes', evidence: evidence.trim() }, {
      onSuccess: () => {
        onDone(`${CONDITION_LABELS[condition]} recorded as ${met === 'yes' ? 'met' : 'not met'} for ${practice?.practiceName ?? practiceCode}.`);
        setEvidence('');
        show({}, null);
      },
      onError: (error) => {
        const mapped = fromServer(error, ['practiceCode', 'condition', 'met', 'evidence'] as const);
        show(mapped.fields, mapped.general);
      },
    });
  }

  return (
    <section aria-labelledby="record-evidence">
      <h2 id="record-evidence">Record evidence of a condition</h2>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        <Select id={EVIDENCE_IDS.practiceCode} label="Practice" value={practiceCode} error={errors.practiceCode} onChange={setPracticeCode}
          options={[{ value: '', text: 'Choose a practice' }, ...report.practices.map((p) => ({ value: p.practiceCode, text: `${p.practiceName} (${p.practiceCode})` }))]} />
        <Radios<AllowanceCondition> name="evidence-condition" legend="Condition" legendSize="s" value={condition} onChange={setCondition} error={errors.condition}
          options={ALLOWANCE_CONDITIONS.map((c) => ({ value: c, label: CONDITION_LABELS[c] }))}
          hint={current ? `Currently recorded as ${current.met ? 'met' : 'not met'} by ${current.recordedBy}${current.evidence ? `: ${current.evidence}` : ''}.` : undefined} />
        <Radios<'yes' | 'no'> name="evidence-met" legend={`Is it met in ${report.year}?`} legendSize="s" value={met} onChange={setMet} error={errors.met} inline
          options={[{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }]} />
        <Textarea id={EVIDENCE_IDS.evidence} label="Evidence" hint="What shows it: a document, a meeting and its date. Needed when the condition is met."
          value={evidence} onChange={(e) => setEvidence(e.target.value)} error={errors.evidence} maxLength={4000} />
        <Button disabled={record.isPending}>{record.isPending ? 'Saving…' : 'Record evidence'}</Button>
      </form>
    </section>
  );
}

// ── Record participation ────────────────────────────────────────────────────────────────────────

type ParticipationField = 'practiceCode' | 'joinedOn' | 'leftOn';
const PARTICIPATION_IDS: Record<ParticipationField, string> = {
  practiceCode: 'participation-practice', joinedOn: dateInputId('participation-joined'), leftOn: dateInputId('participation-left'),
};

/** '' for an empty date, null for a date that is not real, else the ISO date. */
function isoOf(parts: DateParts): string | null {
  if (!parts.day.trim() && !parts.month.trim() && !parts.year.trim()) return '';
  const [d, m, y] = [Number(parts.day), Number(parts.month), Number(parts.year)];
  if (![d, m, y].every(Number.isInteger) || y < 1900 || y > 2100) return null;
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

const partsOf = (iso: string | null): DateParts => (iso ? { day: String(Number(iso.slice(8, 10))), month: String(Number(iso.slice(5, 7))), year: iso.slice(0, 4) } : EMPTY_DATE);

function ParticipationForm({ report, onDone, onErrorsChange }: { report: AllowanceReport; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const save = useSetParticipation();
  const [practiceCode, setPracticeCode] = useState('');
  const [joined, setJoined] = useState<DateParts>(EMPTY_DATE);
  const [left, setLeft] = useState<DateParts>(EMPTY_DATE);
  const [errors, setErrors] = useState<FieldErrors<ParticipationField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, PARTICIPATION_IDS, general);
  const { from, to } = yearBounds(report.year);

  function choose(code: string) {
    setPracticeCode(code);
    const p: PracticeAllowances | undefined = report.practices.find((x) => x.practiceCode === code);
    setJoined(partsOf(p?.joinedOn ?? null));
    setLeft(partsOf(p?.leftOn ?? null));
  }

  function show(found: FieldErrors<ParticipationField>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<ParticipationField> = {};
    const joinedOn = isoOf(joined);
    const leftOn = isoOf(left);
    if (!practiceCode) found.practiceCode = 'Select the practice';
    if (joinedOn === '') found.joinedOn = 'Enter the date the practice joined';
    else if (joinedOn === null) found.joinedOn = 'The date joined must be a real date';
    else if (joinedOn > to) found.joinedOn = `The date joined must be on or before ${formatShortDate(to)}, the end of ${report.year}`;
    if (leftOn === null) found.leftOn = 'The date left must be a real date';
    else if (leftOn && joinedOn && leftOn < joinedOn) found.leftOn = 'The date left must be the same as or after the date joined';
    else if (leftOn && leftOn < from) found.leftOn = `The date left must be on or after ${formatShortDate(from)}, the start of ${report.year}`;
    show(found, null);
    if (Object.keys(found).length || !joinedOn) return;
    save.mutate({ practiceCode, year: report.year, joinedOn, leftOn: leftOn || null }, {
      onSuccess: () => {
        const name = report.practices.find((p) => p.practiceCode === practiceCode)?.practiceName ?? practiceCode;
        onDone(`${name} takes part in ${report.year} from ${formatShortDate(joinedOn)}${leftOn ? ` until ${formatShortDate(leftOn)}` : ''}.`);
        show({}, null);
      },
      onError: (error) => {
        const mapped = fromServer(error, ['practiceCode', 'joinedOn', 'leftOn'] as const);
        show(mapped.fields, mapped.general);
      },
    });
  }

  return (
    <section aria-labelledby="record-participation">
      <h2 id="record-participation">Record when a practice joined</h2>
      <p>A practice joining from October gets the lower start-up fee. The start-up fee is paid only in the year a practice joins.</p>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        <Select id={PARTICIPATION_IDS.practiceCode} label="Practice" value={practiceCode} error={errors.practiceCode} onChange={choose}
          options={[{ value: '', text: 'Choose a practice' }, ...report.practices.map((p) => ({ value: p.practiceCode, text: `${p.practiceName} (${p.practiceCode})` }))]} />
        <DateInput id="participation-joined" legend="Date joined" hint={`For example, 1 10 ${from.slice(0, 4)}. It can be before ${report.year}.`} value={joined} onChange={setJoined} error={errors.joinedOn} />
        <DateInput id="participation-left" legend="Date left (if it has left)" hint="Leave blank while the practice takes part." value={left} onChange={setLeft} error={errors.leftOn} />
        <Button variant="secondary" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save participation'}</Button>
      </form>
    </section>
  );
}
