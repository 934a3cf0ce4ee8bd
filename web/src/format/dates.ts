/** Dates as GOV.UK and NHS.UK style them: 1 October 2025, and 1 October 2025 at 2:05pm. */
const dateOnly = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const localDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
const localTime = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true });

/** An ISO calendar date (YYYY-MM-DD, as the API sends periods): no time zone shift. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : dateOnly.format(date);
}

/** A moment (ISO timestamp), in the user's time zone: its date and its time ("2:05pm"). */
export function dateAndTime(isoTimestamp: string | null | undefined): { date: string; time: string } | null {
  if (!isoTimestamp) return null;
  const date = new Date(isoTimestamp);
  if (Number.isNaN(date.getTime())) return null;
  return { date: localDate.format(date), time: localTime.format(date).replace(/\s/g, '').toLowerCase() };
}

/** A moment as "1 October 2025 at 2:05pm". */
export function formatDateTime(isoTimestamp: string | null | undefined): string {
  const parts = dateAndTime(isoTimestamp);
  return parts ? `${parts.date} at ${parts.time}` : (isoTimestamp ?? '');
}

const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const shortLocalDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** For tables: "1 Oct 2025" from a calendar date (no time zone shift) or, in the user's zone, from a timestamp. */
export function formatShortDate(iso: string | null | undefined): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const date = new Date(`${iso}T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? iso : shortDate.format(date);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : shortLocalDate.format(date);
}
