/**
 * Clinical code formats (INFO-3). ICD-10 and SNOMED CT are licensed, so no code lists ship with
 * the product: codes are checked for their system's shape here, and against a code list only
 * where the user has loaded one.
 */
export const CODE_SYSTEMS = ['icd10', 'snomed', 'read2'] as const;
export type CodeSystem = (typeof CODE_SYSTEMS)[number];

export const CODE_SYSTEM_URIS: Record<Exclude<CodeSystem, 'read2'>, string> = {
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  snomed: 'http://snomed.info/sct',
};

/** ICD-10 with or without the dot (`M17.1`, `M171`) → the dotted form; null when not ICD-10 shaped. */
export function normaliseIcd10(input: string): string | null {
  const m = /^([A-Z])(\d{2})\.?([0-9A-Z]{0,2})$/.exec(input.trim().toUpperCase());
  if (!m) return null;
  return m[3] ? `${m[1]}${m[2]}.${m[3]}` : `${m[1]}${m[2]}`;
}

// Verhoeff tables: SNOMED CT identifiers end in a Verhoeff check digit.
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

export function verhoeffValid(digits: string): boolean {
  let c = 0;
  const reversed = [...digits].reverse();
  for (let i = 0; i < reversed.length; i++) c = D[c]![P[i % 8]![Number(reversed[i])]!]!;
  return c === 0;
}

/** SNOMED CT concept id: 6–18 digits, no leading zero, Verhoeff check digit. */
export const isSnomedId = (code: string) => /^[1-9]\d{5,17}$/.test(code) && verhoeffValid(code);

/** Read v2: five characters, letters, digits and dots (e.g. `N245.`, `C10..`). */
export const isRead2 = (code: string) => /^[A-Za-z0-9][A-Za-z0-9.]{4}$/.test(code);

/** The code in its canonical form, or a message saying what is wrong with it. */
export function checkCode(system: CodeSystem, input: string): { ok: true; code: string } | { ok: false; message: string } {
  const raw = input.trim();
  switch (system) {
    case 'icd10': {
      const code = normaliseIcd10(raw);
      return code ? { ok: true, code } : { ok: false, message: `"${raw}" is not an ICD-10 code (a letter, two digits, then optionally a dot and one or two characters, like M17.1)` };
    }
    case 'snomed':
      return isSnomedId(raw) ? { ok: true, code: raw } : { ok: false, message: `"${raw}" is not a SNOMED CT identifier (6 to 18 digits ending in a Verhoeff check digit)` };
    case 'read2':
      return isRead2(raw) ? { ok: true, code: raw } : { ok: false, message: `"${raw}" is not a Read v2 code (five characters, like N245.)` };
  }
}
