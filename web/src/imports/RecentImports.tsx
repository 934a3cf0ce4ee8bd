/** The latest imports, successful or not: when, who, what, and how many rows changed. */
import { ApiError } from '../api/client.js';
import { useImports } from '../api/hooks.js';
import type { ImportRun } from '../api/types.js';
import { dateAndTime } from '../format/dates.js';
import { formatCount } from '../format/numbers.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { DataTable } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';
import { importKindLabel } from './import-kinds.js';

const count = (n: number | undefined) => (n === undefined ? '' : formatCount(n));

export function RecentImports() {
  const imports = useImports(true);
  return (
    <section aria-labelledby="recent-imports">
      <h2 id="recent-imports">Recent imports</h2>
      {imports.isPending && <LoadingStatus>Loading recent imports…</LoadingStatus>}
      {imports.isError && (imports.error instanceof ApiError && imports.error.status === 404
        ? <p>The list of recent imports is not available yet.</p>
        : <ProblemMessage><p>Recent imports could not be loaded. {imports.error.message}</p></ProblemMessage>)}
      {imports.isSuccess && (imports.data.length === 0 ? <p>No files have been imported yet.</p> : (
        <DataTable<ImportRun>
          caption="Recent imports"
          captionHidden
          firstColumnIsHeader={false}
          rows={imports.data}
          rowKey={(r) => r.id}
          scrollable
          columns={[
            { header: 'When', cell: (r) => <When iso={r.finishedAt ?? r.startedAt} /> },
            { header: 'Who', cell: (r) => r.actor ?? '' },
            { header: 'Kind', cell: (r) => importKindLabel(r.kind) },
            { header: 'File', cell: (r) => r.fileName },
            { header: 'Status', cell: (r) => (r.status === 'succeeded' ? <Tag colour="green">Imported</Tag> : <Tag colour="red">Failed</Tag>) },
            { header: 'Rows read', numeric: true, cell: (r) => count(r.rowsRead) },
            { header: 'Added', numeric: true, cell: (r) => count(r.inserted) },
            { header: 'Updated', numeric: true, cell: (r) => count(r.updated) },
            { header: 'Unchanged', numeric: true, cell: (r) => count(r.unchanged) },
            { header: 'Problems', numeric: true, cell: (r) => count(r.errorCount) },
          ]}
        />
      ))}
    </section>
  );
}

/** Date on one line, time under it, so the column stays narrow. */
function When({ iso }: { iso: string | undefined }) {
  const parts = dateAndTime(iso);
  if (!parts) return null;
  return <><span className="nhsuk-u-nowrap">{parts.date}</span><br />{parts.time}</>;
}
