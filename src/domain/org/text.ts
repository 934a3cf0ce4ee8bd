/** Free text such as an organisation's name. */
import { fail, ok, type Parsed } from './parsed.js';

// Control characters usually mean a broken export (binary data, a stray form feed).
const isControl = (c: string) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127;

export function parseName(input: string, maxLength = 200): Parsed<string> {
  const name = input.trim().replace(/\s+/g, ' ');
  if (!name) return fail('is required');
  if (name.length > maxLength) return fail(`must be at most ${maxLength} characters`);
  if ([...name].some(isControl)) return fail('contains control characters');
  return ok(name);
}
