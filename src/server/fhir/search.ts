/**
 * FHIR search parameters for ServiceRequest → the referral service's query (pure).
 *
 *   patient    token: `https://fhir.nhs.uk/Id/nhs-number|9434765919` or the digits alone
 *              (also accepted as `patient:identifier` / `patient.identifier`)
 *   status     token: a ServiceRequest status (active, on-hold, revoked, completed) or one of our
 *              own statuses; comma-separated values are alternatives, repeated parameters must all hold
 *   requester  token: `https://fhir.nhs.uk/Id/ods-organization-code|E82001`, `E82001` or `Organization/E82001`
 *   authored   date with prefix eq (default), ge, gt, le, lt; YYYY, YYYY-MM or YYYY-MM-DD (a time
 *              part is ignored: referral dates are days); repeat for a range
 *   _count     1 to 199, default 50
 * Other parameters are ignored, as FHIR servers do by default, and left out of the self link.
 */
import { STATUSES, type Status } from '../../domain/referrals/triage.js';
import type { ReferralQuery } from '../referrals/service.js';
import { SYSTEMS } from './resources.js';
import { statusesFor, type FhirIssue } from './service-request.js';

export const DEFAULT_COUNT = 50;
/** The service returns at most 200; we ask for one more than _count to know whether there are more. */
export const MAX_COUNT = 199;

export type SearchInput = Record<string, string | string[] | undefined>;
export interface ReadSearch {
  query: ReferralQuery;
  count: number;
  /** true when the parameters cannot match anything (another identifier system, contradictory values) */
  noMatch: boolean;
  /** the parameters used, for the Bundle's self link */
  used: [string, string][];
}

const values = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isRealDay = (d: string) => ISO_DAY.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The first and last day a FHIR date of year, month or day precision covers. */
function dayRange(value: string): [string, string] | undefined {
  if (/^\d{4}$/.test(value)) return [`${value}-01-01`, `${value}-12-31`];
  if (/^\d{4}-\d{2}$/.test(value)) {
    const first = `${value}-01`;
    if (!isRealDay(first)) return undefined;
    const nextMonth = new Date(`${first}T00:00:00Z`);
    nextMonth.setUTCMonth(nextMonth.getUTCMonth() + 1);
    return [first, addDays(nextMonth.toISOString().slice(0, 10), -1)];
  }
  return isRealDay(value) ? [value, value] : undefined;
}

/** A token `system|code`, `|code` or `code` → its parts (system undefined when not given). */
function token(value: string): { system: string | undefined; code: string } {
  const bar = value.indexOf('|');
  return bar < 0 ? { system: undefined, code: value } : { system: value.slice(0, bar), code: value.slice(bar + 1) };
}

export function readSearch(params: SearchInput): ReadSearch | { issues: FhirIssue[] } {
  const issues: FhirIssue[] = [];
  const bad = (parameter: string, message: string, code: FhirIssue['code'] = 'value') => issues.push({ expression: parameter, message, code });
  const query: ReferralQuery = {};
  const used: [string, string][] = [];
  let noMatch = false;

  const nhsValues = ['patient', 'patient:identifier', 'patient.identifier'].flatMap((name) => values(params[name]).map((v) => [name, v] as const));
  for (const [name, value] of nhsValues) {
    used.push([name, value]);
    if (value.includes(',')) { bad(name, 'Search for one NHS number at a time.', 'not-supported'); continue; }
    const { system, code } = token(value.trim());
    const digits = code.replace(/[\s-]/g, '');
    if (system !== undefined && system !== '' && system !== SYSTEMS.nhsNumber) { noMatch = true; continue; }
    if (!/^\d{10}$/.test(digits)) { bad(name, `${name} must be an NHS number (10 digits), optionally as ${SYSTEMS.nhsNumber}|9434765919.`); continue; }
    if (query.nhsNumber && query.nhsNumber !== digits) noMatch = true;
    query.nhsNumber = digits;
  }

  const statusSets: Status[][] = [];
  for (const value of values(params.status)) {
    used.push(['status', value]);
    const set = new Set<Status>();
    for (const code of value.split(',').map((s) => token(s.trim()).code)) {
      const ours = statusesFor(code);
      if (!ours) bad('status', `"${code}" is not a status: use active, on-hold, revoked or completed, or one of ${STATUSES.join(', ')}.`);
      else ours.forEach((s) => set.add(s));
    }
    statusSets.push([...set]);
  }
  if (statusSets.length) {
    const all = statusSets.reduce((a, b) => a.filter((s) => b.includes(s)));
    if (all.length) query.status = all;
    else noMatch = true;
  }

  const requesters = ['requester', 'requester:identifier', 'requester.identifier'].flatMap((name) => values(params[name]).map((v) => [name, v] as const));
  for (const [name, value] of requesters) {
    used.push([name, value]);
    if (value.includes(',')) { bad(name, 'Search for one practice at a time.', 'not-supported'); continue; }
    const { system, code: raw } = token(value.trim());
    const code = raw.replace(/^Organization\//, '').trim().toUpperCase();
    if (system !== undefined && system !== '' && system !== SYSTEMS.odsCode) { noMatch = true; continue; }
    if (!/^[A-Z0-9]{3,10}$/.test(code)) { bad(name, `${name} must be a practice ODS code, optionally as ${SYSTEMS.odsCode}|E82001.`); continue; }
    if (query.practiceCode && query.practiceCode !== code) noMatch = true;
    query.practiceCode = code;
  }

  for (const value of values(params.authored)) {
    used.push(['authored', value]);
    const m = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(\d{4}(?:-\d{2}(?:-\d{2})?)?)(T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)?$/.exec(value.trim());
    const range = m ? dayRange(m[2]!) : undefined;
    if (!m || !range) { bad('authored', `"${value}" is not a date search: use a date like 2025-10-14 with an optional prefix ge, gt, le, lt or eq.`); continue; }
    const prefix = m[1] ?? 'eq';
    let from: string | undefined;
    let to: string | undefined;
    switch (prefix) {
      case 'eq': [from, to] = range; break;
      case 'ge': from = range[0]; break;
      case 'gt': from = addDays(range[1], 1); break;
      case 'le': to = range[1]; break;
      case 'lt': to = addDays(range[0], -1); break;
      default: bad('authored', `The date prefix "${prefix}" is not supported here: use eq, ge, gt, le or lt.`, 'not-supported'); continue;
    }
    if (from && (!query.from || from > query.from)) query.from = from;
    if (to && (!query.to || to < query.to)) query.to = to;
  }
  if (query.from && query.to && query.from > query.to) noMatch = true;

  let count = DEFAULT_COUNT;
  const counts = values(params._count);
  if (counts.length) {
    const raw = counts.at(-1)!;
    used.push(['_count', raw]);
    if (!/^\d+$/.test(raw) || Number(raw) < 1) bad('_count', '_count must be a whole number of at least 1.');
    else count = Math.min(Number(raw), MAX_COUNT);
  }

  if (issues.length) return { issues };
  return { query, count, noMatch, used };
}
