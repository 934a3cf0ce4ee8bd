/** Providers of the demo locality: the trusts around Hertfordshire and West Essex. */
import { TOWNS } from './places.js';
import type { Random } from './random.js';

export type DemoProviderKind = 'acute' | 'community' | 'mental_health' | 'independent' | 'primary_care';

export interface DemoProvider { code: string; name: string; kind: DemoProviderKind; mff: number }

const PROVIDERS: readonly DemoProvider[] = [
  { code: 'RWG', name: 'West Hertfordshire Teaching Hospitals NHS Trust', kind: 'acute', mff: 1.085 },
  { code: 'RWH', name: 'East and North Hertfordshire NHS Trust', kind: 'acute', mff: 1.062 },
  { code: 'RQW', name: 'The Princess Alexandra Hospital NHS Trust', kind: 'acute', mff: 1.068 },
  { code: 'RAL', name: 'Royal Free London NHS Foundation Trust', kind: 'acute', mff: 1.11 },
  { code: 'RY4', name: 'Hertfordshire Community NHS Trust', kind: 'community', mff: 1.06 },
  { code: 'RWR', name: 'Hertfordshire Partnership University NHS Foundation Trust', kind: 'mental_health', mff: 1.058 },
  { code: 'NT4', name: 'BMI Healthcare (Circle Health Group)', kind: 'independent', mff: 1.04 },
  { code: 'NVC', name: 'Ramsay Health Care UK', kind: 'independent', mff: 1.03 },
];

const EXTRA_KINDS: readonly { kind: DemoProviderKind; label: string }[] = [
  { kind: 'independent', label: 'Treatment Centre' },
  { kind: 'community', label: 'Community Diagnostics Centre' },
  { kind: 'independent', label: 'Eye Clinic' },
  { kind: 'community', label: 'Community Musculoskeletal Service' },
];

/** MFF stays within 1.00–1.12: a small seeded wobble on the published-looking base value. */
const mff = (base: number, random: Random) => Math.round(Math.min(1.12, Math.max(1, base + 0.004 * random.normal())) * 10_000) / 10_000;

/** Eight providers, plus one more per thousand practices for large localities. */
export function generateProviders(practices: number, random: Random): DemoProvider[] {
  const providers = PROVIDERS.map((p) => ({ ...p, mff: mff(p.mff, random) }));
  const extra = Math.floor(practices / 1000);
  for (let j = 0; j < extra; j++) {
    const town = TOWNS[j % TOWNS.length]!;
    const type = EXTRA_KINDS[j % EXTRA_KINDS.length]!;
    // NZ + two digits: shaped like independent-sector codes, never clashing with the list above
    providers.push({ code: `NZ${String(j + 1).padStart(2, '0')}`, name: `${town.name} ${type.label}`, kind: type.kind, mff: mff(1.03, random) });
  }
  return providers;
}
