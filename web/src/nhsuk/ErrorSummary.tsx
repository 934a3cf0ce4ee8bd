/**
 * NHS.UK error summary. It takes focus when it appears (and when its errors change), so screen
 * reader users hear it; each error links to its field and focuses it.
 */
import { useEffect, useRef, type MouseEvent, type ReactNode } from 'react';

export interface ErrorSummaryItem {
  text: string;
  /** id of the field the error is about; without it the error is plain text. */
  fieldId?: string;
}

export function ErrorSummary({ title = 'There is a problem', description, errors = [], children }: {
  title?: string;
  description?: ReactNode;
  errors?: ErrorSummaryItem[];
  /** after the list: what the user can do about it (a reload button, say) */
  children?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const signature = `${title}|${errors.map((e) => e.text).join('|')}`;
  useEffect(() => {
    ref.current?.focus();
  }, [signature]);

  return (
    <div className="nhsuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading">{title}</h2>
        <div className="nhsuk-error-summary__body">
          {description && <p>{description}</p>}
          {errors.length > 0 && (
            <ul className="nhsuk-list nhsuk-error-summary__list">
              {errors.map((error, i) => (
                <li key={`${error.fieldId ?? ''}-${i}`}>
                  {error.fieldId ? <a href={`#${error.fieldId}`} onClick={(e) => focusField(e, error.fieldId!)}>{error.text}</a> : error.text}
                </li>
              ))}
            </ul>
          )}
          {children}
        </div>
      </div>
    </div>
  );
}

/** Focuses the field and scrolls so its label (or legend) is in view too. */
function focusField(event: MouseEvent<HTMLAnchorElement>, fieldId: string) {
  const field = document.getElementById(fieldId);
  if (!field) return;
  event.preventDefault();
  const legend = field.closest('fieldset')?.querySelector('legend');
  const label = legend ?? document.querySelector(`label[for="${CSS.escape(fieldId)}"]`) ?? field;
  label.scrollIntoView();
  field.focus({ preventScroll: true });
}
