/** The rows of a rejected file that have problems: row, column, value and what is wrong. */
import type { ErrorDetail } from '../api/types.js';
import { formatCount } from '../format/numbers.js';
import { DataTable } from '../nhsuk/Table.js';

export const PROBLEMS_HEADING_ID = 'import-problems';

export function ImportProblems({ fileName, problems, total }: { fileName: string; problems: ErrorDetail[]; total: number }) {
  return (
    <section aria-labelledby={PROBLEMS_HEADING_ID}>
      <h2 id={PROBLEMS_HEADING_ID} tabIndex={-1}>Problems in the file</h2>
      <p>Correct these in {fileName} and upload it again. Row 1 is the header row.</p>
      {total > problems.length && <p>The first {formatCount(problems.length)} of {formatCount(total)} problems are shown.</p>}
      <DataTable
        caption={`Problems found in ${fileName}`}
        captionHidden
        rows={problems}
        rowKey={(_p, i) => i}
        scrollable
        columns={[
          { header: 'Row', numeric: true, cell: (p) => (p.row === undefined ? '' : formatCount(p.row)) },
          { header: 'Column', cell: (p) => p.column ?? p.field ?? '' },
          { header: 'Value', cell: (p) => (p.value === undefined || p.value === '' ? <span className="app-secondary">(empty)</span> : <code className="nhsuk-code app-code">{p.value}</code>) },
          { header: 'Problem', cell: (p) => p.message },
        ]}
      />
    </section>
  );
}
