/**
 * /budgets/scenarios: what a reduction of N% in new outpatient attendances, follow-ups,
 * consultant-to-consultant first attendances and unplanned admissions is worth (FIN-10), per
 * practice, per group and in total, priced from the year's activity at tariff. The percentage and
 * year are in the address; the table downloads as CSV or XLSX.
 */
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { scenariosUrl, useScenarios, type ScenarioReport, type ScenarioRow } from '../api/budgets.js';
import { DownloadLinks } from '../activity/DownloadLinks.js';
import { currentFinancialYear, financialYearOptions, isFinancialYear } from '../activity/years.js';
import { formatCount, formatPence } from '../format/numbers.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { TextInput } from '../nhsuk/TextInput.js';

export function ScenariosPage() {
  return (
    <RequirePermission permission="budget.view">
      <Scenarios />
    </RequirePermission>
  );
}

const PERCENT = /^(?:100(?:\.0{1,2})?|\d{1,2}(?:\.\d{1,2})?)$/;
const validPercent = (text: string) => PERCENT.test(text.trim()) && Number(text) > 0;

function Scenarios() {
  const me = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const yearParam = search.get('year');
  const year = isFinancialYear(yearParam) ? yearParam : currentFinancialYear();
  const percentParam = search.get('percent') ?? '1';
  const percent = validPercent(percentParam) ? percentParam.trim() : '1';
  const [hasErrors, setHasErrors] = useState(false);
  usePageTitle('Scenarios', hasErrors);
  const report = useScenarios(year, percent);

  return (
    <>
      <h1>Scenarios: what a reduction is worth</h1>
      <p className="nhsuk-lede-text">
        The value of fewer new outpatient attendances, follow-ups, consultant-to-consultant referrals and unplanned admissions, priced from {me.role === 'practice' ? 'your practice’s' : 'each practice’s'} activity in the year at tariff.
      </p>
      <ScenarioForm key={search.toString()} year={year} percent={percent} onErrors={setHasErrors}
        onApply={(y, p) => setSearch({ ...(y !== currentFinancialYear() && { year: y }), ...(p !== '1' && { percent: p }) }, { preventScrollReset: true })} />
      {report.isPending && <LoadingStatus>Working out the scenario…</LoadingStatus>}
      {report.isError && <ProblemMessage><p>The scenario could not be worked out. {report.error.message}</p></ProblemMessage>}
      {report.data && <Results report={report.data} />}
    </>
  );
}

function ScenarioForm({ year, percent, onApply, onErrors }: { year: string; percent: string; onApply: (year: string, percent: string) => void; onErrors: (has: boolean) => void }) {
  const [v, setV] = useState({ year, percent });
  const [error, setError] = useState<string | null>(null);
  const years = financialYearOptions();
  if (!years.includes(v.year)) years.push(v.year);
  function submit(event: FormEvent) {
    event.preventDefault();
    const text = v.percent.trim().replace(/%$/, '');
    if (!validPercent(text)) {
      setError('Reduction must be a percentage above 0 and up to 100, with up to two decimal places, like 1 or 2.5');
      onErrors(true);
      return;
    }
    setError(null);
    onErrors(false);
    onApply(v.year, text);
  }
  return (
    <form onSubmit={submit} noValidate>
      {error && <ErrorSummary errors={[{ text: error, fieldId: 'scenario-percent' }]} />}
      <div className="app-inline-form">
        <Select id="scenario-year" label="Financial year" value={v.year} onChange={(y) => setV((x) => ({ ...x, year: y }))} options={years.map((y) => ({ value: y, text: y }))} />
        <TextInput id="scenario-percent" label="Reduction, per cent" width={4} inputMode="decimal" autoComplete="off" value={v.percent} error={error}
          onChange={(e) => setV((x) => ({ ...x, percent: e.target.value }))} suffix="%" />
        <Button variant="secondary">Work it out</Button>
      </div>
    </form>
  );
}

function Results({ report }: { report: ScenarioReport }) {
  const row = (key: string, name: string, detail: string | null, r: ScenarioRow, bold = false) => {
    const b = (text: string) => (bold ? <strong>{text}</strong> : text);
    return (
      <TableRow key={key}>
        <Cell rowHeader>{bold ? <strong>{name}</strong> : name}{detail && <span className="app-block app-secondary">{detail}</span>}</Cell>
        {report.measures.map(({ measure }) => (
          <Cell key={measure} numeric nowrap>
            {b(formatPence(r.measures[measure].valuePence))}
            <span className="app-block app-secondary">{r.measures[measure].reducedLines.toLocaleString('en-GB', { maximumFractionDigits: 2 })} of {formatCount(r.measures[measure].lines)}</span>
          </Cell>
        ))}
        <Cell numeric nowrap>{b(formatPence(r.valuePence))}</Cell>
      </TableRow>
    );
  };
  return (
    <section aria-labelledby="scenario-results">
      <h2 id="scenario-results">A {report.percent}% reduction in {report.year}</h2>
      <p>
        <span className="app-figure">{formatPence(report.total.valuePence)}</span>
        across the commissioner’s practices, from {formatPence(report.total.costPence)} of this activity at tariff.
      </p>
      {report.practices.length === 0 && report.total.costPence === 0 ? <p>There is no priced activity in {report.year} yet.</p> : (
        <Table caption={`What a ${report.percent}% reduction is worth, ${report.year}`} captionSize="s" captionHint="(each cell: the value, then attendances or admissions fewer, of the year’s total)" scrollable>
          <TableHead>
            <HeaderCell>Practice</HeaderCell>
            {report.measures.map((m) => <HeaderCell key={m.measure} numeric>{m.label}</HeaderCell>)}
            <HeaderCell numeric>Total</HeaderCell>
          </TableHead>
          <TableBody>
            {report.practices.map((p) => row(p.code, p.practiceName, `${p.code}, ${p.groupName}`, p))}
            {report.groups.map((g) => row(`group-${g.groupCode}`, g.groupName, `Group total, ${g.practices} practices`, g, true))}
            {row('total', 'All practices', 'Commissioner total', report.total, true)}
          </TableBody>
        </Table>
      )}
      <p className="nhsuk-body-s">Each value is the activity’s cost at tariff × {report.percent}%, to the penny. New outpatient attendances here exclude consultant-to-consultant ones, which are counted on their own, so the columns add up.</p>
      <DownloadLinks what={`the ${report.percent}% scenario, ${report.year}`} href={(format) => scenariosUrl(report.year, String(report.percent), format)} />
    </section>
  );
}
