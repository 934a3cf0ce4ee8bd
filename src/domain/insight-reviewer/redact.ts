/**
 * Practices write their feedback in free text, and sometimes name the patient. Reviewer evidence
 * leaves the organisation (it goes to an appraiser), so before a comment goes into it, anything
 * that identifies a patient is taken out: NHS numbers (any 10 digits written as one, spaced 3-3-4
 * or hyphenated), UK postcodes, and the referral's own patient's names and date of birth.
 */
export interface PatientIdentifiers {
  nhsNumber?: string | null;
  familyName?: string | null;
  givenName?: string | null;
  /** YYYY-MM-DD */
  birthDate?: string | null;
  postcode?: string | null;
}

const NHS_NUMBER = /(?<![\d])\d{3}[\s-]?\d{3}[\s-]?\d{4}(?![\d])/g;
// The shapes of UK postcodes (A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA), space optional.
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The ways a date of birth is commonly written: 1956-03-27, 27/03/1956, 27/3/56, 27.03.1956, 27 March 1956, 27 Mar 1956. */
function birthDatePatterns(iso: string): RegExp[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return [];
  const [y, mo, d] = [m[1]!, m[2]!, m[3]!];
  const day = `0?${Number(d)}`;
  const month = `0?${Number(mo)}`;
  const year = `(?:${y}|${y.slice(2)})`;
  const name = MONTHS[Number(mo) - 1]!;
  return [
    new RegExp(`\\b${y}-${mo}-${d}\\b`, 'g'),
    new RegExp(`(?<!\\d)${day}[/.-]${month}[/.-]${year}(?!\\d)`, 'g'),
    new RegExp(`\\b${day}(?:st|nd|rd|th)?\\s+(?:${name}|${name.slice(0, 3)})\\.?,?\\s+${y}\\b`, 'gi'),
  ];
}

/** The comment with the patient's identifiers replaced by a note of what was removed. */
export function redactPatientIdentifiers(text: string, patient: PatientIdentifiers = {}): string {
  let out = text;
  if (patient.birthDate) for (const pattern of birthDatePatterns(patient.birthDate)) out = out.replace(pattern, '[date of birth removed]');
  out = out.replace(NHS_NUMBER, '[NHS number removed]');
  out = out.replace(POSTCODE, '[postcode removed]');
  // Longest name first, so "Smith-Jones" goes before "Smith" could split it.
  const names = [patient.familyName, patient.givenName]
    .flatMap((n) => (n ? [n, ...n.split(/[\s-]+/)] : []))
    .map((n) => n.trim())
    .filter((n) => n.length >= 2)
    .sort((a, b) => b.length - a.length);
  for (const name of new Set(names)) {
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, 'giu'), '[name removed]');
  }
  return out;
}
