/** What happened to the upload: a success banner, or an error summary (shown above the page heading). */
import type { ImportReport } from '../api/types.js';
import { formatCount, formatPence, plural } from '../format/numbers.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { PROBLEMS_HEADING_ID } from './ImportProblems.js';
import type { UploadState } from './useImportUpload.js';

export function ImportSucceeded({ report, fileName }: { report: ImportReport; fileName: string }) {
  return (
    <NotificationBanner success heading={`${fileName} was imported`}>
      <p>
        {plural(report.rowsRead, 'row')} read: {formatCount(report.inserted)} added, {formatCount(report.updated)} updated, {formatCount(report.unchanged)} unchanged.
        {report.quarantined > 0 && <> {plural(report.quarantined, 'row')} set aside in quarantine (listed below).</>}
      </p>
      {report.kind === 'activity' && report.summary.lines !== undefined && (
        <p>
          Cost at tariff {formatPence(report.summary.costPence ?? 0)}; {plural(report.summary.unpriced ?? 0, 'line')} unpriced;
          {' '}{plural(report.summary.outOfArea ?? 0, 'line')} out of area; {plural(report.summary.priceDifferences ?? 0, 'line')} where the provider’s price differs;
          {' '}{plural(report.summary.challenges ?? 0, 'challenge')} in the months this file covers.
        </p>
      )}
      {report.warnings.length > 0 && (
        <>
          <p>{report.warnings.length === 1 ? 'There is a warning:' : `There are ${report.warnings.length} warnings:`}</p>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {report.warnings.map((w, i) => <li key={i}>{w}</li>)}
          </ul>
        </>
      )}
    </NotificationBanner>
  );
}

/** Enough of any import report to list its problems. */
type ReportWithErrors = Pick<ImportReport, 'errors' | 'errorCount'>;

export function ImportFailed({ state }: { state: Extract<UploadState<ReportWithErrors, string>, { phase: 'failed' }> }) {
  const { error, report, fileName } = state;
  if (error.status === 0) {
    return <ErrorSummary title="The upload did not finish" description={`${error.message} Check Recent imports before trying again.`} />;
  }
  const problems = report?.errors.length ?? error.details.length;
  const count = report?.errorCount ?? problems;
  return (
    <ErrorSummary
      title="The file was not imported. Nothing was stored."
      description={error.message}
      errors={problems > 0 ? [{ text: `${plural(count, 'problem')} found in ${fileName}`, fieldId: PROBLEMS_HEADING_ID }] : []}
    />
  );
}
