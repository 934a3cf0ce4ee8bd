/**
 * Uploads an organisation file to POST /api/imports/:kind, or referrals.csv to POST /api/referrals/imports. XMLHttpRequest rather than fetch,
 * because only XHR reports upload progress.
 */
import { ApiError, NETWORK_ERROR_MESSAGE, genericMessage, getCsrfToken } from './client.js';
import type { ImportKind, ImportReport } from './types.js';

export interface UploadHandlers {
  /** Bytes sent so far and the file's size. */
  onProgress?: (loaded: number, total: number) => void;
  /** Every byte is sent; the server is now checking and storing. */
  onUploaded?: () => void;
}

export interface Upload<R = ImportReport> {
  result: Promise<R>;
  /** Stops the upload; `result` then rejects with UploadCancelled. */
  cancel: () => void;
}

export class UploadCancelled extends Error {
  constructor() {
    super('The upload was cancelled.');
    this.name = 'UploadCancelled';
  }
}

/** `quarantine`: activity only — store the good rows and set the bad ones aside. */
export function uploadImport(kind: ImportKind, file: File, handlers: UploadHandlers = {}, options: { quarantine?: boolean } = {}): Upload {
  return uploadCsv<ImportReport>(`/api/imports/${kind}${options.quarantine ? '?quarantine=true' : ''}`, file, handlers);
}

/** POSTs a CSV file as the raw body, reporting progress; resolves with the JSON report. */
export function uploadCsv<R>(url: string, file: File, handlers: UploadHandlers = {}): Upload<R> {
  const xhr = new XMLHttpRequest();
  const result = new Promise<R>((resolve, reject) => {
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'text/csv');
    xhr.setRequestHeader('Accept', 'application/json');
    // Header values must be ISO-8859-1, so the name goes percent-encoded (the server decodes it).
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);

    xhr.upload.onprogress = (event) => handlers.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.upload.onload = () => handlers.onUploaded?.();
    xhr.onabort = () => reject(new UploadCancelled());
    xhr.onerror = () => reject(new ApiError(0, { error: 'network_error', message: NETWORK_ERROR_MESSAGE, details: [] }));
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        const parsed: unknown = JSON.parse(xhr.responseText);
        if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
      } catch {
        // not JSON
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as unknown as R);
        return;
      }
      if (typeof body.message !== 'string') body = { ...body, message: genericMessage(xhr.status) };
      reject(new ApiError(xhr.status, body));
    };
    xhr.send(file);
  });
  return { result, cancel: () => xhr.abort() };
}

/** The import report carried by a 422 `import_failed` error, if any. */
export function reportOf<R = ImportReport>(error: ApiError): R | null {
  const body = error.body as { report?: R } | null;
  return body && typeof body === 'object' && body.report ? body.report : null;
}
