/**
 * Pseudonymous labels for peer practices ("Practice A", "Practice B", …) so that a practice sees its
 * peers only as rates and labels (issue 7, INFO-4). The order comes from a keyed hash of each
 * practice code, not from list size, code or name, so a label reveals neither; without the secret
 * the order cannot be rebuilt by trying codes.
 *
 * Labels are stable for the same secret and the same set of practices. A practice joining or
 * leaving shifts later letters, and a new secret (e.g. one per year, passed in by the caller)
 * reshuffles them all.
 *
 * HMAC-SHA-256 from node:crypto is pure computation (the domain already uses it for patient
 * pseudonyms); a different keyed hash can be passed in, e.g. for use in a browser.
 */
import { createHmac } from 'node:crypto';

export type KeyedHash = (secret: string, text: string) => string;

export const hmacSha256: KeyedHash = (secret, text) => createHmac('sha256', secret).update(text).digest('hex');

/** 0 → A, 25 → Z, 26 → AA, 27 → AB … (as spreadsheet columns), so any number of peers gets a label. */
export function letters(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`index must be a whole number of 0 or more, not ${index}`);
  let n = index + 1;
  let text = '';
  while (n > 0) {
    const remainder = (n - 1) % 26;
    text = String.fromCharCode(65 + remainder) + text;
    n = Math.floor((n - 1) / 26);
  }
  return text;
}

/** Labels for the given practice codes: a map from code to "Practice X". Duplicates count once. */
export function peerLabels(practiceCodes: readonly string[], secret: string, hash: KeyedHash = hmacSha256): Map<string, string> {
  if (secret.length < 16) throw new RangeError('the secret must be at least 16 characters, or the labels could be reversed');
  const codes = [...new Set(practiceCodes)];
  const keyed = codes.map((code) => ({ code, key: hash(secret, code) }));
  // Ties in the hash are practically impossible; the code breaks them so the order is still total.
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return new Map(keyed.map(({ code }, i) => [code, `Practice ${letters(i)}`]));
}
