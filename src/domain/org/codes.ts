/** ODS codes of practices, providers and commissioners, and the free codes of groups. */
import { fail, ok, type Parsed } from './parsed.js';

const PRACTICE_CODE = /^[A-Z][0-9]{5}$/;
const ORG_CODE = /^[A-Z0-9]{3,5}$/;

/** One letter and five digits; lower case is accepted and upper-cased. */
export function parsePracticeCode(input: string): Parsed<string> {
  const code = input.trim().toUpperCase();
  return PRACTICE_CODE.test(code) ? ok(code) : fail('must be an ODS practice code: one letter and five digits, like E82044');
}

/** Trusts, sites and independent providers: 3 to 5 letters or digits (RWG, RWG01, NT4). */
export function parseProviderCode(input: string): Parsed<string> {
  const code = input.trim().toUpperCase();
  return ORG_CODE.test(code) ? ok(code) : fail('must be an ODS provider code: 3 to 5 letters or digits, like RWG or RWG01');
}

/** PCT, CCG or ICB: 3 to 5 letters or digits (QM7, 06K). */
export function parseCommissionerCode(input: string): Parsed<string> {
  const code = input.trim().toUpperCase();
  return ORG_CODE.test(code) ? ok(code) : fail('must be an ODS commissioner code: 3 to 5 letters or digits, like QM7');
}

const GROUP_CODE = /^[A-Za-z0-9][A-Za-z0-9 _./&-]{0,39}$/;

/** Localities and federations are named by the commissioner, so only the shape is checked; case is kept. */
export function parseGroupCode(input: string): Parsed<string> {
  const code = input.trim();
  return GROUP_CODE.test(code) ? ok(code) : fail('must be a group code: up to 40 letters, digits, spaces or - _ . / &, starting with a letter or digit');
}
