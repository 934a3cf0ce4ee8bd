/**
 * /activity: hospital activity priced at tariff (ACT-5). Filters in the address; cost by month as
 * a chart (with the contract plan when one provider is chosen) and the numbers behind it; a table
 * by provider, practice, group, specialty or point of delivery with totals, each linking to the
 * lines behind it; and, for commissioners, plan against actual with forecasts and RAG. Every table
 * downloads as CSV or XLSX. A practice sees its own patients' activity and no contract plans.
 */
import { Link } from 'react-router';
import {
  linesPageUrl, monitoringUrl, summaryUrl, useActivitySummary, useContractMonitoring, type ActivityFilterValues, type MonitoringReport,
} from '../api/activity.js';
import { usePractices, useProviders } from '../api/hooks.js';
import { ActivityFiltersForm, BY_OPTIONS } from '../activity/ActivityFiltersForm.js';
import { CostByTable, DIMENSION_NAMES, type TableDimension } from '../activity/CostByTable.js';
import { CostChart, type MonthPoint } from '../activity/CostChart.js';
import { DownloadLinks } from '../activity/DownloadLinks.js';
import { describeFilters, useActivityFilters } from '../activity/filters.js';
import { MonitoringTable } from '../activity/MonitoringTable.js';
import { MonthTable } from '../activity/MonthTable.js';
import { shortMonthLabel } from '../activity/years.js';
import { formatCount, formatPence, plural } from '../format/numbers.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { useScrollToHash } from '../layout/useScrollToHash.js';
import { Details } from '../nhsuk/Details.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';

export function ActivityPage() {
  return (
    <RequirePermission permission="activity.view">
      <Activity />
    </RequirePermission>
  );
}

const TABLE_DIMENSIONS = BY_OPTIONS.map((o) => o.value) as TableDimension[];

