/** Upload progress (announced at every quarter) and a Cancel button while bytes are being sent. */
import { formatBytes } from '../format/bytes.js';
import { Button } from '../nhsuk/Button.js';
import { ProgressBar } from '../nhsuk/ProgressBar.js';
import { InsetText } from '../nhsuk/InsetText.js';
import type { UploadState } from './useImportUpload.js';

export function UploadProgress({ state, onCancel }: { state: UploadState<unknown, string>; onCancel: () => void }) {
  const percent = state.phase === 'uploading' && state.total > 0 ? Math.min(100, Math.round((state.loaded / state.total) * 100)) : 0;
  // Screen readers hear a few steps, not every progress event.
  const quarter = Math.floor(percent / 25) * 25;
  return (
    <div className="app-upload-status">
      <p className="nhsuk-u-visually-hidden" role="status" aria-live="polite">{announcement(state, quarter)}</p>
      {state.phase === 'uploading' && (
        <>
          <ProgressBar id="upload-progress" label={`Uploading ${state.fileName}`} value={percent} valueText={`${percent}%`} />
          <p className="nhsuk-body-s" aria-hidden="true">{percent}% ({formatBytes(state.loaded)} of {formatBytes(state.total)})</p>
          <Button type="button" variant="secondary" onClick={onCancel}>Cancel upload</Button>
        </>
      )}
      {state.phase === 'processing' && (
        <>
          <ProgressBar id="upload-progress" label={`Checking and storing ${state.fileName}…`} value={null} valueText="Checking and storing" />
        </>
      )}
      {state.phase === 'cancelled' && <InsetText><p>The upload of {state.fileName} was cancelled. Nothing was stored.</p></InsetText>}
    </div>
  );
}

function announcement(state: UploadState<unknown, string>, quarter: number): string {
  switch (state.phase) {
    case 'uploading': return `Uploading ${state.fileName}: ${quarter}% sent.`;
    case 'processing': return 'Upload complete. Checking and storing…';
    case 'cancelled': return 'Upload cancelled. Nothing was stored.';
    // The outcome is announced by the success banner or error summary, which take focus.
    default: return '';
  }
}
