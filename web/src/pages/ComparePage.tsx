/**
 * /insight/compare: practices compared fairly on a measure (issue 7 §1-2, REF-8). Charts first —
 * the funnel plot, the practice's trend against its peers, the deciles — each with a text summary
 * and its numbers one click away, then the method. Everything asked for lives in the address
 * (?measure=&from=&to=&tfc=&group=|grouping=&practice=), so a view can be shared. A practice user
 * sees its own practice highlighted and named, and the others only as labels and rates.
 */
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { comparisonUrl, trendUrl, useComparison, useMeasures, useTrend, type Comparison, type ComparisonParams, type ComparisonRow } from '../api/insight.js';
import { usePractices } from '../api/hooks.js';
import { DownloadLinks } from '../activity/DownloadLinks.js';
import { DecileChart, decileSummary } from '../insight/DecileChart.js';
import { FunnelPlot, funnelSummary } from '../insight/FunnelPlot.js';
import { formatExpected, formatInterval, formatRate, formatWhole, unitOf } from '../insight/format.js';
import { PeerSetSelect, peerSetOf, peerSetParams } from '../groupings/PeerSetSelect.js';
import { TrendChart, TrendTable, trendSummary } from '../insight/TrendChart.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { Details } from '../nhsuk/Details.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { TextInput } from '../nhsuk/TextInput.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function ComparePage() {
  return (
    <RequirePermission permission="insight.view">
      <Compare />
    </RequirePermission>
  );
}
export default ComparePage;

function Compare() {
  const me = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const measures = useMeasures();
  const inForce = (measures.data?.measures ?? []).filter((m) => m.inForce);
  const measure = search.get('measure') || inForce[0]?.code || '';
  const practice = me.practiceCode ?? search.get('practice') ?? '';
  const params: ComparisonParams = {
    measure, from: search.get('from') ?? undefined, to: search.get('to') ?? undefined, tfc: search.get('tfc') ?? undefined,
    group: search.get('group') ?? undefined, grouping: search.get('grouping') ?? undefined, highlight: me.practiceCode ? undefined : practice || undefined,
  };
  const comparison = useComparison(measure ? params : null);
  const trend = useTrend(measure && practice ? { ...params, practice, months: Number(search.get('months')) || 12 } : null);
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  usePageTitle('Compare practices', errors.length > 0);

  return (
    <>
      <h1>Compare practices</h1>
      <p className="nhsuk-lede-text">
        Rates per 1,000 patients, fairly adjusted for the age and sex of each list, judged against chance on a funnel plot.
        {me.practiceCode ? ' Your practice is highlighted; other practices are shown only as labels and rates.' : ''}
      </p>
      {errors.length > 0 && <ErrorSummary errors={errors} />}
      {measures.isError && <ProblemMessage><p>The measures could not be loaded. {measures.error.message}</p></ProblemMessage>}
      {measures.data && (
        <Filters key={search.toString()} measures={inForce.map((m) => ({ value: m.code, text: m.name }))} initial={{ ...params, practice }}
          practiceUser={me.practiceCode !== null} onErrors={setErrors}
          onSubmit={(values) => setSearch(new URLSearchParams(Object.entries(values).filter(([, v]) => v) as [string, string][]), { preventScrollReset: true })} />
      )}
      {comparison.isPending && measure && <LoadingStatus>Loading the comparison…</LoadingStatus>}
      {comparison.isError && <ProblemMessage><p>The comparison could not be loaded. {comparison.error.message}</p></ProblemMessage>}
      {comparison.data && <ComparisonView comparison={comparison.data} params={params} />}
      {practice && (
        <section aria-labelledby="trend-heading">
          <h2 id="trend-heading">Trend{trend.data ? `: ${trend.data.practice.label}` : ''}</h2>
          {trend.isPending && <LoadingStatus>Loading the trend…</LoadingStatus>}
          {trend.isError && <ProblemMessage><p>The trend could not be loaded. {trend.error.message}</p></ProblemMessage>}
          {trend.data && (
            <>
              <p>{trendSummary(trend.data)}</p>
              <TrendChart trend={trend.data} />
              <Details summary="Show the numbers for the trend">
                <TrendTable trend={trend.data} />
                <DownloadLinks href={(format) => trendUrl({ ...params, practice, months: trend.data.months.length }, format)} what="the trend" />
              </Details>
            </>
          )}
        </section>
      )}
    </>
  );
}

