/** Helpers for A&E audit tests: fictitious NHS numbers and an entry body to vary. */
import { nhsNumberCheckDigit } from '../domain/patient/nhs-number.js';

/** The i-th valid NHS number from 999 300 000x up (the fictitious 999 range), stems without a check digit skipped. */
export function testNhsNumber(i: number): string {
  let found = -1;
  for (let stem = 999_300_000; ; stem++) {
    const check = nhsNumberCheckDigit(String(stem));
    if (check !== null && ++found === i) return `${stem}${check}`;
  }
}

export interface EntryBodyInput {
  nhsNumber: string;
  dateOfBirth?: string | null;
  ageBand?: string | null;
  sex: 'M' | 'F';
  attendedAt: string;
  reason: string;
  primaryCareCouldSee: 'yes' | 'no' | 'unsure';
  outcome: 'discharged' | 'admitted' | 'referred' | 'left' | 'other';
  notes?: string;
}

export const entryBody = (overrides: Partial<EntryBodyInput> = {}): EntryBodyInput => ({
  nhsNumber: testNhsNumber(0), dateOfBirth: null, ageBand: '30-34', sex: 'F', attendedAt: '2025-10-14T10:30',
  reason: 'Minor injury (sprain, cut, bruise)', primaryCareCouldSee: 'yes', outcome: 'discharged', notes: '', ...overrides,
});
