/**
 * /budgets/monitoring: spend against the year's published budgets (FIN-4). A chart of budget and
 * spend by month (with the numbers under "Show the numbers", each month's spend linking to the
 * activity behind it), then practices, groups and service lines with year to date, variance, RAG
 * and forecast outturn, and the commissioner's total; CSV and XLSX downloads laid out months
 * across. Filters (year, service line, group) are in the address. A practice sees its own practice,
 * its group's total and the commissioner's.
 */
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { linesPageUrl } from '../api/activity.js';
import { monitoringUrl, useBudgetMonitoring, useBudgetReference, type BudgetMonitoringReport, type MonitoringParams } from '../api/budgets.js';
import { useGroups } from '../api/hooks.js';
import { DownloadLinks } from '../activity/DownloadLinks.js';
import { formatSignedPence } from '../activity/money.js';
import { RagTag } from '../activity/RagTag.js';
import { currentFinancialYear, financialYearOptions, isFinancialYear } from '../activity/years.js';
import { BudgetChart, BudgetMonthTable, BudgetSeriesTable } from '../budgets/BudgetCharts.js';
import { formatPence } from '../format/numbers.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { Details } from '../nhsuk/Details.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';

export function BudgetMonitoringPage() {
  return (
    <RequirePermission permission="budget.view">
      <Monitoring />
    </RequirePermission>
  );
}

function Monitoring() {
  usePageTitle('Spend against budget');
  const me = useCurrentUser();
  const isPractice = me.role === 'practice';
  const [search, setSearch] = useSearchParams();
  const yearParam = search.get('year');
  const params: MonitoringParams = {
    year: isFinancialYear(yearParam) ? yearParam : currentFinancialYear(),
    serviceLine: search.get('serviceLine') || undefined,
    group: isPractice ? undefined : search.get('group') || undefined,
  };
  const report = useBudgetMonitoring(params);
  const reference = useBudgetReference();
  const groups = useGroups();
  const apply = (p: MonitoringParams) => {
    const next: Record<string, string> = {};
    if (p.year !== currentFinancialYear()) next.year = p.year;
    if (p.serviceLine) next.serviceLine = p.serviceLine;
    if (p.group) next.group = p.group;
    setSearch(next, { preventScrollReset: true });
  };

  return (
    <>
      <h1>Spend against budget</h1>
      <p className="nhsuk-lede-text">
        {isPractice ? `${me.practiceName ?? 'Your practice'}’s` : 'The practices’'} published budgets phased by month against spend: priced hospital activity in the budget’s scope, plus other spend such as prescribing.
      </p>
      <Filters key={search.toString()} params={params} isPractice={isPractice}
        serviceLines={reference.data?.serviceLines.map((l) => ({ value: l.serviceLine, text: l.label })) ?? []}
        groups={groups.data?.map((g) => ({ value: g.code, text: g.name })) ?? []} onApply={apply} />

      {report.isPending && <LoadingStatus>Loading spend against budget…</LoadingStatus>}
      {report.isError && <ProblemMessage><p>Spend against budget could not be loaded. {report.error.message}</p></ProblemMessage>}
      {report.data && <Report report={report.data} params={params} isPractice={isPractice} />}
    </>
  );
}

function Filters({ params, isPractice, serviceLines, groups, onApply }: {
  params: MonitoringParams; isPractice: boolean; serviceLines: { value: string; text: string }[]; groups: { value: string; text: string }[]; onApply: (p: MonitoringParams) => void;
}) {
  const [v, setV] = useState({ year: params.year, serviceLine: params.serviceLine ?? '', group: params.group ?? '' });
  const years = financialYearOptions();
  if (!years.includes(v.year)) years.push(v.year);
  function submit(event: FormEvent) {
    event.preventDefault();
    onApply({ year: v.year, serviceLine: v.serviceLine || undefined, group: v.group || undefined });
  }
  return (
    <form className="app-inline-form" onSubmit={submit} noValidate>
      <Select id="monitoring-year" label="Financial year" value={v.year} onChange={(year) => setV((x) => ({ ...x, year }))} options={years.map((y) => ({ value: y, text: y }))} />
      <Select id="monitoring-line" label="Service line" value={v.serviceLine} onChange={(serviceLine) => setV((x) => ({ ...x, serviceLine }))}
        options={[{ value: '', text: 'All budgeted lines' }, ...serviceLines]} />
      {!isPractice && (
        <Select id="monitoring-group" label="Group" value={v.group} onChange={(group) => setV((x) => ({ ...x, group }))} options={[{ value: '', text: 'All groups' }, ...groups]} />
      )}
      <Button variant="secondary">Show</Button>
    </form>
  );
}