function Activity() {
  usePageTitle('Activity and cost');
  const me = useCurrentUser();
  const isPractice = me.role === 'practice';
  const { filters, search, setFilters } = useActivityFilters();
  const byParam = search.get('by') as TableDimension | null;
  const by: TableDimension = byParam && TABLE_DIMENSIONS.includes(byParam) ? byParam : 'provider';
  // The page's own filters: month and unpriced belong to the lines page.
  const pageFilters: ActivityFilterValues = { ...filters, month: undefined, unpriced: undefined };
  const providers = useProviders();
  const practices = usePractices();
  const byMonth = useActivitySummary(pageFilters, 'month');
  const byDimension = useActivitySummary(pageFilters, by);
  const monitoring = useContractMonitoring({ year: filters.year, provider: filters.provider }, !isPractice);
  useScrollToHash(byMonth.isSuccess && byDimension.isSuccess && (isPractice || monitoring.isSuccess));

  const providerName = (code: string) => providers.data?.find((p) => p.code === code)?.name ?? `provider ${code}`;
  const practiceName = (code: string) => practices.data?.find((p) => p.code === code)?.name ?? `practice ${code}`;
  const subject = describeFilters(pageFilters, { provider: providerName, practice: practiceName });
  const scope = isPractice ? `${me.practiceName ?? 'your practice'}’s patients` : 'the commissioner’s practices';
  const heading = `${filters.year}${subject ? `: ${subject}` : ''}`;

  // The plan line: one provider chosen and nothing else narrowing its activity, so plan and cost compare.
  const narrowed = Boolean(filters.practice || filters.pod || filters.tfc || filters.group);
  const planProvider = !isPractice && filters.provider && !narrowed ? monitoring.data?.providers.find((p) => p.providerCode === filters.provider) : undefined;
  const plan = planProvider?.contractId ? planProvider : undefined;

  const monthRows = byMonth.data?.rows ?? [];
  const points: MonthPoint[] = Array.from({ length: 12 }, (_, i) => {
    const row = monthRows.find((r) => r.month === i + 1);
    return { month: i + 1, label: row?.monthLabel ?? shortMonthLabel(filters.year, i + 1), costPence: row?.costPence ?? 0, planPence: plan ? plan.months[i]!.planPence : null };
  });

  return (
    <>
      <h1>Activity and cost</h1>
      <p className="nhsuk-lede-text">
        Hospital activity of {scope}, priced at the national tariff (adjusted for each provider’s market forces factor), by month of the financial year.
      </p>
      <p>
        <Link className="nhsuk-link" to="/activity/matching">How first attendances matched gateway referrals</Link>
        {' · '}
        <Link className="nhsuk-link" to="/challenges">Challenges raised against this activity</Link>
      </p>

      <ActivityFiltersForm
        key={search.toString()}
        initial={{ year: filters.year, provider: filters.provider ?? '', practice: filters.practice ?? '', pod: filters.pod ?? '', tfc: filters.tfc ?? '', by }}
        providers={providers.data ?? []}
        practices={isPractice ? null : (practices.data ?? [])}
        onApply={(v) => setFilters({ year: v.year, provider: v.provider, practice: isPractice ? null : v.practice, pod: v.pod, tfc: v.tfc, by: v.by === 'provider' ? null : v.by })}
      />

      {byMonth.isPending && <LoadingStatus>Loading the activity…</LoadingStatus>}
      {byMonth.isError && <ProblemMessage><p>The activity could not be loaded. {byMonth.error.message}</p></ProblemMessage>}
      {byMonth.data && (
        <>
          <p>
            <span className="app-figure">{formatPence(byMonth.data.total.costPence)}</span>
            at tariff for {plural(byMonth.data.total.lines, 'line')} of activity in {heading}.
          </p>
          {byMonth.data.total.unpricedLines > 0 && (
            <InsetText>
              <p>
                {plural(byMonth.data.total.unpricedLines, 'line')} could not be priced (no tariff price) and {byMonth.data.total.unpricedLines === 1 ? 'is' : 'are'} not in the cost.{' '}
                <Link className="nhsuk-link" to={linesPageUrl({ ...pageFilters, unpriced: 'true' })}>See the unpriced lines</Link>
              </p>
            </InsetText>
          )}

          <section aria-labelledby="by-month">
            <h2 id="by-month">Cost by month</h2>
            {!isPractice && filters.provider && narrowed && <p>Clear the practice, point of delivery and specialty filters to see the contract plan beside the cost.</p>}
            {!isPractice && filters.provider && !narrowed && monitoring.isSuccess && !plan && <p>{providerName(filters.provider)} has no contract for {filters.year}.</p>}
            <CostChart
              points={points}
              title={`Cost at tariff by month, ${heading}`}
              description={`Bars: cost at tariff each month from April to March.${plan ? ` Dashed line: the contract plan (${plan.reference ?? ''}) for the month.` : ''} The same numbers are in the table under “Show the numbers”.`}
            />
            <Details summary="Show the numbers">
              <MonthTable
                caption={`Activity and cost at tariff by month, ${heading}`}
                filters={pageFilters}
                rows={points.map((p) => {
                  const row = monthRows.find((r) => r.month === p.month);
                  return { month: p.month, label: p.label, lines: row?.lines ?? 0, unpricedLines: row?.unpricedLines ?? 0, costPence: p.costPence, planPence: p.planPence };
                })}
              />
            </Details>
            <DownloadLinks what="activity by month" href={(format) => summaryUrl(pageFilters, 'month', format)} />
          </section>
        </>
      )}

      <section aria-labelledby="by-dimension">
        <h2 id="by-dimension">By {DIMENSION_NAMES[by].toLowerCase()}</h2>
        {byDimension.isPending && <LoadingStatus>Loading the table…</LoadingStatus>}
        {byDimension.isError && <ProblemMessage><p>The table could not be loaded. {byDimension.error.message}</p></ProblemMessage>}
        {byDimension.data && (byDimension.data.rows.length === 0
          ? <p>There is no activity in {heading}.</p>
          : (
            <>
              <p>Select a cost to see the lines behind it.{by === 'group' && ' Lines of practices outside the commissioner are grouped as Out of area.'}</p>
              <CostByTable caption={`Activity and cost by ${DIMENSION_NAMES[by].toLowerCase()}, ${heading}`} rows={byDimension.data.rows} total={byDimension.data.total} by={by} filters={pageFilters} />
              <DownloadLinks what={`activity by ${DIMENSION_NAMES[by].toLowerCase()}`} href={(format) => summaryUrl(pageFilters, by, format)} />
            </>
          ))}
      </section>

      {!isPractice && (
        <section aria-labelledby="monitoring">
          <h2 id="monitoring">Contract monitoring</h2>
          {monitoring.isPending && <LoadingStatus>Loading the contract monitoring…</LoadingStatus>}
          {monitoring.isError && <ProblemMessage><p>The contract monitoring could not be loaded. {monitoring.error.message}</p></ProblemMessage>}
          {monitoring.data && <Monitoring report={monitoring.data} provider={filters.provider} narrowed={narrowed} />}
        </section>
      )}
    </>
  );
}

