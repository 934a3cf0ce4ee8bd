/** The two ways an import stops early: the file itself is unreadable, or the caller cancelled. */
import type { ErrorDetail } from '../../http/errors.js';

/** A problem with the whole file (encoding, CSV syntax, size) that stops reading it. */
export class CsvFileError extends Error {
  constructor(readonly detail: ErrorDetail) {
    super(detail.message);
  }
}

export class ImportCancelled extends Error {
  constructor() {
    super('the import was cancelled');
  }
}

export function throwIfAborted(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw new ImportCancelled();
}
