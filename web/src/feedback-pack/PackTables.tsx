/** The numbers behind each chart of the feedback pack, as tables (shown under each chart, one click away). */
import type { FeedbackPack } from '../api/feedback-packs.js';
import { formatCount, formatPence } from '../format/numbers.js';
import { Details } from '../nhsuk/Details.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { formatRate, formatShare } from './format.js';

const range = (low: number | null, high: number | null) => (low === null || high === null ? '–' : `${formatRate(low)} to ${formatRate(high)}`);

export function SpecialtyTable({ pack }: { pack: FeedbackPack }) {
  const rows = [...pack.referrals.bySpecialty, pack.referrals.total];
  return (
    <Details summary="Show the numbers: referrals by specialty">
      <Table caption={`Referrals per 1,000 patients by specialty, ${pack.monthLabel}`} captionSize="s" scrollable>
        <TableHead>
          <HeaderCell>Specialty</HeaderCell>
          <HeaderCell numeric>Referrals</HeaderCell>
          <HeaderCell numeric>Expected</HeaderCell>
          <HeaderCell numeric>Rate</HeaderCell>
          <HeaderCell numeric>Peers: median</HeaderCell>
          <HeaderCell numeric>Peers: 10th to 90th percentile</HeaderCell>
          <HeaderCell numeric>Peers: lowest to highest</HeaderCell>
          <HeaderCell>Compared with expected</HeaderCell>
        </TableHead>
        <TableBody>
          {rows.map((f) => (
            <TableRow key={f.tfc ?? 'all'}>
              <Cell rowHeader>{f.tfc ? `${f.name} (${f.tfc})` : <strong>{f.name}</strong>}</Cell>
              <Cell numeric>{formatCount(f.observed)}</Cell>
              <Cell numeric>{f.expected.toFixed(1)}</Cell>
              <Cell numeric>{formatRate(f.rate)}</Cell>
              <Cell numeric>{formatRate(f.peers.median)}</Cell>
              <Cell numeric nowrap>{range(f.peers.p10, f.peers.p90)}</Cell>
              <Cell numeric nowrap>{range(f.peers.min, f.peers.max)}</Cell>
              <Cell>{f.positionWords}</Cell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <p className="nhsuk-body-s">{pack.referrals.method}</p>
    </Details>
  );
}

export function TrendTable({ pack }: { pack: FeedbackPack }) {
  return (
    <Details summary="Show the numbers: the last 12 months">
      <Table caption="Referrals per 1,000 patients by month" captionSize="s" scrollable>
        <TableHead>
          <HeaderCell>Month</HeaderCell>
          <HeaderCell numeric>Referrals</HeaderCell>
          <HeaderCell numeric>Rate</HeaderCell>
          <HeaderCell numeric>Peers: median</HeaderCell>
          <HeaderCell numeric>Peers: 10th to 90th percentile</HeaderCell>
        </TableHead>
        <TableBody>
          {pack.trend.map((m) => (
            <TableRow key={m.month}>
              <Cell rowHeader nowrap>{m.label}</Cell>
              <Cell numeric>{formatCount(m.observed)}</Cell>
              <Cell numeric>{formatRate(m.rate)}</Cell>
              <Cell numeric>{formatRate(m.peerMedian)}</Cell>
              <Cell numeric nowrap>{range(m.peerP10, m.peerP90)}</Cell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Details>
  );
}

export function TriageTable({ pack }: { pack: FeedbackPack }) {
  return (
    <Details summary="Show the numbers: triage outcomes">
      <Table caption={`Triage outcomes of referrals received in ${pack.monthLabel}`} captionSize="s">
        <TableHead>
          <HeaderCell>Outcome</HeaderCell>
          <HeaderCell numeric>Referrals</HeaderCell>
          <HeaderCell numeric>Share</HeaderCell>
          <HeaderCell numeric>All practices</HeaderCell>
        </TableHead>
        <TableBody>
          {pack.triage.outcomes.map((o) => (
            <TableRow key={o.outcome}>
              <Cell rowHeader>{o.label}</Cell>
              <Cell numeric>{formatCount(o.count)}</Cell>
              <Cell numeric>{formatShare(o.share)}</Cell>
              <Cell numeric>{formatShare(o.peerShare)}</Cell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Details>
  );
}

export function CriteriaTable({ pack }: { pack: FeedbackPack }) {
  if (!pack.criteria.length) return <p>No pathway criteria were missed in the month’s referrals.</p>;
  return (
    <Table caption="Pathway criteria most often missed" captionSize="s" scrollable>
      <TableHead>
        <HeaderCell>Pathway</HeaderCell>
        <HeaderCell>Criterion</HeaderCell>
        <HeaderCell numeric>Missed</HeaderCell>
        <HeaderCell numeric>Share</HeaderCell>
        <HeaderCell numeric>All practices</HeaderCell>
      </TableHead>
      <TableBody>
        {pack.criteria.map((c) => (
          <TableRow key={`${c.pathwayCode}-${c.criterionId}`}>
            <Cell rowHeader>{c.pathwayName}</Cell>
            <Cell>{c.label}</Cell>
            <Cell numeric nowrap>{formatCount(c.missed)} of {formatCount(c.assessed)}</Cell>
            <Cell numeric>{formatShare(c.share)}</Cell>
            <Cell numeric>{formatShare(c.peerShare)}</Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function ActivityTables({ pack }: { pack: FeedbackPack }) {
  const a = pack.activity;
  return (
    <>
      <Table caption={`First outpatient attendances, ${pack.monthLabel}`} captionSize="s">
        <TableHead>
          <HeaderCell>Measure</HeaderCell>
          <HeaderCell numeric>Value</HeaderCell>
        </TableHead>
        <TableBody>
          <TableRow><Cell rowHeader>Attendances</Cell><Cell numeric>{formatCount(a.attendances)}</Cell></TableRow>
          <TableRow><Cell rowHeader>Matched to a gateway referral</Cell><Cell numeric>{formatCount(a.matched)} ({formatShare(a.matchRate)}; all practices {formatShare(a.peerMatchRate)})</Cell></TableRow>
          <TableRow><Cell rowHeader>Cost of matched attendances (tariff)</Cell><Cell numeric>{formatPence(a.matchedCostPence)}</Cell></TableRow>
          <TableRow><Cell rowHeader>Cost of attendances without a gateway referral</Cell><Cell numeric>{formatPence(a.unmatchedCostPence)}</Cell></TableRow>
        </TableBody>
      </Table>
      {a.byPod.length > 0 && (
        <Details summary="Show all the month’s activity by point of delivery">
          <Table caption={`Activity at tariff by point of delivery, ${pack.monthLabel}`} captionSize="s">
            <TableHead>
              <HeaderCell>Point of delivery</HeaderCell>
              <HeaderCell numeric>Lines</HeaderCell>
              <HeaderCell numeric>Cost</HeaderCell>
            </TableHead>
            <TableBody>
              {a.byPod.map((p) => (
                <TableRow key={p.pod}><Cell rowHeader>{p.pod}</Cell><Cell numeric>{formatCount(p.lines)}</Cell><Cell numeric>{formatPence(p.costPence)}</Cell></TableRow>
              ))}
              <TableRow><Cell rowHeader><strong>All activity</strong></Cell><Cell numeric>{formatCount(a.byPod.reduce((s, p) => s + p.lines, 0))}</Cell><Cell numeric>{formatPence(a.costPence)}</Cell></TableRow>
            </TableBody>
          </Table>
        </Details>
      )}
    </>
  );
}

export function BudgetTable({ pack }: { pack: FeedbackPack }) {
  const b = pack.budget.figures;
  if (!b) return <p>{pack.budget.note}</p>;
  return (
    <Details summary="Show the numbers: budget position">
      <Table caption={`Budget position, ${pack.budget.year}`} captionSize="s">
        <TableHead>
          <HeaderCell>Measure</HeaderCell>
          <HeaderCell numeric>Amount</HeaderCell>
        </TableHead>
        <TableBody>
          <TableRow><Cell rowHeader>Budget for the year</Cell><Cell numeric>{formatPence(b.yearBudgetPence)}</Cell></TableRow>
          <TableRow><Cell rowHeader>Budget to date</Cell><Cell numeric>{formatPence(b.ytdBudgetPence)}</Cell></TableRow>
          <TableRow><Cell rowHeader>Spend to date</Cell><Cell numeric>{formatPence(b.ytdSpendPence)}</Cell></TableRow>
          <TableRow><Cell rowHeader>Variance (positive is overspent)</Cell><Cell numeric>{formatPence(b.variancePence)}{b.variancePercent === null ? '' : ` (${b.variancePercent.toFixed(1)}%)`}</Cell></TableRow>
          <TableRow><Cell rowHeader>RAG</Cell><Cell numeric>{b.rag}</Cell></TableRow>
          <TableRow><Cell rowHeader>Forecast outturn</Cell><Cell numeric>{b.forecastPence === null ? '–' : formatPence(b.forecastPence)}</Cell></TableRow>
        </TableBody>
      </Table>
      <p className="nhsuk-body-s">{pack.budget.note}</p>
    </Details>
  );
}
