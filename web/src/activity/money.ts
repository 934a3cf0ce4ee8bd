/**
 * Money on the activity and contract pages: the API speaks integer pence, people read and type
 * pounds. `formatPence` (../format/numbers) shows £1,234.56; these turn typed pounds into pence.
 */
import { formatPence } from '../format/numbers.js';

const POUNDS = /^(-)?(\d{1,12})(?:\.(\d{1,2}))?$/;

/**
 * "£1,234.5" → 123450 pence; null when it is not an amount in pounds with up to two decimal
 * places (or is negative and `allowNegative` is not set).
 */
export function parsePoundsInput(text: string, { allowNegative = false } = {}): number | null {
  const cleaned = text.trim().replace(/^(-?)\s*£/, '$1').replace(/,(?=\d{3}(?:\D|$))/g, '').replace(/\s+/g, '');
  const match = POUNDS.exec(cleaned);
  if (!match || (match[1] && !allowNegative)) return null;
  const pence = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -pence : pence;
}

/** 123450 → "1234.50", for a form's starting value. */
export const poundsInputOf = (pence: number) => (pence / 100).toFixed(2);

/** A word joiner after the sign, so "-£12.00" never breaks at the minus in a narrow cell. */
const keepWhole = (text: string) => text.replace(/^([+-])/, '$1\u2060');

/** "+£12.00" over plan, "-£12.00" under, "£0.00" on it. */
export const formatSignedPence = (pence: number) => keepWhole(pence > 0 ? `+${formatPence(pence)}` : formatPence(pence));

/** 37.5 → "+37.5%". */
export const formatSignedPercent = (percent: number | null) => (percent === null ? 'No plan' : keepWhole(`${percent > 0 ? '+' : ''}${percent.toFixed(1)}%`));

/** A forecast, or why there is none. */
export const formatForecast = (pence: number | null) => (pence === null ? 'Not yet' : formatPence(pence));

export { formatPence };
