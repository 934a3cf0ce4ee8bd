/** Choose what to import and the file, then upload it. */
import type { FormEvent, Ref } from 'react';
import type { ImportKind } from '../api/types.js';
import { Button } from '../nhsuk/Button.js';
import { Checkbox } from '../nhsuk/Checkbox.js';
import { FileUpload } from '../nhsuk/FileUpload.js';
import { Radios } from '../nhsuk/Radios.js';
import { IMPORT_KINDS } from './import-kinds.js';

export interface ImportFormErrors { kind?: string; file?: string }

export const KIND_FIELD = 'import-kind';
export const FILE_FIELD = 'import-file';

export function ImportForm({ kind, onKind, onFile, errors, busy, onSubmit, fileInputRef, permissions, quarantine, onQuarantine }: {
  kind: ImportKind | null;
  /** the signed-in user's permissions: only the kinds they may import are offered */
  permissions: readonly string[];
  quarantine: boolean;
  onQuarantine: (quarantine: boolean) => void;
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
        options={IMPORT_KINDS.filter((k) => permissions.includes(k.permission)).map((k) => ({
          value: k.kind,
          label: k.label,
          hint: <>The file {k.file}, with the columns {k.columns.map((c, i) => <span key={c}>{i > 0 && ', '}<code className="nhsuk-code app-code">{c}</code></span>)}.</>,
        }))}
      />
      <FileUpload
        id={FILE_FIELD}
        label="Choose a CSV file"
        hint="Comma-separated values (UTF-8) with a header row. Columns may be in any order."
        accept=".csv,text/csv"
        error={errors.file}
        onChange={onFile}
        inputRef={fileInputRef}
        disabled={busy}
      />
      {kind === 'activity' && (
        <Checkbox
          id="import-quarantine"
          label="Store the good rows and set bad rows aside"
          hint="Without this, one bad row and nothing is stored. With it, each bad row is listed with its problems and kept aside for correction; send the corrected rows again later."
          checked={quarantine}
          onChange={onQuarantine}
          disabled={busy}
        />
      )}
      <Button disabled={busy}>Upload and import</Button>
    </form>
  );
}
