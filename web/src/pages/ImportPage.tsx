/** /import: upload an organisation, tariff or activity file (users who may import only). */
import { useEffect, useRef, useState } from 'react';
import type { ImportKind } from '../api/types.js';
import { ImportFailed, ImportSucceeded } from '../imports/ImportOutcome.js';
import { ImportForm, FILE_FIELD, KIND_FIELD, type ImportFormErrors } from '../imports/ImportForm.js';
import { ImportProblems } from '../imports/ImportProblems.js';
import { RecentImports } from '../imports/RecentImports.js';
import { UploadProgress } from '../imports/UploadProgress.js';
import { useImportUpload } from '../imports/useImportUpload.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { firstRadioId } from '../nhsuk/Radios.js';

export function ImportPage() {
  return (
    <RequirePermission permission={['org.import', 'activity.import']}>
      <ImportContent />
    </RequirePermission>
  );
}

/** The server's limit for one upload. */
const MAX_BYTES = 100 * 1024 * 1024;

function validate(kind: ImportKind | null, file: File | null): ImportFormErrors {
  const errors: ImportFormErrors = {};
  if (!kind) errors.kind = 'Select what you are importing';
  if (!file) errors.file = 'Choose a CSV file to import';
  else if (!/\.csv$/i.test(file.name)) errors.file = 'The selected file must be a CSV file';
  else if (file.size === 0) errors.file = 'The selected file is empty';
  else if (file.size > MAX_BYTES) errors.file = 'The selected file must be smaller than 100 MB';
  return errors;
}

function ImportContent() {
  const me = useCurrentUser();
  const [quarantine, setQuarantine] = useState(false);
  const [kind, setKind] = useState<ImportKind | null>(null);
  const upload = useImportUpload({ quarantine: kind === 'activity' && quarantine });
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<ImportFormErrors>({});
  const fileInput = useRef<HTMLInputElement>(null);
  const { state } = upload;

  const summary: ErrorSummaryItem[] = [];
  if (errors.kind) summary.push({ text: errors.kind, fieldId: firstRadioId(KIND_FIELD) });
  if (errors.file) summary.push({ text: errors.file, fieldId: FILE_FIELD });
  usePageTitle('Import data', summary.length > 0 || state.phase === 'failed');

  function submit() {
    const found = validate(kind, file);
    setErrors(found);
    if (found.kind || found.file || !kind || !file) {
      upload.reset();
      return;
    }
    upload.start(kind, file);
  }

  // After a successful import, clear the file so the same file is not sent twice by accident.
  const succeeded = state.phase === 'succeeded';
  useEffect(() => {
    if (!succeeded) return;
    setFile(null);
    if (fileInput.current) fileInput.current.value = '';
  }, [succeeded]);

  const problems = state.phase === 'failed' ? (state.report?.errors ?? state.error.details) : [];

  return (
    <>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      {summary.length === 0 && state.phase === 'failed' && <ImportFailed state={state} />}
      {state.phase === 'succeeded' && <ImportSucceeded report={state.report} fileName={state.fileName} />}
      <h1>Import data</h1>
      <p className="nhsuk-lede-text">Load practices, providers, registered population, the national tariff or a provider’s activity return from a CSV file. Importing the same file twice changes nothing.</p>
      <ImportForm
        kind={kind}
        onKind={setKind}
        onFile={setFile}
        errors={errors}
        busy={upload.busy}
        onSubmit={submit}
        fileInputRef={fileInput}
        permissions={me.permissions}
        quarantine={quarantine}
        onQuarantine={setQuarantine}
      />
      <UploadProgress state={state} onCancel={upload.cancel} />
      {state.phase === 'failed' && problems.length > 0 && (
        <ImportProblems fileName={state.fileName} problems={problems} total={state.report?.errorCount ?? problems.length} />
      )}
      <RecentImports />
    </>
  );
}
