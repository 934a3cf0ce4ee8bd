/**
 * What the A&E audit form checks before sending, in the words the server uses
 * (src/domain/insight-audit/ae-audit.ts): the server checks again and has the last word.
 */
import type { DateParts } from '../nhsuk/DateInput.js';

/** NHS number modulus 11 (NHS Data Dictionary): weights 10..2, check = 11 − (sum mod 11); 11 → 0; 10 → invalid. */
export function nhsNumberProblem(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  if (!digits) return 'Enter the patient’s NHS number';
  if (!/^\d+$/.test(digits)) return 'NHS number must contain only digits';
  if (digits.length !== 10) return `NHS number must be 10 digits (this has ${digits.length})`;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  if (check === 10 || check !== Number(digits[9])) return 'NHS number is not a valid NHS number: the check digit does not match';
  return null;
}

/** Day, month and year boxes as YYYY-MM-DD, or null when they are not a real date. */
export function isoFromParts(parts: DateParts): string | null {
  const [d, m, y] = [parts.day.trim(), parts.month.trim(), parts.year.trim()];
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

export const partsFromIso = (iso: string): DateParts => ({ day: String(Number(iso.slice(8, 10))), month: String(Number(iso.slice(5, 7))), year: iso.slice(0, 4) });

/** "9:05", "09:05" or "0905" as HH:MM (24-hour clock); null when not a time. */
export function timeFrom(text: string): string | null {
  const m = /^(\d{1,2}):?(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}` : null;
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const longDate = (iso: string) => `${Number(iso.slice(8, 10))} ${monthNames[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/** "14 October 2025, 7:45pm" from a local YYYY-MM-DDTHH:MM. */
export function formatAttendance(local: string): string {
  const [h, m] = [Number(local.slice(11, 13)), local.slice(14, 16)];
  const time = `${h % 12 === 0 ? 12 : h % 12}:${m}${h < 12 ? 'am' : 'pm'}`;
  return `${longDate(local.slice(0, 10))}, ${time}`;
}

export const percent1 = (fraction: number | null | undefined) =>
  (fraction === null || fraction === undefined ? '–' : `${(Math.round(fraction * 1000) / 10).toLocaleString('en-GB', { minimumFractionDigits: 1 })}%`);