function Monitoring({ report, provider, narrowed }: { report: MonitoringReport; provider?: string; narrowed: boolean }) {
  const toDate = report.period ? `year to date (${report.period})` : 'the year (no month has any activity yet)';
  return (
    <>
      <p>
        Plan against actual for {toDate}, {report.year}: the commissioner’s own patients’ activity at tariff against each contract’s plan, phased by month.
        {narrowed && ' The practice, point of delivery and specialty filters do not apply here: a contract is monitored whole.'}
      </p>
      <Details summary="How the forecasts and ratings are worked out">
        <ul className="nhsuk-list nhsuk-list--bullet">
          <li>{report.methods.straight_line}</li>
          <li>{report.methods.seasonal}</li>
          <li>RAG: green when actual is within {report.rag.greenWithinPercent}% of plan to date (either way), amber within {report.rag.amberWithinPercent}%, red beyond. A provider with activity and no plan is red.</li>
          <li>Unpriced lines are not in the cost; out-of-area lines are charged to the patient’s own commissioner and are not counted against the plan.</li>
        </ul>
      </Details>
      {report.providers.length === 0
        ? <p>There are no contracts or activity for {report.year}{provider ? ` at ${provider}` : ''}.</p>
        : (
          <>
            <MonitoringTable
              caption={`Plan against actual by provider, ${report.year}`}
              firstHeader="Provider"
              rows={report.providers.map((p) => ({
                key: p.providerCode,
                name: p.contractId ? <Link className="nhsuk-link" to={`/contracts/${p.contractId}`}>{p.providerName}</Link> : p.providerName,
                detail: p.reference ? `${p.providerCode}, contract ${p.reference}` : `${p.providerCode}, no contract`,
                series: p,
                outOfAreaLines: p.outOfAreaLines,
              }))}
              total={report.providers.length > 1 ? report.total : undefined}
            />
            {report.lines && report.lines.length > 0 && (
              <MonitoringTable
                caption={`${report.providers[0]?.providerName ?? provider}: plan against actual by contract line, ${report.year}`}
                firstHeader="Contract line"
                rows={report.lines.map((l, i) => ({
                  key: `${l.kind}-${l.pod ?? ''}-${l.tfc}-${i}`,
                  name: l.kind === 'line' ? `${l.podName}, ${l.tfcName}` : l.podName,
                  detail: l.kind === 'line' ? `${formatCount(l.ytdActualVolume)} of ${formatCount(l.ytdPlanVolume)} planned to date` : l.tfcName,
                  series: l,
                }))}
              />
            )}
            <DownloadLinks what="contract monitoring" href={(format) => monitoringUrl({ year: report.year, provider }, format)} />
          </>
        )}
    </>
  );
}
