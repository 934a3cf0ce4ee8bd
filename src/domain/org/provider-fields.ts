/** Fields of providers.csv: the kind of provider and its market forces factor (MFF). */
import { fail, ok, type Parsed } from './parsed.js';

export const PROVIDER_KINDS = ['acute', 'community', 'mental_health', 'independent', 'primary_care'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Case and spaces are forgiven: `Mental Health` is mental_health. */
export function parseProviderKind(input: string): Parsed<ProviderKind> {
  const kind = input.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return (PROVIDER_KINDS as readonly string[]).includes(kind)
    ? ok(kind as ProviderKind)
    : fail(`must be one of ${PROVIDER_KINDS.join(', ')}`);
}

// Stored as numeric(8,4): up to 4 decimal places and below 10,000.
const DECIMAL = /^(?:\d{1,4}(?:\.\d{0,4})?|\.\d{1,4})$/;

/** A positive decimal; blank means 1 (no adjustment). */
export function parseMff(input: string): Parsed<number> {
  const text = input.trim();
  if (!text) return ok(1);
  const value = Number(text);
  return DECIMAL.test(text) && value > 0
    ? ok(value)
    : fail('must be a positive number with up to 4 decimal places, like 1.0432 (blank means 1)');
}
