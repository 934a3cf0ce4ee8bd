/** /referrals/upload: a practice sends many referrals at once as referrals.csv (all or nothing). */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { invalidateAfterReferralUpload, uploadReferrals } from '../api/referrals.js';
import type { ReferralImportReport } from '../api/types.js';
import { formatCount, plural } from '../format/numbers.js';
import { ImportFailed } from '../imports/ImportOutcome.js';
import { ImportProblems } from '../imports/ImportProblems.js';
import { UploadProgress } from '../imports/UploadProgress.js';
import { useUpload } from '../imports/useImportUpload.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { FileUpload } from '../nhsuk/FileUpload.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { DataTable } from '../nhsuk/Table.js';

export function UploadReferralsPage() {
  return (
    <RequirePermission permission="referral.submit">
      <UploadContent />
    </RequirePermission>
  );
}

const FILE_FIELD = 'referrals-file';
/** The server's limit for one upload. */
const MAX_BYTES = 50 * 1024 * 1024;

/** referrals.csv, as in shared/domain/FORMATS.md. */
const COLUMNS: { column: string; meaning: string }[] = [
  { column: 'external_id', meaning: 'Your practice’s own id for the referral. Sending the same id again returns the same referral.' },
  { column: 'practice_code', meaning: 'Your practice’s ODS code.' },
  { column: 'clinician', meaning: 'The referring clinician.' },
  { column: 'nhs_number', meaning: 'The patient’s 10-digit NHS number.' },
  { column: 'family_name, given_name', meaning: 'The patient’s names.' },
  { column: 'birth_date', meaning: 'The patient’s date of birth, as YYYY-MM-DD.' },
  { column: 'sex', meaning: 'M, F, male, female, other or unknown.' },
  { column: 'postcode', meaning: 'The patient’s postcode.' },
  { column: 'tfc', meaning: 'The specialty, by treatment function code (for example 110).' },
  { column: 'reason_system, reason_code', meaning: 'icd10, snomed or read2, and the clinical code.' },
  { column: 'priority', meaning: 'routine, urgent or 2ww.' },
  { column: 'chosen_providers', meaning: 'Provider ODS codes separated by ;, first choice first (up to five).' },
  { column: 'pathway', meaning: 'The pathway code followed, if any (optional column).' },
  { column: 'referral_date', meaning: 'The date of the referral, as YYYY-MM-DD.' },
];

function validate(file: File | null): string | null {
  if (!file) return 'Choose a CSV file to upload';
  if (!/\.csv$/i.test(file.name)) return 'The selected file must be a CSV file';
  if (file.size === 0) return 'The selected file is empty';
  if (file.size > MAX_BYTES) return 'The selected file must be smaller than 50 MB';
  return null;
}

function UploadContent() {
  const upload = useUpload<ReferralImportReport, 'referrals'>(uploadReferrals, invalidateAfterReferralUpload);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const { state } = upload;
  usePageTitle('Upload referrals', Boolean(fileError) || state.phase === 'failed');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (upload.busy) return;
    const problem = validate(file);
    setFileError(problem);
    if (problem || !file) {
      upload.reset();
      return;
    }
    upload.start('referrals', file);
  }

  // After a successful upload, clear the file so the same file is not sent twice by accident.
  const succeeded = state.phase === 'succeeded';
  useEffect(() => {
    if (!succeeded) return;
    setFile(null);
    if (fileInput.current) fileInput.current.value = '';
  }, [succeeded]);

  const problems = state.phase === 'failed' ? (state.report?.errors ?? state.error.details) : [];

  return (
    <>
      {fileError && <ErrorSummary errors={[{ text: fileError, fieldId: FILE_FIELD }]} />}
      {!fileError && state.phase === 'failed' && <ImportFailed state={state} />}
      {state.phase === 'succeeded' && <UploadSucceeded report={state.report} fileName={state.fileName} />}
      <h1>Upload referrals</h1>
      <p className="nhsuk-lede-text">Send many referrals at once from a CSV file. Each row is checked like a referral sent through the form, and one bad row means nothing is stored.</p>
      <h2>What the file must contain</h2>
      <p>A UTF-8 CSV file (usually referrals.csv) with a header row naming these columns, in any order. Every column is needed except pathway.</p>
      <DataTable
        caption="Columns in referrals.csv"
        captionHidden
        rows={COLUMNS}
        rowKey={(c) => c.column}
        columns={[
          { header: 'Column', cell: (c) => c.column.split(', ').map((name, i) => <span key={name}>{i > 0 && ', '}<code className="nhsuk-code app-code">{name}</code></span>) },
          { header: 'What it holds', cell: (c) => c.meaning },
        ]}
      />
      <form onSubmit={submit} noValidate>
        <FileUpload
          id={FILE_FIELD}
          label="Choose a CSV file"
          hint="Up to 50 MB. Sending the same file again does not refer twice."
          accept=".csv,text/csv"
          error={fileError}
          onChange={setFile}
          inputRef={fileInput}
          disabled={upload.busy}
        />
        <Button disabled={upload.busy}>Upload and import</Button>
      </form>
      <UploadProgress state={state} onCancel={upload.cancel} />
      {state.phase === 'failed' && problems.length > 0 && (
        <ImportProblems fileName={state.fileName} problems={problems} total={state.report?.errorCount ?? problems.length} />
      )}
    </>
  );
}

function UploadSucceeded({ report, fileName }: { report: ReferralImportReport; fileName: string }) {
  return (
    <NotificationBanner success heading={`${fileName} was imported`}>
      <p>
        {plural(report.rowsRead, 'row')} read: {formatCount(report.inserted)} {report.inserted === 1 ? 'referral' : 'referrals'} created, {formatCount(report.unchanged)} already sent.
      </p>
      {report.warnings.length > 0 && (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {report.warnings.map((w, i) => <li key={i}>{w}</li>)}
        </ul>
      )}
      <p><Link className="nhsuk-link" to="/referrals">See your practice’s referrals</Link></p>
    </NotificationBanner>
  );
}
