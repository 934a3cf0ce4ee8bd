/**
 * The parts CatalogueEditor (community services, prior approval) is built from: a table of entries,
 * each changed or removed in place, with one form (or one confirmation) open at a time; problems
 * from the server go by their fields, the rest to the page's error summary.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { ApiError } from '../api/client.js';
import { Button, ButtonGroup } from '../nhsuk/Button.js';
import type { ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';

/** The one thing open below the heading: a form to add or change an entry, or a removal to confirm. */
export type Editing = { kind: 'add' } | { kind: 'change'; code: string } | { kind: 'remove'; code: string } | null;

export type FieldErrors = Record<string, string>;

export interface Problems { fields: FieldErrors; items: ErrorSummaryItem[] }

/** Field errors in the form's order, as error summary items linking to their inputs. */
export function summaryOf(fields: FieldErrors, fieldIds: Record<string, string>): ErrorSummaryItem[] {
  return Object.keys(fieldIds).filter((f) => fields[f]).map((f) => ({ text: fields[f]!, fieldId: fieldIds[f] }));
}

/**
 * A refused change as problems: each detail naming a known field (`body.name`, `params.code`) by
 * that field, said with the field's label when the server's words need it; anything else as one message.
 */
export function problemsFromApi(error: Error, labels: Record<string, string>, fieldIds: Record<string, string>): Problems {
  const fields: FieldErrors = {};
  const other: ErrorSummaryItem[] = [];
  if (error instanceof ApiError && error.details.length && error.status !== 409) {
    for (const d of error.details) {
      const field = (d.field ?? '').replace(/^(body|params)\./, '');
      if (fieldIds[field]) fields[field] = sayWith(labels[field] ?? field, d.message);
      else other.push({ text: d.message });
    }
  } else {
    other.push({ text: error.message });
  }
  return { fields, items: [...summaryOf(fields, fieldIds), ...other] };
}

/** "is not a treatment function code" → "Specialty is not a treatment function code"; "enter a name" → "Enter a name". */
function sayWith(label: string, message: string): string {
  if (/^(is|must|should|has|already)\b/.test(message)) return `${label} ${message}`;
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** "Change" and "Remove" for one row, each naming the entry for screen readers. */
export function RowButtons({ name, disabled, onChange, onRemove }: { name: string; disabled?: boolean; onChange: () => void; onRemove: () => void }) {
  return (
    <ButtonGroup>
      <Button type="button" variant="secondary" small className="app-table-button" disabled={disabled} onClick={onChange}>
        Change<span className="nhsuk-u-visually-hidden"> {name}</span>
      </Button>
      <Button type="button" variant="warning" small className="app-table-button" disabled={disabled} onClick={onRemove}>
        Remove<span className="nhsuk-u-visually-hidden"> {name}</span>
      </Button>
    </ButtonGroup>
  );
}

/** A heading that takes focus when it appears, so keyboard and screen reader users land on what opened. */
export function FocusedHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return <h2 ref={ref} tabIndex={-1}>{children}</h2>;
}

/** Asks before an entry is removed: removal cannot be undone. */
export function RemoveConfirmation({ heading, children, button, pending, onConfirm, onCancel }: {
  heading: string;
  children: ReactNode;
  button: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <section className="app-actions" aria-label={heading}>
      <FocusedHeading>{heading}</FocusedHeading>
      {children}
      <ButtonGroup>
        <Button type="button" variant="warning" disabled={pending} onClick={onConfirm}>{button}</Button>
        <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>
      </ButtonGroup>
    </section>
  );
}

/** Back to the "Add" button once a form or confirmation closes, so focus is not lost with it. */
export const focusLater = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());
