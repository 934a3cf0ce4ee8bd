/** Choose what to import and the file, then upload it. */
import type { FormEvent, Ref } from 'react';
import type { ImportKind } from '../api/types.js';
import { Button } from '../nhsuk/Button.js';
import { FileUpload } from '../nhsuk/FileUpload.js';
import { Radios } from '../nhsuk/Radios.js';
import { IMPORT_KINDS } from './import-kinds.js';

export interface ImportFormErrors { kind?: string; file?: string }

export const KIND_FIELD = 'import-kind';
export const FILE_FIELD = 'import-file';

export function ImportForm({ kind, onKind, onFile, errors, busy, onSubmit, fileInputRef }: {
  kind: ImportKind | null;
  onKind: (kind: ImportKind) => void;
  onFile: (file: File | null) => void;
  errors: ImportFormErrors;
  busy: boolean;
  onSubmit: () => void;
  fileInputRef: Ref<HTMLInputElement>;
}) {
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!busy) onSubmit();
  }
  return (
    <form onSubmit={submit} noValidate>
      <Radios
        name={KIND_FIELD}
        legend="What are you importing?"
        error={errors.kind}
        value={kind}
        onChange={onKind}
        disabled={busy}
        options={IMPORT_KINDS.map((k) => ({
          value: k.kind,
          label: k.label,
          hint: <>The file {k.file}, with the columns {k.columns.map((c, i) => <span key={c}>{i > 0 && ', '}<code className="nhsuk-code app-code">{c}</code></span>)}.</>,
        }))}
      />
      <FileUpload
        id={FILE_FIELD}
        label="Choose a CSV file"
        hint="Comma-separated values (UTF-8) with a header row. Columns may be in any order. One bad row and nothing is stored."
        accept=".csv,text/csv"
        error={errors.file}
        onChange={onFile}
        inputRef={fileInputRef}
        disabled={busy}
      />
      <Button disabled={busy}>Upload and import</Button>
    </form>
  );
}