interface FilterValues { measure: string; from: string; to: string; tfc: string; group: string; grouping: string; practice: string }

function Filters({ measures, initial, practiceUser, onSubmit, onErrors }: {
  measures: { value: string; text: string }[];
  initial: ComparisonParams & { practice: string };
  practiceUser: boolean;
  onSubmit: (values: FilterValues) => void;
  onErrors: (errors: ErrorSummaryItem[]) => void;
}) {
  const practices = usePractices();
  const [values, setValues] = useState<FilterValues>({
    measure: initial.measure, from: initial.from ?? '', to: initial.to ?? '', tfc: initial.tfc ?? '', group: initial.group ?? '', grouping: initial.grouping ?? '', practice: practiceUser ? '' : initial.practice,
  });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof FilterValues, string>>>({});
  const set = (key: keyof FilterValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Partial<Record<keyof FilterValues, string>> = {};
    if (values.from && !MONTH.test(values.from)) found.from = 'Enter the first month like 2025-04';
    if (values.to && !MONTH.test(values.to)) found.to = 'Enter the last month like 2026-03';
    if (!found.from && !found.to && values.from && values.to && values.from > values.to) found.from = 'The first month must be on or before the last month';
    if (values.tfc && !/^\d{3}$/.test(values.tfc)) found.tfc = 'Enter a 3-digit treatment function code, like 110';
    setFieldErrors(found);
    onErrors(Object.entries(found).map(([field, text]) => ({ fieldId: `compare-${field}`, text: text! })));
    if (Object.keys(found).length === 0) onSubmit(values);
  }
  return (
    <form onSubmit={submit} noValidate className="nhsuk-u-margin-bottom-5">
      <Select id="compare-measure" label="Measure" value={values.measure} onChange={set('measure')} options={measures} />
      <div className="app-inline-form">
        <TextInput id="compare-from" label="First month" hint="For example, 2025-04" width={10} value={values.from} error={fieldErrors.from} onChange={(e) => set('from')(e.target.value.trim())} />
        <TextInput id="compare-to" label="Last month" hint="Default: the last whole month" width={10} value={values.to} error={fieldErrors.to} onChange={(e) => set('to')(e.target.value.trim())} />
        <TextInput id="compare-tfc" label="Specialty (treatment function)" hint="Optional, for example 110" width={4} inputMode="numeric" value={values.tfc} error={fieldErrors.tfc} onChange={(e) => set('tfc')(e.target.value.trim())} />
      </div>
      <PeerSetSelect id="compare-peers" label="Peers" hint="Practices to compare with. Rates are always judged against the whole commissioner’s." emptyOption="All practices" value={peerSetOf(values.group, values.grouping)} onChange={(p) => setValues((s) => ({ ...s, group: '', grouping: '', ...peerSetParams(p) }))} />
      {!practiceUser && (
        <Select id="compare-practice" label="Highlight a practice" value={values.practice} onChange={set('practice')}
          options={[{ value: '', text: 'None' }, ...(practices.data ?? []).map((p) => ({ value: p.code, text: `${p.name} (${p.code})` }))]} />
      )}
      <Button>Compare</Button>
    </form>
  );
}

