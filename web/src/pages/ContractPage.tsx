/**
 * /contracts/:id: one contract (ACT-4): its terms, the plan by month, the lines, follow-up caps,
 * KPIs and variations; commissioners and finance can add or remove lines, upload the lines from
 * CSV and record variations.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { inputOf, useContract, useUpdateContract, type ContractLine, type ContractView } from '../api/activity.js';
import { AddLineForm, AddVariationForm, UploadLinesForm } from '../activity/ContractForms.js';
import { formatSignedPence } from '../activity/money.js';
import { formatDateTime, formatShortDate } from '../format/dates.js';
import { formatCount, formatPence } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { Button } from '../nhsuk/Button.js';
import { Details } from '../nhsuk/Details.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { Cell, DataTable, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';
import { NotFoundContent } from './NotFoundPage.js';
import { PracticeNotice } from './ContractsPage.js';

export function ContractPage() {
  return (
    <RequirePermission permission="activity.view">
      <ContractOrNot />
    </RequirePermission>
  );
}

function ContractOrNot() {
  const me = useCurrentUser();
  if (me.role === 'practice') return <PracticeNotice />;
  return <Contract />;
}

function Contract() {
  const id = Number(useParams().id);
  const contract = useContract(id);
  const me = useCurrentUser();
  const manages = can(me, 'contract.manage');
  const notFound = !Number.isInteger(id) || id <= 0 || (contract.error instanceof ApiError && contract.error.status === 404);
  usePageTitle(contract.data ? `${contract.data.providerName} contract ${contract.data.year}` : notFound ? 'Page not found' : 'Contract');

  if (notFound) return <NotFoundContent />;
  if (contract.isPending) return <><h1>Contract</h1><LoadingStatus>Loading the contract…</LoadingStatus></>;
  if (contract.isError) return <><h1>Contract</h1><ProblemMessage><p>The contract could not be loaded. {contract.error.message}</p></ProblemMessage></>;
  const c = contract.data;
  return (
    <>
      <BackLink to={`/contracts?year=${encodeURIComponent(c.year)}`}>{`Back to contracts for ${c.year}`}</BackLink>
      <span className="nhsuk-caption-l">Contract {c.reference}</span>
      <h1>{c.providerName}: {c.year}</h1>
      <SummaryList rows={[
        { key: 'Provider', value: `${c.providerName} (${c.providerCode})` },
        { key: 'Reference', value: c.reference },
        { key: 'Phasing', value: c.phasing === 'even' ? 'Evenly over the 12 months' : `By profile (April to March): ${(c.profile ?? []).join(', ')}` },
        { key: 'Consultant-to-consultant first attendances', value: c.c2cAllowed ? 'Payable' : 'Not payable (challenged)' },
        { key: 'Planned volume', value: formatCount(c.plannedVolume) },
        { key: 'Planned value', value: formatPence(c.plannedValuePence) },
        { key: 'Variations', value: c.variationsPence === 0 ? 'None' : formatSignedPence(c.variationsPence) },
        { key: 'Total value', value: formatPence(c.totalValuePence) },
        { key: 'Last changed', value: `${formatDateTime(c.updatedAt)} by ${c.updatedBy}` },
      ]} />
      <p><Link className="nhsuk-link" to={`/activity?year=${encodeURIComponent(c.year)}&provider=${encodeURIComponent(c.providerCode)}`}>See activity against this contract</Link></p>

      <section aria-labelledby="plan-by-month">
        <h2 id="plan-by-month">Plan by month</h2>
        <p>Each line’s value and volume spread over the months {c.phasing === 'even' ? 'evenly' : 'by the profile'}, to the penny, adding up exactly to the year; variations from the month they take effect.</p>
        <MonthlyPlan contract={c} />
      </section>

      <section aria-labelledby="lines">
        <h2 id="lines">Lines</h2>
        <LinesTable contract={c} manages={manages} />
        {manages && (
          <>
            <Details summary="Add or replace a line"><AddLineForm contract={c} /></Details>
            <Details summary="Upload the lines from a CSV file"><UploadLinesForm contract={c} /></Details>
          </>
        )}
      </section>

      <section aria-labelledby="caps">
        <h2 id="caps">Follow-up caps</h2>
        {c.followUpCaps.length === 0
          ? <p>No follow-up to first attendance ratio is capped.</p>
          : (
            <DataTable caption="Follow-up to first attendance caps" captionHidden rows={c.followUpCaps} rowKey={(cap) => cap.tfc}
              columns={[
                { header: 'Specialty', cell: (cap) => (cap.tfc ? `${cap.tfcName ?? ''} (${cap.tfc})` : cap.tfcName ?? 'Any other specialty') },
                { header: 'Most follow-ups paid per first attendance', numeric: true, cell: (cap) => cap.maxRatio.toLocaleString('en-GB', { maximumFractionDigits: 2 }) },
              ]} />
          )}
      </section>

      <section aria-labelledby="kpis">
        <h2 id="kpis">Key performance indicators</h2>
        {c.kpis.length === 0
          ? <p>No KPIs are recorded.</p>
          : (
            <DataTable caption="Key performance indicators" captionHidden rows={c.kpis} rowKey={(k, i) => k.id ?? i}
              columns={[
                { header: 'Indicator', cell: (k) => k.name },
                { header: 'Met when', cell: (k) => `${k.direction === '>=' ? 'at least' : 'at most'} ${k.threshold}` },
                { header: 'Actual', numeric: true, cell: (k) => (k.actual === null ? 'Not recorded' : String(k.actual)) },
                { header: 'Period', cell: (k) => k.period ?? '' },
                { header: 'Status', cell: (k) => (k.met === null || k.met === undefined ? <Tag colour="grey">No actual yet</Tag> : k.met ? <Tag colour="green">Met</Tag> : <Tag colour="red">Not met</Tag>) },
              ]} />
          )}
      </section>

      <section aria-labelledby="variations">
        <h2 id="variations">Variations</h2>
        {c.variations.length === 0
          ? <p>The contract has not been varied.</p>
          : (
            <DataTable caption="Variations" captionHidden rows={c.variations} rowKey={(v) => v.id}
              columns={[
                { header: 'Takes effect', nowrap: true, cell: (v) => formatShortDate(v.effectiveFrom) },
                { header: 'Reason', cell: (v) => <span className="app-pre-line">{v.reason}</span> },
                { header: 'Change to the plan', numeric: true, nowrap: true, cell: (v) => formatSignedPence(v.valueChangePence) },
                { header: 'Recorded', cell: (v) => `${formatShortDate(v.recordedAt)} by ${v.recordedBy}` },
              ]} />
          )}
        {manages && <Details summary="Record a variation"><AddVariationForm contract={c} /></Details>}
      </section>
    </>
  );
}

function MonthlyPlan({ contract }: { contract: ContractView }) {
  const total = contract.monthly.reduce((a, m) => ({
    volume: a.volume + m.plannedVolume, lines: a.lines + m.plannedValuePence, variations: a.variations + m.variationsPence, value: a.value + m.totalValuePence,
  }), { volume: 0, lines: 0, variations: 0, value: 0 });
  return (
    <Table caption={`The plan by month, ${contract.year}`} captionHidden scrollable>
      <TableHead>
        <HeaderCell>Month</HeaderCell>
        <HeaderCell numeric>Planned volume</HeaderCell>
        <HeaderCell numeric>Lines’ value</HeaderCell>
        <HeaderCell numeric>Variations</HeaderCell>
        <HeaderCell numeric>Planned value</HeaderCell>
      </TableHead>
      <TableBody>
        {contract.monthly.map((m) => (
          <TableRow key={m.month}>
            <Cell rowHeader nowrap>{m.label}</Cell>
            <Cell numeric>{formatCount(m.plannedVolume)}</Cell>
            <Cell numeric nowrap>{formatPence(m.plannedValuePence)}</Cell>
            <Cell numeric nowrap>{m.variationsPence === 0 ? '' : formatSignedPence(m.variationsPence)}</Cell>
            <Cell numeric nowrap>{formatPence(m.totalValuePence)}</Cell>
          </TableRow>
        ))}
        <TableRow>
          <Cell rowHeader>Year</Cell>
          <Cell numeric><strong>{formatCount(total.volume)}</strong></Cell>
          <Cell numeric nowrap><strong>{formatPence(total.lines)}</strong></Cell>
          <Cell numeric nowrap><strong>{total.variations === 0 ? '' : formatSignedPence(total.variations)}</strong></Cell>
          <Cell numeric nowrap><strong>{formatPence(total.value)}</strong></Cell>
        </TableRow>
      </TableBody>
    </Table>
  );
}

function LinesTable({ contract, manages }: { contract: ContractView; manages: boolean }) {
  const update = useUpdateContract();
  const [removed, setRemoved] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const name = (l: ContractLine) => `${l.podName ?? l.pod}, ${l.tfc ? `${l.tfcName ?? ''} (${l.tfc})` : 'all specialties'}`;

  function remove(line: ContractLine) {
    setRemoved(null);
    setProblem(null);
    const input = inputOf(contract);
    input.lines = input.lines.filter((l) => !(l.pod === line.pod && l.tfc === line.tfc));
    update.mutate({ id: contract.id, input }, {
      onSuccess: () => setRemoved(`Line removed: ${name(line)}`),
      onError: (error) => setProblem(`The line could not be removed. ${error.message}`),
    });
  }

  if (contract.lines.length === 0) {
    return <p>The contract has no lines yet{manages ? ': add them below, or upload them from a CSV file.' : '.'}</p>;
  }
  return (
    <>
      {removed && <NotificationBanner success heading={removed} />}
      {problem && <ProblemMessage><p>{problem}</p></ProblemMessage>}
      <Table caption={`Lines of contract ${contract.reference}`} captionHidden scrollable>
        <TableHead>
          <HeaderCell>Point of delivery</HeaderCell>
          <HeaderCell>Specialty</HeaderCell>
          <HeaderCell numeric>Planned volume</HeaderCell>
          <HeaderCell numeric>Planned value</HeaderCell>
          {manages && <HeaderCell><span className="nhsuk-u-visually-hidden">Action</span></HeaderCell>}
        </TableHead>
        <TableBody>
          {contract.lines.map((l) => (
            <TableRow key={`${l.pod}-${l.tfc}`}>
              <Cell rowHeader>{l.podName ?? l.pod}</Cell>
              <Cell>{l.tfc ? `${l.tfcName ?? ''} (${l.tfc})` : 'All specialties'}</Cell>
              <Cell numeric>{formatCount(l.plannedVolume)}</Cell>
              <Cell numeric nowrap>{formatPence(l.plannedValuePence)}</Cell>
              {manages && (
                <Cell>
                  <Button type="button" variant="secondary" small className="app-table-button" disabled={update.isPending} onClick={() => remove(l)}>
                    Remove<span className="nhsuk-u-visually-hidden"> {name(l)}</span>
                  </Button>
                </Cell>
              )}
            </TableRow>
          ))}
          <TableRow>
            <Cell rowHeader>Total</Cell>
            <Cell>{formatCount(contract.lines.length)} {contract.lines.length === 1 ? 'line' : 'lines'}</Cell>
            <Cell numeric><strong>{formatCount(contract.plannedVolume)}</strong></Cell>
            <Cell numeric nowrap><strong>{formatPence(contract.plannedValuePence)}</strong></Cell>
            {manages && <Cell>{''}</Cell>}
          </TableRow>
        </TableBody>
      </Table>
    </>
  );
}
