/**
 * UK postcodes, normalised to upper case with one space before the inward code (`al1 3ew` → `AL1 3EW`).
 * The letter rules are Royal Mail's: which letters may appear in each position.
 */
import { fail, ok, type Parsed } from './parsed.js';

const OUTWARD = /^(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])$/;
const INWARD = /^[0-9][ABD-HJLNP-UW-Z]{2}$/;

export function parsePostcode(input: string): Parsed<string> {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  const outward = compact.slice(0, -3);
  const inward = compact.slice(-3);
  const valid = compact === 'GIR0AA' || (compact.length >= 5 && OUTWARD.test(outward) && INWARD.test(inward));
  return valid ? ok(`${outward} ${inward}`) : fail('must be a UK postcode, like AL1 3EW');
}