function ComparisonView({ comparison: c, params }: { comparison: Comparison; params: ComparisonParams }) {
  const unit = unitOf(c.measure.per);
  return (
    <>
      <InsetText>
        <p><strong>{c.measure.name}</strong> (version {c.measure.version}), {c.period.from} to {c.period.to}. <strong>{capitalise(c.measure.direction)}.</strong></p>
        <p>{c.measure.rationale}</p>
      </InsetText>
      <section aria-labelledby="funnel-heading">
        <h2 id="funnel-heading">Funnel plot</h2>
        <p>{funnelSummary(c)}</p>
        <p className="nhsuk-body-s">Points between the dashed lines (95%) are within what chance explains; beyond the solid lines (99.8%) chance is an unlikely explanation.
          The highlighted practice is the red diamond with its name.</p>
        <FunnelPlot comparison={c} />
        <Details summary="Show the numbers for every practice">
          <ComparisonTable comparison={c} unit={unit} />
          <DownloadLinks href={(format) => comparisonUrl(params, format)} what="the comparison" />
        </Details>
      </section>
      <section aria-labelledby="deciles-heading">
        <h2 id="deciles-heading">Deciles</h2>
        <p>{decileSummary(c)}</p>
        <DecileChart comparison={c} />
        {c.deciles && (
          <Details summary="Show the decile cut points">
            <Table caption={`Deciles of the peers’ ${c.chart.scale === 'ratio' ? 'standardised rates' : 'rates'}${unit}`} captionSize="s">
              <TableHead><HeaderCell>Percentile</HeaderCell><HeaderCell numeric>Value</HeaderCell></TableHead>
              <TableBody>{c.deciles.map((d) => <TableRow key={d.percentile}><Cell rowHeader>{d.percentile}th</Cell><Cell numeric>{formatRate(d.value)}</Cell></TableRow>)}</TableBody>
            </Table>
          </Details>
        )}
      </section>
      <Details summary="How these figures are worked out">
        <p>{c.method}</p>
        <p>Commissioner: {formatWhole(c.reference.events)} events, {formatWhole(c.reference.patients)} {c.chart.scale === 'ratio' || c.measure.per !== 1 ? 'patients (average list)' : 'in the denominator'}, {formatRate(c.reference.rate)}{unit}.
          {c.reference.unplacedEvents > 0 ? ` ${formatWhole(c.reference.unplacedEvents)} events had no recorded sex or fell in a band with nobody registered.` : ''}</p>
      </Details>
    </>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function ComparisonTable({ comparison: c, unit }: { comparison: Comparison; unit: string }) {
  const standardised = c.chart.scale === 'ratio';
  const name = (r: ComparisonRow) => (r.highlighted ? <strong>{r.label} (highlighted)</strong> : r.label);
  return (
    <Table caption={`${c.measure.name}, ${c.period.from} to ${c.period.to}`} captionSize="s" scrollable>
      <TableHead>
        <HeaderCell>Practice</HeaderCell>
        <HeaderCell numeric>Observed</HeaderCell>
        <HeaderCell numeric>{c.measure.per === 1 ? 'Denominator' : 'List size'}</HeaderCell>
        <HeaderCell numeric>Expected</HeaderCell>
        <HeaderCell numeric>Crude rate{unit}</HeaderCell>
        {standardised && <HeaderCell numeric>Standardised ratio (95% CI)</HeaderCell>}
        {standardised && <HeaderCell numeric>Standardised rate{unit}</HeaderCell>}
        <HeaderCell>Funnel</HeaderCell>
        <HeaderCell numeric>Decile</HeaderCell>
      </TableHead>
      <TableBody>
        {c.practices.map((r) => (
          <TableRow key={r.key}>
            <Cell rowHeader>{name(r)}</Cell>
            <Cell numeric>{formatWhole(r.observed)}</Cell>
            <Cell numeric>{formatWhole(c.measure.per === 1 ? r.denominatorEvents : r.patients)}</Cell>
            <Cell numeric>{formatExpected(r.expected)}</Cell>
            <Cell numeric nowrap>{formatRate(r.crudeRate)}<span className="app-block app-secondary">{formatInterval(r.crudeLower, r.crudeUpper)}</span></Cell>
            {standardised && <Cell numeric nowrap>{formatRate(r.ratio)}<span className="app-block app-secondary">{formatInterval(r.ratioLower, r.ratioUpper)}</span></Cell>}
            {standardised && <Cell numeric nowrap>{formatRate(r.rate)}</Cell>}
            <Cell>{r.reason ? `No value: ${r.reason}` : r.positionWords}</Cell>
            <Cell numeric>{formatWhole(r.decile)}</Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
