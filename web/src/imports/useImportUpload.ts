/** The life of one upload: sending (with progress), checking and storing, then the outcome. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client.js';
import { invalidateAfterImport } from '../api/hooks.js';
import type { ImportKind, ImportReport } from '../api/types.js';
import { UploadCancelled, reportOf, uploadImport, type Upload, type UploadHandlers } from '../api/upload.js';

export type UploadState<R = ImportReport, K extends string = ImportKind> =
  | { phase: 'idle' }
  | { phase: 'uploading'; kind: K; fileName: string; loaded: number; total: number }
  | { phase: 'processing'; kind: K; fileName: string }
  | { phase: 'succeeded'; kind: K; fileName: string; report: R }
  | { phase: 'failed'; kind: K; fileName: string; error: ApiError; report: R | null }
  | { phase: 'cancelled'; kind: K; fileName: string };

/** A file to /api/imports/:kind (activity may be sent with quarantine on). */
export const useImportUpload = (options: { quarantine?: boolean } = {}) =>
  useUpload<ImportReport, ImportKind>((kind, file, handlers) => uploadImport(kind, file, handlers, options), invalidateAfterImport);

/** Any CSV upload with progress: `send` starts it, `after` refreshes what it may have changed (whatever the outcome). */
export function useUpload<R, K extends string>(
  send: (kind: K, file: File, handlers: UploadHandlers) => Upload<R>,
  after: (client: QueryClient) => void | Promise<void>,
) {
  const [state, setState] = useState<UploadState<R, K>>({ phase: 'idle' });
  const current = useRef<Upload<R> | null>(null);
  const client = useQueryClient();

  // Leaving the page stops an upload in progress.
  useEffect(() => () => current.current?.cancel(), []);

  const start = useCallback((kind: K, file: File) => {
    const fileName = file.name;
    setState({ phase: 'uploading', kind, fileName, loaded: 0, total: file.size });
    const upload = send(kind, file, {
      onProgress: (loaded, total) => setState((s) => (s.phase === 'uploading' ? { ...s, loaded, total } : s)),
      onUploaded: () => setState((s) => (s.phase === 'uploading' ? { phase: 'processing', kind, fileName } : s)),
    });
    current.current = upload;
    upload.result.then(
      (report) => {
        setState({ phase: 'succeeded', kind, fileName, report });
        void after(client);
      },
      (error: unknown) => {
        if (error instanceof UploadCancelled) {
          setState({ phase: 'cancelled', kind, fileName });
          return;
        }
        const apiError = error instanceof ApiError ? error : new ApiError(0, { error: 'error', message: String(error), details: [] });
        setState({ phase: 'failed', kind, fileName, error: apiError, report: reportOf<R>(apiError) });
        // A failed run is recorded too.
        void after(client);
      },
    ).finally(() => {
      if (current.current === upload) current.current = null;
    });
  }, [client, send, after]);

  const cancel = useCallback(() => current.current?.cancel(), []);

  const reset = useCallback(() => setState({ phase: 'idle' }), []);

  return { state, start, cancel, reset, busy: state.phase === 'uploading' || state.phase === 'processing' };
}
