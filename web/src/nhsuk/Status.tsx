/** Loading and problem messages, announced politely to screen readers. */
import type { ReactNode } from 'react';

export function LoadingStatus({ children = 'Loading…' }: { children?: string }) {
  return <p className="nhsuk-body app-loading" role="status" aria-live="polite">{children}</p>;
}

/** A problem that is not about a form field: the page could not load its data. */
export function ProblemMessage({ title = 'Sorry, there is a problem', children }: { title?: string; children: ReactNode }) {
  return (
    <div className="nhsuk-error-summary" role="alert">
      <h2 className="nhsuk-error-summary__heading">{title}</h2>
      <div className="nhsuk-error-summary__body">{children}</div>
    </div>
  );
}

/** Text kept in a polite live region (a status message). */
export function LiveStatus({ children, visuallyHidden = false }: { children: ReactNode; visuallyHidden?: boolean }) {
  return <p className={visuallyHidden ? 'nhsuk-u-visually-hidden' : 'nhsuk-body'} role="status" aria-live="polite">{children}</p>;
}
