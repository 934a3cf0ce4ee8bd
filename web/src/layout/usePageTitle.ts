import { useEffect } from 'react';

export const SERVICE_NAME = 'Commissioning Hub';

/** Sets document.title to "Page – Commissioning Hub" (prefixed "Error: " when a form has errors). */
export function usePageTitle(page: string, hasErrors = false) {
  useEffect(() => {
    document.title = `${hasErrors ? 'Error: ' : ''}${page} – ${SERVICE_NAME}`;
  }, [page, hasErrors]);
}
