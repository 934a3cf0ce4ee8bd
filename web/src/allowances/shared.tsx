/**
 * What the allowance, DES invoice and running-cost pages share: the year in the address and its
 * picker, status tags, and turning the server's problems into field errors for an error summary.
 */
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../api/client.js';
import type { AllowanceStatus, InvoiceStatus } from '../api/allowances.js';
import { currentFinancialYear, financialYearOptions, isFinancialYear } from '../activity/years.js';
import { Button } from '../nhsuk/Button.js';
import type { ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { Select } from '../nhsuk/Select.js';
import { Tag, type TagColour } from '../nhsuk/Tag.js';

/** The statement page of a practice for a year. */
export const statementPath = (practiceCode: string, year: string) => `/allowances/statement/${encodeURIComponent(practiceCode)}?year=${encodeURIComponent(year)}`;

/** The financial year in the address (`?year=`), else the current one; and how to change it. */
export function useYearParam(): [string, (year: string) => void] {
  const [search, setSearch] = useSearchParams();
  const param = search.get('year');
  const year = isFinancialYear(param) ? param : currentFinancialYear();
  const setYear = (y: string) => {
    const next = new URLSearchParams(search);
    if (y === currentFinancialYear()) next.delete('year');
    else next.set('year', y);
    setSearch(next, { preventScrollReset: true });
  };
  return [year, setYear];
}

export function YearForm({ id, year, onChange, button = 'Show' }: { id: string; year: string; onChange: (year: string) => void; button?: string }) {
  const [value, setValue] = useState(year);
  const years = financialYearOptions();
  if (!years.includes(year)) years.push(year);
  function submit(event: FormEvent) {
    event.preventDefault();
    onChange(value);
  }
  return (
    <form className="app-inline-form" onSubmit={submit} noValidate>
      <Select id={id} label="Financial year" value={value} onChange={setValue} options={years.map((y) => ({ value: y, text: y }))} />
      <Button variant="secondary">{button}</Button>
    </form>
  );
}

const ALLOWANCE_COLOURS: Record<AllowanceStatus, TagColour> = { earned: 'green', not_yet_earned: 'yellow', not_applicable: 'grey' };
export function AllowanceStatusTag({ status, label }: { status: AllowanceStatus; label: string }) {
  return <Tag colour={ALLOWANCE_COLOURS[status]}>{label}</Tag>;
}

const INVOICE_COLOURS: Record<InvoiceStatus, TagColour> = { submitted: 'blue', approved: 'green', rejected: 'red', paid: 'grey' };
export function InvoiceStatusTag({ status, label }: { status: InvoiceStatus; label: string }) {
  return <Tag colour={INVOICE_COLOURS[status]}>{label}</Tag>;
}

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** The summary's items: one per field in error (linking to it), then anything not about a field. */
export function summaryOf<K extends string>(errors: FieldErrors<K>, ids: Record<K, string>, general: string | null): ErrorSummaryItem[] {
  const items: ErrorSummaryItem[] = (Object.keys(ids) as K[]).filter((k) => errors[k]).map((k) => ({ text: errors[k]!, fieldId: ids[k] }));
  return general ? [...items, { text: general }] : items;
}

/**
 * The server's problems as field errors: a detail whose `field` (without `body.`) is one of the
 * form's fields goes by that field, in the server's words; anything else is a general problem.
 */
export function fromServer<K extends string>(error: unknown, fields: readonly K[]): { fields: FieldErrors<K>; general: string | null } {
  if (!(error instanceof ApiError)) return { fields: {}, general: error instanceof Error ? error.message : 'Something went wrong.' };
  const found: FieldErrors<K> = {};
  const unplaced: string[] = [];
  for (const d of error.details) {
    const key = d.field?.replace(/^body\./, '') as K | undefined;
    if (key && fields.includes(key) && !found[key]) found[key] = d.message;
    else unplaced.push(d.message);
  }
  const placed = Object.keys(found).length > 0;
  return { fields: found, general: placed && !unplaced.length ? null : placed ? unplaced.join(' ') : error.message };
}
