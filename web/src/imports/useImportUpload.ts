/** The life of one upload: sending (with progress), checking and storing, then the outcome. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client.js';
import { invalidateAfterImport } from '../api/hooks.js';
import type { ImportKind, ImportReport } from '../api/types.js';
import { UploadCancelled, reportOf, uploadImport, type Upload } from '../api/upload.js';

export type UploadState =
  | { phase: 'idle' }
  | { phase: 'uploading'; kind: ImportKind; fileName: string; loaded: number; total: number }
  | { phase: 'processing'; kind: ImportKind; fileName: string }
  | { phase: 'succeeded'; kind: ImportKind; fileName: string; report: ImportReport }
  | { phase: 'failed'; kind: ImportKind; fileName: string; error: ApiError; report: ImportReport | null }
  | { phase: 'cancelled'; kind: ImportKind; fileName: string };

export function useImportUpload() {
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const current = useRef<Upload | null>(null);
  const client = useQueryClient();

  // Leaving the page stops an upload in progress.
  useEffect(() => () => current.current?.cancel(), []);

  const start = useCallback((kind: ImportKind, file: File) => {
    const fileName = file.name;
    setState({ phase: 'uploading', kind, fileName, loaded: 0, total: file.size });
    const upload = uploadImport(kind, file, {
      onProgress: (loaded, total) => setState((s) => (s.phase === 'uploading' ? { ...s, loaded, total } : s)),
      onUploaded: () => setState((s) => (s.phase === 'uploading' ? { phase: 'processing', kind, fileName } : s)),
    });
    current.current = upload;
    upload.result.then(
      (report) => {
        setState({ phase: 'succeeded', kind, fileName, report });
        invalidateAfterImport(client);
      },
      (error: unknown) => {
        if (error instanceof UploadCancelled) {
          setState({ phase: 'cancelled', kind, fileName });
          return;
        }
        const apiError = error instanceof ApiError ? error : new ApiError(0, { error: 'error', message: String(error), details: [] });
        setState({ phase: 'failed', kind, fileName, error: apiError, report: reportOf(apiError) });
        // A failed run is recorded too.
        invalidateAfterImport(client);
      },
    ).finally(() => {
      if (current.current === upload) current.current = null;
    });
  }, [client]);

  const cancel = useCallback(() => current.current?.cancel(), []);

  const reset = useCallback(() => setState({ phase: 'idle' }), []);

  return { state, start, cancel, reset, busy: state.phase === 'uploading' || state.phase === 'processing' };
}
