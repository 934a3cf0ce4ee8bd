/**
 * /insight/feedback-packs: every practice's feedback pack for a month, generated in one job
 * (REF-8, pack.generate): start a run, follow it on a progress bar, cancel it, see earlier runs and
 * download any practice's pack from a run. The run shown lives in the address (?run=).
 */
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { storedPackUrl, useCancelPacks, usePackRun, usePackRuns, useStartPacks, type PackRun, type PackRunDetail } from '../api/feedback-packs.js';
import { recentMonths } from '../feedback-pack/format.js';
import { formatDateTime } from '../format/dates.js';
import { formatCount } from '../format/numbers.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { ProgressBar } from '../nhsuk/ProgressBar.js';
import { Select } from '../nhsuk/Select.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';

export function FeedbackPacksPage() {
  return (
    <RequirePermission permission="pack.generate">
      <Packs />
    </RequirePermission>
  );
}
export default FeedbackPacksPage;

const MONTHS = recentMonths(24);
const STATUS_WORDS: Record<PackRun['status'], string> = { running: 'Running', finished: 'Finished', failed: 'Failed', cancelled: 'Cancelled' };
const monthName = (month: string) => MONTHS.find((m) => m.value === month)?.text ?? month;

function Packs() {
  const [search, setSearch] = useSearchParams();
  const runs = usePackRuns();
  const chosen = Number(search.get('run')) || null;
  const runId = chosen ?? runs.data?.runs[0]?.id ?? null;
  const run = usePackRun(runId);
  const start = useStartPacks();
  const [month, setMonth] = useState(MONTHS[0]!.value);
  const error = start.error instanceof ApiError ? start.error : null;
  usePageTitle('Feedback packs', Boolean(error));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate(month, { onSuccess: (r) => setSearch(new URLSearchParams({ run: String(r.id) })) });
  };

  return (
    <>
      <h1>Feedback packs</h1>
      <p className="nhsuk-lede-text">Generate every practice’s monthly feedback pack in one run, then download any practice’s PDF. Each practice sees only its own pack.</p>
      {error && <ErrorSummary errors={[{ text: error.message, fieldId: 'packs-month' }]} />}
      <form onSubmit={submit} noValidate>
        <Select id="packs-month" label="Month" value={month} onChange={setMonth} options={MONTHS}
          error={error?.details.find((d) => d.field === 'month')?.message ?? (error ? error.message : null)} />
        <Button disabled={start.isPending || run.data?.status === 'running'}>Generate packs for every practice</Button>
      </form>

      {runs.isPending && <LoadingStatus>Loading the runs…</LoadingStatus>}
      {runs.isError && <ProblemMessage><p>The runs could not be loaded. {runs.error.message}</p></ProblemMessage>}
      {run.data && <RunPanel run={run.data} />}
      {runs.data && runs.data.runs.length > 0 && <RunsTable runs={runs.data.runs} shown={runId} />}
      {runs.data && !runs.data.runs.length && <p>No packs have been generated yet.</p>}
    </>
  );
}

function RunPanel({ run }: { run: PackRunDetail }) {
  const cancel = useCancelPacks();
  const [practice, setPractice] = useState('');
  const code = practice || run.packs[0]?.code || '';
  const percent = run.practices ? Math.floor((run.done / run.practices) * 100) : 0;
  return (
    <section aria-labelledby="run-heading">
      <h2 id="run-heading">Run {run.id}: {monthName(run.month)}</h2>
      <ProgressBar id="run-progress" label={`Packs generated: ${formatCount(run.done)} of ${formatCount(run.practices)}`} value={run.done} max={Math.max(1, run.practices)}
        valueText={`${percent}% (${formatCount(run.done)} of ${formatCount(run.practices)} practices)`} />
      <LiveStatus>
        {STATUS_WORDS[run.status]}{run.status === 'running' ? '…' : '.'} {formatCount(run.done)} of {formatCount(run.practices)} packs.
        {run.error ? ` ${run.error}` : ''}
      </LiveStatus>
      {run.status === 'running' && (
        <Button variant="warning" type="button" onClick={() => cancel.mutate(run.id)} disabled={cancel.isPending}>Cancel this run</Button>
      )}
      {cancel.isError && <ProblemMessage><p>The run could not be cancelled. {cancel.error.message}</p></ProblemMessage>}
      {run.packs.length > 0 && (
        <div className="nhsuk-u-margin-top-4">
          <Select id="run-practice" label="Practice" hint="Any practice whose pack this run has generated" value={code} onChange={setPractice}
            options={run.packs.map((p) => ({ value: p.code, text: `${p.name} (${p.code})` }))} />
          <p>
            <a className="nhsuk-link" href={storedPackUrl(run.id, code)} download>
              Download the pack (PDF)<span className="nhsuk-u-visually-hidden">: {run.packs.find((p) => p.code === code)?.name}, {monthName(run.month)}</span>
            </a>
            {' · '}
            <Link className="nhsuk-link" to={`/insight/practices/${code}/feedback?month=${run.month}`}>Open the pack as a page</Link>
          </p>
        </div>
      )}
    </section>
  );
}

function RunsTable({ runs, shown }: { runs: PackRun[]; shown: number | null }) {
  return (
    <Table caption="Runs, latest first" captionSize="s" scrollable>
      <TableHead>
        <HeaderCell>Run</HeaderCell>
        <HeaderCell>Month</HeaderCell>
        <HeaderCell>Status</HeaderCell>
        <HeaderCell numeric>Packs</HeaderCell>
        <HeaderCell>Started</HeaderCell>
        <HeaderCell>By</HeaderCell>
      </TableHead>
      <TableBody>
        {runs.map((r) => (
          <TableRow key={r.id}>
            <Cell rowHeader>
              {r.id === shown ? <>Run {r.id} <span className="nhsuk-u-visually-hidden">(shown)</span></> : <Link className="nhsuk-link" to={`?run=${r.id}`}>Run {r.id}</Link>}
            </Cell>
            <Cell>{monthName(r.month)}</Cell>
            <Cell>{STATUS_WORDS[r.status]}</Cell>
            <Cell numeric nowrap>{formatCount(r.done)} of {formatCount(r.practices)}</Cell>
            <Cell nowrap>{formatDateTime(r.startedAt)}</Cell>
            <Cell>{r.startedBy}</Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
