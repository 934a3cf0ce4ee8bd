/** NHS.UK details: a summary that opens to show more. */
import type { ReactNode } from 'react';

export function Details({ summary, children, expander = false }: { summary: string; children: ReactNode; expander?: boolean }) {
  return (
    <details className={expander ? 'nhsuk-details nhsuk-expander' : 'nhsuk-details'}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">{summary}</span>
      </summary>
      <div className="nhsuk-details__text">{children}</div>
    </details>
  );
}
