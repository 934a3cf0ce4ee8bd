/**
 * What the referral page's action forms share: how they report an outcome or problems to the page
 * (one error summary at the top, one success banner), and how a server error becomes problems.
 */
import { ApiError } from '../api/client.js';
import type { ReferralView } from '../api/types.js';
import type { ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';

export interface PageProblems {
  items: ErrorSummaryItem[];
  /** someone else changed the referral (409): offer to reload it */
  conflict?: boolean;
  title?: string;
}

export interface ActionProps {
  referral: ReferralView;
  /** the change was made: show this in a success banner */
  onDone: (message: string) => void;
  /** problems for the page's error summary, or null to clear it */
  onProblems: (problems: PageProblems | null) => void;
}

export type FieldErrors = Record<string, string>;

/** Summary items for a form's field errors, in the order of `fieldIds` (API field → element id). */
export function summaryItems(errors: FieldErrors, fieldIds: Record<string, string>): ErrorSummaryItem[] {
  const order = Object.keys(fieldIds);
  return Object.entries(errors)
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
    .map(([field, text]) => ({ text, fieldId: fieldIds[field] }));
}

/**
 * A failed change as problems: a version conflict (409 `conflict`) offers a reload; a 422's details
 * go by their fields; anything else is one message.
 */
export function problemsFromError(error: Error, fieldIds: Record<string, string>): { fields: FieldErrors; page: PageProblems } {
  // A version conflict: someone else changed the referral since it was loaded. (Other 409s, such as
  // a forward that still needs prior approval, are problems with the request, said as they are.)
  if (error instanceof ApiError && error.status === 409 && error.error === 'conflict') {
    return {
      fields: {},
      page: { conflict: true, title: 'This referral has changed', items: [{ text: error.message }] },
    };
  }
  if (error instanceof ApiError && error.details.length) {
    const fields: FieldErrors = {};
    const other: ErrorSummaryItem[] = [];
    for (const d of error.details) {
      if (d.field && fieldIds[d.field]) fields[d.field] = d.message;
      else other.push({ text: d.message });
    }
    return { fields, page: { items: [...summaryItems(fields, fieldIds), ...other] } };
  }
  return { fields: {}, page: { items: [{ text: error.message }] } };
}
