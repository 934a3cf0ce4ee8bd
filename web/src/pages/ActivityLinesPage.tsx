/**
 * /activity/lines: the lines behind a total on the activity page (drill-down), 50 a page, with
 * the filters in the address. Patients are shown only by the installation's pseudonym; the server
 * audits each view. Downloadable as CSV or XLSX.
 */
import { Link } from 'react-router';
import { linesUrl, useActivityLines, type ActivityLine } from '../api/activity.js';
import { usePractices, useProviders } from '../api/hooks.js';
import { DownloadLinks } from '../activity/DownloadLinks.js';
import { describeFilters, useActivityFilters } from '../activity/filters.js';
import { formatShortDate } from '../format/dates.js';
import { formatCount, formatPence } from '../format/numbers.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { Pagination } from '../nhsuk/Pagination.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';

export function ActivityLinesPage() {
  return (
    <RequirePermission permission="activity.view">
      <Lines />
    </RequirePermission>
  );
}

function Lines() {
  usePageTitle('Activity lines');
  const { filters, search } = useActivityFilters();
  const page = Math.max(1, Math.floor(Number(search.get('page'))) || 1);
  const lines = useActivityLines(filters, page);
  const providers = useProviders();
  const practices = usePractices();
  const subject = describeFilters(filters, {
    provider: (code) => providers.data?.find((p) => p.code === code)?.name ?? `provider ${code}`,
    practice: (code) => practices.data?.find((p) => p.code === code)?.name ?? `practice ${code}`,
  });

  // Back to the activity page with the same filters (month and unpriced are this page's own).
  const back = new URLSearchParams(search);
  for (const key of ['page', 'month', 'unpriced', 'group']) back.delete(key);
  const backTo = back.toString() ? `/activity?${back.toString()}` : '/activity';

  const pageLink = (n: number) => {
    const next = new URLSearchParams(search);
    if (n > 1) next.set('page', String(n));
    else next.delete('page');
    return `?${next.toString()}`;
  };

  const total = lines.data?.total ?? 0;
  const pageSize = lines.data?.pageSize ?? 50;
  const rows = lines.data?.rows ?? [];
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, (page - 1) * pageSize + rows.length);
  const what = `${filters.year}${subject ? `: ${subject}` : ''}`;

  return (
    <>
      <BackLink to={backTo}>Back to activity and cost</BackLink>
      <span className="nhsuk-caption-l">Activity lines</span>
      <h1>{what}</h1>
      <p>The lines behind the total, by date. Patients are shown only by their pseudonym, never by NHS number. Lines without a tariff price are marked unpriced and are not in any cost.</p>

      {lines.isPending && <LoadingStatus>Loading the lines…</LoadingStatus>}
      {lines.isError && <ProblemMessage><p>The lines could not be loaded. {lines.error.message}</p></ProblemMessage>}
      {lines.data && (
        <>
          <LiveStatus>
            {total === 0 ? 'There are no lines that match.' : `Showing ${formatCount(first)} to ${formatCount(last)} of ${formatCount(total)} ${total === 1 ? 'line' : 'lines'}.`}
          </LiveStatus>
          {rows.length > 0 && <LinesTable rows={rows} caption={`Activity lines, ${what}, page ${page} of ${pages}`} />}
          <Pagination
            label="Pages of activity lines"
            previous={page > 1 ? { to: pageLink(page - 1), label: `${page - 1} of ${pages}` } : null}
            next={page < pages ? { to: pageLink(page + 1), label: `${page + 1} of ${pages}` } : null}
          />
          {total > 0 && (
            <>
              <h2 className="nhsuk-heading-s">Download all {formatCount(total)} {total === 1 ? 'line' : 'lines'}</h2>
              <DownloadLinks what={`activity lines, ${what}`} href={(format) => linesUrl(filters, undefined, format)} />
            </>
          )}
        </>
      )}
      <p><Link className="nhsuk-link" to={backTo}>Back to activity and cost</Link></p>
    </>
  );
}

function LinesTable({ rows, caption }: { rows: ActivityLine[]; caption: string }) {
  return (
    <Table caption={caption} captionHidden scrollable>
      <TableHead>
        <HeaderCell>Date</HeaderCell>
        <HeaderCell>Provider</HeaderCell>
        <HeaderCell>Line id</HeaderCell>
        <HeaderCell>Practice</HeaderCell>
        <HeaderCell>Patient (pseudonym)</HeaderCell>
        <HeaderCell>Point of delivery</HeaderCell>
        <HeaderCell>Specialty</HeaderCell>
        <HeaderCell>HRG</HeaderCell>
        <HeaderCell>Diagnosis</HeaderCell>
        <HeaderCell numeric>Tariff price</HeaderCell>
        <HeaderCell numeric>Provider’s price</HeaderCell>
      </TableHead>
      <TableBody>
        {rows.map((l) => (
          <TableRow key={`${l.providerCode}-${l.activityId}`}>
            <Cell rowHeader nowrap>{formatShortDate(l.activityDate)}</Cell>
            <Cell>{l.providerCode}</Cell>
            <Cell><code className="nhsuk-code app-code">{l.activityId}</code></Cell>
            <Cell nowrap>{l.practiceCode}{!l.inArea && <span className="app-block app-secondary">out of area</span>}</Cell>
            <Cell><span className="app-token">{l.patientPseudo}</span></Cell>
            <Cell>{l.pod}</Cell>
            <Cell>{l.tfc ?? ''}</Cell>
            <Cell>{l.hrg ?? ''}</Cell>
            <Cell>{l.primaryDiagnosis ?? ''}</Cell>
            <Cell numeric nowrap>{l.tariffPricePence === null ? <strong>Unpriced</strong> : formatPence(l.tariffPricePence)}</Cell>
            <Cell numeric nowrap>{l.providerPricePence === null ? '' : formatPence(l.providerPricePence)}</Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
