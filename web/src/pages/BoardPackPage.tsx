/**
 * /board-pack?month=YYYY-MM: the board pack for a month (INFO-2): a preview of each section —
 * finance by group and service line, activity against contract plan by provider with the largest
 * variances, referrals and triage, plan milestones (overdue said in words) and the month's
 * decisions with declared interests and recusals — and the PDF laid out for printing. For board
 * members, the commissioner and finance (contract.read holders); every look is audited.
 */
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { boardPackPdfUrl, useBoardPack, type BoardPack, type MoneyRow } from '../api/dashboard.js';
import { RagTag } from '../activity/RagTag.js';
import { formatDate } from '../format/dates.js';
import { formatCount } from '../format/numbers.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { DataTable, type DataColumn } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';

export function BoardPackPage() {
  return (
    <RequirePermission permission="contract.read">
      <BoardPackView />
    </RequirePermission>
  );
}
export default BoardPackPage;

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthText = (m: string) => `${MONTH_NAMES[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;

/** This month and the 12 before it, newest first (2026-11, 2026-10, …). */
function recentMonths(today = new Date()): string[] {
  const months: string[] = [];
  for (let i = 0; i <= 12; i += 1) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - i, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}

const pounds = (pence: number | null) => (pence === null ? 'Not yet' : `${pence < 0 ? '-' : ''}£${formatCount(Math.round(Math.abs(pence) / 100))}`);
const percent = (p: number | null) => (p === null ? 'No plan' : `${p > 0 ? '+' : ''}${p.toFixed(1)}%`);

function moneyColumns(first: string): DataColumn<MoneyRow>[] {
  return [
    { header: first, cell: (r) => r.name },
    { header: 'Year plan', numeric: true, cell: (r) => pounds(r.yearPlanPence) },
    { header: 'Plan to date', numeric: true, cell: (r) => pounds(r.ytdPlanPence) },
    { header: 'Actual to date', numeric: true, cell: (r) => pounds(r.ytdActualPence) },
    { header: 'Variance', numeric: true, cell: (r) => `${pounds(r.variancePence)} (${percent(r.variancePercent)})` },
    { header: 'Forecast outturn', numeric: true, cell: (r) => pounds(r.forecastPence) },
    { header: 'RAG', cell: (r) => <RagTag rag={r.rag} /> },
  ];
}

function BoardPackView() {
  const [search, setSearch] = useSearchParams();
  const months = recentMonths();
  const asked = search.get('month') ?? '';
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : months[1]!;
  const pack = useBoardPack(month);
  usePageTitle(`Board pack: ${monthText(month)}`);
  const [chosen, setChosen] = useState(month);
  const options = (months.includes(month) ? months : [month, ...months]).map((m) => ({ value: m, text: monthText(m) }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSearch({ month: chosen });
  };

  return (
    <>
      <h1>Board pack: {monthText(month)}</h1>
      <p className="nhsuk-lede-text">Finance, activity, referrals, plan milestones and decisions for the board’s meeting, as one PDF laid out for printing.</p>
      <form className="app-inline-form" onSubmit={submit} aria-label="Choose the month">
        <Select id="board-pack-month" label="Month" value={chosen} onChange={setChosen} options={options} />
        <Button type="submit" variant="secondary">Show the month</Button>
      </form>
      <p className="nhsuk-body">
        <a className="nhsuk-link" href={boardPackPdfUrl(month)} download>Download the board pack (PDF)<span className="nhsuk-u-visually-hidden">, {monthText(month)}</span></a>
      </p>
      {pack.isPending && <LoadingStatus />}
      {pack.isError && <ProblemMessage>The board pack is not available: {pack.error.message}</ProblemMessage>}
      {pack.data && <Preview pack={pack.data} />}
    </>
  );
}

function Preview({ pack: p }: { pack: BoardPack }) {
  const f = p.finance;
  const a = p.activity;
  const r = p.referrals;
  const m = p.milestones;
  return (
    <>
      <p className="nhsuk-body-s">Generated {formatDate(p.generatedAt.slice(0, 10))}. Figures are year to date ({p.month.year}) to the end of {p.month.label}.</p>

      <h2>1. Finance: budget position</h2>
      {f.published ? (
        <>
          <p>All practices: {pounds(f.total.ytdActualPence)} spent against {pounds(f.total.ytdPlanPence)} budgeted to date ({percent(f.total.variancePercent)}); forecast outturn {pounds(f.total.forecastPence)}.</p>
          <DataTable caption="Budget position by group" captionSize="s" columns={moneyColumns('Group')} rows={[...f.groups, f.total]} rowKey={(x) => x.code} scrollable />
          <DataTable caption="Budget position by service line" captionSize="s" columns={moneyColumns('Service line')} rows={[...f.serviceLines, f.total]} rowKey={(x) => x.code} scrollable />
        </>
      ) : <p>No budgets are published for {f.year}.</p>}

      <h2>2. Activity against contract plan</h2>
      {a.providers.length ? (
        <>
          <DataTable caption="Activity against contract plan by provider" captionSize="s" columns={moneyColumns('Provider')} rows={[...a.providers, a.total]} rowKey={(x) => x.code} scrollable />
          {a.topVariances.length > 0 && (
            <DataTable caption="Largest variances, line by line" captionSize="s" columns={moneyColumns('Provider and line').map((c, i) => (i === 0 ? { ...c, cell: (x: MoneyRow) => `${(x as MoneyRow & { providerName: string }).providerName}: ${x.name}` } : c))}
              rows={a.topVariances} rowKey={(x) => x.code} scrollable />
          )}
        </>
      ) : <p>No contracts or activity are recorded for this year.</p>}

      <h2>3. Referrals and triage</h2>
      <DataTable caption={`Referrals received in ${p.month.label}`} captionSize="s" rows={[...r.byPriority, { priority: 'all', label: 'All referrals', count: r.received }]} rowKey={(x) => x.priority}
        columns={[{ header: 'Priority', cell: (x) => x.label }, { header: 'Referrals', numeric: true, cell: (x) => formatCount(x.count) }]} />
      <DataTable caption={`Triage outcomes in ${p.month.label}`} captionSize="s" rows={r.outcomes} rowKey={(x) => x.outcome}
        columns={[{ header: 'Outcome', cell: (x) => x.label }, { header: 'Decisions', numeric: true, cell: (x) => formatCount(x.count) }, { header: 'Share', numeric: true, cell: (x) => (r.decisions ? `${x.percent}%` : '-') }]} />
      <p>
        Median turnaround: {r.turnaround.medianWorkingDays === null ? 'no decisions' : `${r.turnaround.medianWorkingDays} working days`};
        {' '}within the service level ({r.turnaround.serviceLevelDays} working days): {r.decisions ? `${formatCount(r.turnaround.withinServiceLevel)} of ${formatCount(r.decisions)} (${r.turnaround.withinPercent}%)` : 'no decisions'}.
      </p>

      <h2>4. Plan milestones</h2>
      {m.rows.length ? (
        <>
          <p>As at {formatDate(p.asAt)}: {m.summary.overdue} overdue, {m.summary.dueSoon} due in the next 30 days, {m.summary.delivered} of {m.summary.total} delivered.</p>
          <DataTable caption="Plan milestones" captionSize="s" rows={m.rows} rowKey={(x) => `${x.planTitle} ${x.dueOn} ${x.deliverable}`} scrollable
            columns={[
              { header: 'Due', nowrap: true, cell: (x) => formatDate(x.dueOn) },
              { header: 'Deliverable', cell: (x) => x.deliverable },
              { header: 'Plan', cell: (x) => x.groupName },
              { header: 'Owner', cell: (x) => x.owner || '-' },
              { header: 'Status', cell: (x) => (x.overdue ? <><Tag colour="red">Overdue</Tag> {x.statusLabel}</> : x.statusLabel) },
            ]} firstColumnIsHeader={false} />
        </>
      ) : <p>No plan milestones are recorded for {p.month.year}.</p>}

      <h2>5. Decisions of the month</h2>
      {p.decisions.length ? p.decisions.map((d) => (
        <div key={d.id} className="nhsuk-u-margin-bottom-4">
          <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">{formatDate(d.decidedOn)}: {d.title}</h3>
          <p className="nhsuk-body nhsuk-u-margin-bottom-1">{d.bodyName}. Outcome: {d.outcomeLabel}. {d.tallyText}.</p>
          <p className="nhsuk-body nhsuk-u-margin-bottom-1">Declared interests: {d.interests.length ? d.interests.join(' ') : 'none conflicted with this decision.'}</p>
          {d.recusals.length > 0 && <p className="nhsuk-body">Recusals: {d.recusals.join('; ')}.</p>}
        </div>
      )) : <p>No decisions were recorded in {p.month.label}.</p>}
    </>
  );
}
