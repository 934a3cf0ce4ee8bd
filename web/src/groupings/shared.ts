/** What the groupings pages share: their addresses, and turning the server's problems into field errors. */
import { ApiError } from '../api/client.js';
import type { ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';

export const groupingsPath = '/insight/groupings';
export const groupingPath = (id: number) => `/insight/groupings/${id}`;

/** What a page shows after a change that took the user elsewhere (in the router's location state). */
export interface GroupingNotice { notice?: string }

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/**
 * The server's problems by field: each field gets the first message about it; every message goes
 * into the summary (so each bad practice code is named there), linking to its field where it has one.
 */
export function problemsFrom<K extends string>(error: unknown, ids: Record<K, string>): { fields: FieldErrors<K>; summary: ErrorSummaryItem[] } {
  if (!(error instanceof ApiError)) return { fields: {}, summary: [{ text: error instanceof Error ? error.message : 'Something went wrong.' }] };
  const fields: FieldErrors<K> = {};
  const summary: ErrorSummaryItem[] = [];
  for (const d of error.details) {
    const key = d.field?.replace(/^body\./, '') as K | undefined;
    const known = key !== undefined && key in ids;
    if (known && !fields[key]) fields[key] = error.details.filter((x) => x.field === d.field).length > 1 ? error.message : d.message;
    summary.push(known ? { text: d.message, fieldId: ids[key] } : { text: d.message });
  }
  if (!summary.length) summary.push({ text: error.message });
  return { fields, summary };
}

/** The summary of errors found in the browser, in the order of the form's fields. */
export const summaryOf = <K extends string>(errors: FieldErrors<K>, ids: Record<K, string>): ErrorSummaryItem[] =>
  (Object.keys(ids) as K[]).filter((k) => errors[k]).map((k) => ({ text: errors[k]!, fieldId: ids[k] }));

/** Splits pasted codes as the server does, for sending as a list. */
export const splitCodes = (text: string): string[] => text.split(/[\s,;]+/).map((c) => c.trim()).filter(Boolean);
