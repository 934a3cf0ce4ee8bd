/** Five-year age bands as NHS Digital publishes registered populations (ORG-2). */
export const AGE_BANDS = [
  '0-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49',
  '50-54', '55-59', '60-64', '65-69', '70-74', '75-79', '80-84', '85-89', '90-94', '95+',
] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export type Sex = 'M' | 'F';

export const isAgeBand = (s: string): s is AgeBand => (AGE_BANDS as readonly string[]).includes(s);

export interface PyramidBand { ageBand: AgeBand; male: number; female: number }

/** Arranges population counts youngest first, every band present (zero when absent). */
export function toPyramid(rows: Iterable<{ age_band: string; sex: Sex; patients: number }>): PyramidBand[] {
  const bands = new Map<string, PyramidBand>(AGE_BANDS.map((b) => [b, { ageBand: b, male: 0, female: 0 }]));
  for (const r of rows) {
    const band = bands.get(r.age_band);
    if (!band) continue;
    if (r.sex === 'M') band.male += r.patients; else band.female += r.patients;
  }
  return [...bands.values()];
}
