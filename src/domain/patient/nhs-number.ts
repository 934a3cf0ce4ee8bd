/**
 * NHS number: ten digits, the last a modulus 11 check digit (NHS Data Dictionary).
 * Weights 10..2 over the first nine digits; check = 11 - (sum mod 11); 11 → 0; 10 → invalid.
 */
export function nhsNumberCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null; // no valid NHS number starts with these nine digits
  return check;
}

/** Accepts spaces or dashes as people write them (`943 476 5919`); returns the ten digits. */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export function isValidNhsNumber(input: string): boolean {
  const digits = normaliseNhsNumber(input);
  if (!/^\d{10}$/.test(digits)) return false;
  return nhsNumberCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

/** Explains what is wrong, for error messages; null when valid. */
export function nhsNumberProblem(input: string): string | null {
  const digits = normaliseNhsNumber(input);
  if (!/^\d+$/.test(digits)) return 'must contain only digits';
  if (digits.length !== 10) return `must be 10 digits (this has ${digits.length})`;
  if (!isValidNhsNumber(digits)) return 'is not a valid NHS number: the check digit does not match';
  return null;
}

/** `9434765919` → `943 476 5919`, the way NHS services show it. */
export const formatNhsNumber = (digits: string) => `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
