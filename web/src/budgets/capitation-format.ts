/**
 * The fair-share pages' numbers: the API sends exact figures as decimal strings ("19.090909",
 * "0.6363636364", pence "63635.7273"); these round and format them on their digits (BigInt),
 * never through floating point, so what is shown is what the server worked out.
 */

interface Decimal { digits: bigint; places: number }

function parse(text: string): Decimal | null {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[3] ?? '';
  const digits = BigInt(`${match[2]}${fraction}`);
  return { digits: match[1] ? -digits : digits, places: fraction.length };
}

function render({ digits, places }: Decimal, group: boolean): string {
  const negative = digits < 0n;
  const text = (negative ? -digits : digits).toString().padStart(places + 1, '0');
  let whole = places ? text.slice(0, -places) : text;
  if (group) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const out = places ? `${whole}.${text.slice(-places)}` : whole;
  return negative && /[1-9]/.test(text) ? `-${out}` : out;
}

/** To `places` decimal places, half away from zero: round("2.545454545", 6) = "2.545455". */
export function roundDecimal(text: string, places: number): Decimal | null {
  const d = parse(text);
  if (!d) return null;
  if (d.places <= places) return { digits: d.digits * 10n ** BigInt(places - d.places), places };
  const divisor = 10n ** BigInt(d.places - places);
  const negative = d.digits < 0n;
  const magnitude = negative ? -d.digits : d.digits;
  let rounded = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) rounded += 1n;
  return { digits: negative ? -rounded : rounded, places };
}

/** "19090.909091" → "19,090.91" (2 places), or as many places as it has when `places` is left out. */
export function formatDecimal(text: string, places?: number): string {
  const d = places === undefined ? parse(text) : roundDecimal(text, places);
  return d ? render(d, true) : text;
}

/** A share ("0.6363636364") as a percentage: "63.6364%". */
export function formatShare(share: string, places = 4): string {
  const d = parse(share);
  if (!d) return share;
  // × 100: two fewer decimal places.
  const percent = d.places >= 2 ? { digits: d.digits, places: d.places - 2 } : { digits: d.digits * 10n ** BigInt(2 - d.places), places: 0 };
  return `${formatDecimal(render(percent, false), places)}%`;
}

/** Exact pence ("63635.7273") as pounds with every digit kept: "£636.357273". */
export function formatExactPence(pence: string): string {
  const d = parse(pence);
  if (!d) return pence;
  const pounds = render({ digits: d.digits, places: d.places + 2 }, true).replace(/(\.\d\d\d*?)0+$/, '$1');
  return pounds.startsWith('-') ? `-£${pounds.slice(1)}` : `£${pounds}`;
}

/** "M" → "Males". */
export const SEX_LABELS = { M: 'Males', F: 'Females' } as const;
