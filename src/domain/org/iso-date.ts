/** ISO calendar dates (`YYYY-MM-DD`) that really exist: 2025-02-29 does not. */
import { fail, ok, type Parsed } from './parsed.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(input: string): Parsed<string> {
  const text = input.trim();
  const match = ISO_DATE.exec(text);
  if (!match) return fail('must be a date written YYYY-MM-DD, like 2025-10-01');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2025-02-30 over to March; a real date comes back unchanged. Years < 1900 are typos.
  const real = year >= 1900 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? ok(text) : fail(`must be a real date written YYYY-MM-DD; ${text} does not exist`);
}