function Report({ report, params, isPractice }: { report: BudgetMonitoringReport; params: MonitoringParams; isPractice: boolean }) {
  if (report.serviceLines.length === 0) {
    return (
      <p>
        No budgets are published for {report.year}{params.serviceLine ? ' on this service line' : ''} yet.{' '}
        {!isPractice && <Link className="nhsuk-link" to={`/budgets?year=${encodeURIComponent(report.year)}`}>Set the budgets</Link>}
      </p>
    );
  }
  // What the chart shows: one practice (a practice user), one group (a group filter), or the commissioner.
  const onePractice = report.practices.length === 1 && (isPractice || report.practices[0]!.practiceCode === params.practice) ? report.practices[0]! : null;
  const oneGroup = !onePractice && params.group ? report.groups.find((g) => g.groupCode === params.group) ?? null : null;
  const subject = onePractice ? onePractice.practiceName : oneGroup ? oneGroup.groupName : 'All practices';
  const series = onePractice ?? oneGroup ?? report.total;
  const lines = report.serviceLines.length === 1 ? report.serviceLines[0]!.label : 'all budgeted service lines';
  const heading = `${subject}, ${lines}, ${report.year}`;
  const toDate = report.period ? `year to date (${report.period})` : 'the year (no spend is in yet)';
  // Drill-down: with one service line, a month's spend links to its activity (its points of delivery and specialties).
  const line = report.serviceLines.length === 1 ? report.serviceLines[0]! : null;
  const drill = (practice?: string) => (month?: number) => (line && line.pods.length
    ? linesPageUrl({ year: report.year, practice, month: month ? String(month) : undefined, pod: line.pods.join(','), tfc: line.tfcs?.join(',') })
    : null);

  return (
    <>
      <p>
        <span className="app-figure">{formatPence(series.ytdSpendPence)}</span>
        spent against a budget of {formatPence(series.ytdBudgetPence)} for {toDate}: {formatSignedPence(series.variancePence)} <RagTag rag={series.rag} />
      </p>
      <section aria-labelledby="by-month">
        <h2 id="by-month">By month: {heading}</h2>
        <BudgetChart series={series} months={report.months} title={`Budget and spend by month, ${heading}`}
          description="Bars: spend each month from April to March. Dashed line: the budget for the month. The same numbers are in the table under “Show the numbers”." />
        <Details summary="Show the numbers">
          <BudgetMonthTable series={series} months={report.months} elapsed={report.monthsElapsed} caption={`Budget and spend by month, ${heading}`}
            drill={drill(onePractice?.practiceCode)} />
        </Details>
        <Details summary="How the forecasts and ratings are worked out">
          <ul className="nhsuk-list nhsuk-list--bullet">
            <li>{report.methods.straight_line}</li>
            <li>{report.methods.seasonal}</li>
            <li>RAG: green when spend is within {report.rag.greenWithinPercent}% of budget to date (either way), amber within {report.rag.amberWithinPercent}%, red beyond.</li>
            <li>Group and commissioner figures are the sums of their practices’.</li>
          </ul>
        </Details>
      </section>

      <section aria-labelledby="by-practice">
        <h2 id="by-practice">{isPractice ? 'Your practice and its totals' : 'By practice'}</h2>
        <BudgetSeriesTable caption={`Budget against spend by practice, ${report.year}`} firstHeader="Practice" rows={[
          ...report.practices.map((p) => {
            const link = drill(p.practiceCode)();
            return {
              key: p.practiceCode, series: p,
              name: p.practiceName,
              detail: <>{p.practiceCode}, {p.groupName}{p.unbudgeted ? ', no budget' : ''}{link && <> · <Link className="nhsuk-link" to={link}>Activity<span className="nhsuk-u-visually-hidden"> of {p.practiceName}</span></Link></>}</>,
            };
          }),
          ...report.groups.map((g) => ({ key: `group-${g.groupCode}`, series: g, name: <strong>{g.groupName}</strong>, detail: `Group total, ${g.practices} practices`, bold: true })),
          { key: 'total', series: report.total, name: <strong>All practices</strong>, detail: 'Commissioner total', bold: true },
        ]} />
        <DownloadLinks what={`spend against budget, ${report.year}`} href={(format) => monitoringUrl(params, format)} />
      </section>

      {report.serviceLines.length > 1 && (
        <section aria-labelledby="by-line">
          <h2 id="by-line">By service line</h2>
          <BudgetSeriesTable caption={`Budget against spend by service line, ${report.year}`} firstHeader="Service line" rows={[
            ...report.serviceLines.map((l) => ({ key: l.serviceLine, series: l, name: <Link className="nhsuk-link" to={`/budgets/${l.settingId}`}>{l.label}</Link>, detail: `Version ${l.version}; risk pool ${formatPence(l.topSlicePence)} held back` })),
            { key: 'total', series: report.total, name: <strong>All lines</strong>, detail: 'Commissioner total', bold: true },
          ]} />
        </section>
      )}
    </>
  );
}
