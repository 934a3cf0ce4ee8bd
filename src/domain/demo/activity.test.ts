import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { financialMonthOf } from '../activity/financial-year.js';
import { parsePounds } from '../activity/money.js';
import { PODS, Tariff, type Pod } from '../activity/pricing.js';
import { dayNumber } from '../calendar/working-days.js';
import { isTreatmentFunction } from '../codes/treatment-functions.js';
import { isValidNhsNumber } from '../patient/nhs-number.js';
import { PRIOR_APPROVAL_PROCEDURES } from '../referrals/catalogue.js';
import {
  ACTIVITY_CSV_COLUMNS, demoContracts, demoTariff, generateActivity, OUT_OF_AREA_PRACTICE,
  type ActivityCsvRow, type DemoActivityOptions,
} from './activity.js';
import { generateLocality, type DemoLocality } from './locality.js';
import { DEFAULT_REFERRAL_PERIOD, generateReferrals, type DemoReferral } from './referrals.js';

const locality = generateLocality();
const { from, to } = DEFAULT_REFERRAL_PERIOD;
const referrals = [...generateReferrals(locality)];
const rows = [...generateActivity(locality, { from, to, referrals })];
const FRACTION = 0.08;

const count = <T>(items: Iterable<T>, key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};
const daysBetween = (a: string, b: string) => dayNumber(b) - dayNumber(a);
const tariffOf = (years: string[]) =>
  new Tariff(demoTariff(years).map((r) => ({ year: r.year, pod: r.pod as Pod, tfc: r.tfc, hrg: r.hrg, pricePence: pence(r.price) })));
function pence(price: string): number {
  const parsed = parsePounds(price);
  if (!parsed.ok) throw new Error(`${price}: ${parsed.message}`);
  return parsed.value;
}
/** Everything but the id, to spot exact duplicates. */
const content = (r: ActivityCsvRow) => ACTIVITY_CSV_COLUMNS.filter((c) => c !== 'activity_id').map((c) => r[c]).join('|');

/** The FORMATS.md rules for one activity.csv row, as a list of problems. */
function problems(r: ActivityCsvRow, area: DemoLocality, period: { from: string; to: string }): string[] {
  const found: string[] = [];
  const check = (ok: boolean, what: string) => { if (!ok) found.push(`${what}: ${JSON.stringify(r)}`); };
  check(Object.keys(r).sort().join() === [...ACTIVITY_CSV_COLUMNS].sort().join(), 'columns');
  check(Object.values(r).every((v) => typeof v === 'string'), 'strings');
  check(r.activity_id.length > 0 && r.activity_id.length <= 40, 'activity_id');
  check(area.providers.some((p) => p.code === r.provider_code), 'provider_code');
  check(/^[A-Z]\d{5}$/.test(r.practice_code), 'practice_code');
  check(isValidNhsNumber(r.nhs_number) && r.nhs_number.startsWith('999'), 'nhs_number');
  check(r.patient_pseudo === '', 'patient_pseudo');
  check((PODS as readonly string[]).includes(r.pod), 'pod');
  check(r.pod === 'AE' ? r.tfc === '' || isTreatmentFunction(r.tfc) : isTreatmentFunction(r.tfc), 'tfc');
  check(r.hrg === '' || /^[A-Z]{2}\d{2}[A-Z]$/.test(r.hrg), 'hrg');
  check(/^\d{4}-\d{2}-\d{2}$/.test(r.activity_date) && r.activity_date >= period.from && r.activity_date <= period.to, 'activity_date');
  check(r.discharge_date === '' || (['DC', 'EL', 'NEL'].includes(r.pod) && r.discharge_date >= r.activity_date && r.discharge_date <= period.to), 'discharge_date');
  check(r.primary_diagnosis === '' || /^[A-Z]\d{2}(\.\d{1,2})?$/.test(r.primary_diagnosis), 'primary_diagnosis');
  check(r.primary_procedure === '' || /^[A-Z]\d{2}(\.\d)?$/.test(r.primary_procedure), 'primary_procedure');
  check(r.pod === 'OPFA' ? ['GP', 'C2C', 'AE', 'SELF', 'OTHER'].includes(r.referral_source) : r.referral_source === '', 'referral_source');
  check(r.referral_id === '', 'referral_id');
  check(r.price === '' || parsePounds(r.price).ok, 'price');
  return found;
}

describe('demoTariff', () => {
  const tariff = demoTariff(['2024/25', '2025/26']);
  const current = tariff.filter((r) => r.year === '2025/26');

  it('has a pod row for every pod, pod+tfc rows for the common specialties and a few HRG rows', () => {
    for (const pod of PODS) expect(current.filter((r) => r.pod === pod && !r.tfc && !r.hrg)).toHaveLength(1);
    for (const tfc of ['100', '101', '110', '120', '130', '300', '320', '330', '340', '400', '410', '430', '502', '650']) {
      for (const pod of ['OPFA', 'OPFU', 'OPPROC']) expect(current.some((r) => r.pod === pod && r.tfc === tfc && !r.hrg), `${pod} ${tfc}`).toBe(true);
    }
    expect(current).toContainEqual(expect.objectContaining({ pod: 'DC', tfc: '', hrg: 'BZ34B' }));
    for (const r of tariff) expect(r.price).toMatch(/^\d+\.\d{2}$/);
  });

  it('prices 2025/26 realistically and 2024/25 about 2.5% lower', () => {
    const ranges: Record<Pod, [number, number]> = {
      OPFA: [140, 260], OPFU: [75, 130], OPPROC: [150, 300], DC: [700, 1500], EL: [3000, 6000], NEL: [1600, 3000], AE: [120, 200],
    };
    for (const r of current) {
      const [lo, hi] = ranges[r.pod as Pod];
      expect(pence(r.price) / 100, `${r.pod} ${r.tfc} ${r.hrg}`).toBeGreaterThanOrEqual(lo);
      expect(pence(r.price) / 100, `${r.pod} ${r.tfc} ${r.hrg}`).toBeLessThanOrEqual(hi);
    }
    for (const r of current) {
      const before = tariff.find((x) => x.year === '2024/25' && x.pod === r.pod && x.tfc === r.tfc && x.hrg === r.hrg)!;
      expect(pence(before.price) / pence(r.price)).toBeCloseTo(1 / 1.025, 2);
    }
  });
});

describe('generateActivity', () => {
  it('is deterministic, and another seed gives other activity', () => {
    const options: DemoActivityOptions = { from: '2025-01-01', to: '2025-02-28', referrals: generateReferrals(locality, { from: '2025-01-01', to: '2025-02-28' }) };
    const once = [...generateActivity(locality, options)];
    const again = [...generateActivity(generateLocality(), { ...options, referrals: generateReferrals(generateLocality(), { from: '2025-01-01', to: '2025-02-28' }) })];
    expect(again).toEqual(once);
    const other = [...generateActivity(locality, { from: '2025-01-01', to: '2025-02-28', seed: 7 })];
    expect(other.map(content)).not.toEqual(once.map(content));
  });

  it('gives rows valid per FORMATS.md, in activity-date order, ids unique per provider', () => {
    expect(rows.flatMap((r) => problems(r, locality, { from, to })).slice(0, 5)).toEqual([]);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.activity_date >= rows[i - 1]!.activity_date).toBe(true);
    const ids = rows.map((r) => `${r.provider_code}/${r.activity_id}`);
    expect(new Set(ids).size).toBe(ids.length);
    // at the acute trusts, and at the independents the gateway forwarded to
    const acutes = locality.providers.filter((p) => p.kind === 'acute').map((p) => p.code);
    for (const code of acutes) expect(rows.some((r) => r.provider_code === code)).toBe(true);
    expect(rows.filter((r) => acutes.includes(r.provider_code)).length / rows.length).toBeGreaterThan(0.97);
  });

  it('has a realistic mix per 1,000 patients a year, proportional to list size and bent by age', () => {
    const list = locality.practices.reduce((sum, p) => sum + p.listSizes[p.listSizes.length - 1]!, 0);
    const per1000 = Object.fromEntries([...count(rows, (r) => r.pod)].map(([pod, n]) => [pod, (1000 * n) / list / FRACTION]));
    const expected: Record<Pod, [number, number]> = {
      OPFA: [230, 380], OPFU: [480, 800], OPPROC: [65, 120], DC: [80, 145], EL: [15, 40], NEL: [70, 125], AE: [250, 420],
    };
    for (const pod of PODS) {
      expect(per1000[pod], pod).toBeGreaterThan(expected[pod][0]);
      expect(per1000[pod], pod).toBeLessThan(expected[pod][1]);
    }
    const byPractice = count(rows, (r) => r.practice_code);
    const rate = (i: number, pod?: Pod) => {
      const p = locality.practices[i]!;
      const n = pod ? rows.filter((r) => r.practice_code === p.code && r.pod === pod).length : byPractice.get(p.code) ?? 0;
      return (1000 * n) / p.listSizes[p.listSizes.length - 1]! / FRACTION;
    };
    for (let i = 0; i < locality.practices.length; i++) {
      expect(rate(i)).toBeGreaterThan(1000);
      expect(rate(i)).toBeLessThan(3000);
    }
    // the older list (practice 2, retirement) has more emergency admissions per head than the campus list (practice 9)
    expect(locality.practices[2]!.profile).toBe('retirement');
    expect(locality.practices[9]!.profile).toBe('university');
    expect(rate(2, 'NEL')).toBeGreaterThan(1.5 * rate(9, 'NEL'));
  });

  it('turns the booked referrals into first attendances: same patient, provider and specialty on the booked date', () => {
    const booked = referrals.filter((r) => r.outcome?.bookedDate && r.outcome.bookedDate <= to && (r.outcome.action === 'forward' || r.outcome.action === 'book'));
    expect(booked.length).toBeGreaterThan(1000);
    const firsts = new Set(rows.filter((r) => r.pod === 'OPFA' && r.referral_source === 'GP').map((r) => `${r.nhs_number}|${r.provider_code}|${r.tfc}|${r.activity_date}`));
    const matched = booked.filter((r) => firsts.has(`${r.input.patient.nhsNumber}|${r.outcome!.bookedProvider}|${r.input.tfc}|${r.outcome!.bookedDate}`));
    expect(matched.length / booked.length).toBeGreaterThan(0.95);
    // ...and first attendances also come from elsewhere: C2C, A&E, self, GP referrals that never passed the gateway
    const sources = count(rows.filter((r) => r.pod === 'OPFA'), (r) => r.referral_source);
    for (const source of ['C2C', 'AE', 'SELF', 'OTHER']) expect(sources.get(source), source).toBeGreaterThan(20);
    const referred = new Set(referrals.map((r) => r.input.patient.nhsNumber));
    expect(rows.filter((r) => r.pod === 'OPFA' && r.referral_source === 'GP' && !referred.has(r.nhs_number)).length).toBeGreaterThan(100);
  });

  it('codes the booked first attendances with the GP’s diagnosis, but for about one patient in twelve with another (planted disagreements)', () => {
    const reasons = new Map(referrals.map((r) => [`${r.input.patient.nhsNumber}|${r.input.tfc}`, r.input.reason]));
    const coded = rows.filter((r) => r.pod === 'OPFA' && r.referral_source === 'GP' && r.primary_diagnosis && reasons.has(`${r.nhs_number}|${r.tfc}`));
    const disagreeing = coded.filter((r) => r.primary_diagnosis !== reasons.get(`${r.nhs_number}|${r.tfc}`)!.code);
    expect(coded.length).toBeGreaterThan(1000);
    expect(disagreeing.length / coded.length).toBeGreaterThan(0.04);
    expect(disagreeing.length / coded.length).toBeLessThan(0.15);
  });

  it('follows first attendances up at the same provider and specialty, 0–4 times', () => {
    const firsts = new Map(rows.filter((r) => r.pod === 'OPFA').map((r) => [`${r.nhs_number}|${r.provider_code}|${r.tfc}`, r.activity_date]));
    const followUps = rows.filter((r) => r.pod === 'OPFU');
    const after = followUps.filter((r) => {
      const first = firsts.get(`${r.nhs_number}|${r.provider_code}|${r.tfc}`);
      return first !== undefined && first < r.activity_date;
    });
    // the rest follow first attendances from before the period
    expect(after.length / followUps.length).toBeGreaterThan(0.6);
  });

  it('plants exact duplicates, same-day repeats, out-of-area lines and a C2C first attendance', () => {
    const contents = count(rows, content);
    expect([...contents.values()].filter((n) => n > 1).length).toBeGreaterThanOrEqual(3);
    const repeats = count(rows, (r) => `${r.nhs_number}|${r.provider_code}|${r.activity_date}|${r.tfc}|${r.pod}`);
    const differing = rows.filter((r) => (repeats.get(`${r.nhs_number}|${r.provider_code}|${r.activity_date}|${r.tfc}|${r.pod}`) ?? 0) > 1 && (contents.get(content(r)) ?? 0) === 1);
    expect(differing.length).toBeGreaterThanOrEqual(3);
    expect(differing.some((r) => r.hrg === 'UZ01Z')).toBe(true);
    expect(rows.filter((r) => r.practice_code === OUT_OF_AREA_PRACTICE).length).toBeGreaterThanOrEqual(3);
    expect(locality.practices.some((p) => p.code === OUT_OF_AREA_PRACTICE)).toBe(false);
    expect(rows.some((r) => r.pod === 'OPFA' && r.referral_source === 'C2C')).toBe(true);
  });

  it('plants frequent attenders (3+ admissions in 12 months with COPD, heart failure or falls) and readmissions within 30 days', () => {
    const admissions = new Map<string, ActivityCsvRow[]>();
    for (const r of rows.filter((x) => x.pod === 'NEL')) admissions.set(r.nhs_number, [...(admissions.get(r.nhs_number) ?? []), r]);
    const frequent = [...admissions.values()].filter((stays) =>
      stays.filter((s) => /^(J44|I50|R29\.6)/.test(s.primary_diagnosis)).length >= 3 && daysBetween(stays[0]!.activity_date, stays[2]!.activity_date) < 365);
    expect(frequent.length).toBeGreaterThanOrEqual(3);
    const readmitted = [...admissions.values()].filter((stays) => stays.some((s, i) =>
      i > 0 && stays[i - 1]!.discharge_date !== '' && s.activity_date > stays[i - 1]!.discharge_date && daysBetween(stays[i - 1]!.discharge_date, s.activity_date) <= 30));
    expect(readmitted.length).toBeGreaterThanOrEqual(10);
    // admissions mostly come through A&E the same day
    const ae = new Set(rows.filter((r) => r.pod === 'AE').map((r) => `${r.nhs_number}|${r.activity_date}`));
    const viaAe = rows.filter((r) => r.pod === 'NEL' && ae.has(`${r.nhs_number}|${r.activity_date}`)).length;
    expect(viaAe / (rows.filter((r) => r.pod === 'NEL').length)).toBeGreaterThan(0.4);
  });

  it('plants prior-approval procedures for patients whose referral had no approval, and codes the operations', () => {
    const approved = new Set(referrals.filter((r) => r.outcome?.priorApproval).map((r) => r.input.patient.nhsNumber));
    const referred = new Set(referrals.map((r) => r.input.patient.nhsNumber));
    const listed = PRIOR_APPROVAL_PROCEDURES.map((p) => p.code);
    const operations = rows.filter((r) => r.pod === 'DC' || r.pod === 'EL');
    const priorApproval = operations.filter((r) => listed.some((code) => r.primary_procedure.startsWith(code)));
    expect(priorApproval.filter((r) => referred.has(r.nhs_number) && !approved.has(r.nhs_number)).length).toBeGreaterThanOrEqual(2);
    expect(priorApproval.some((r) => approved.has(r.nhs_number))).toBe(true);
    expect(operations.filter((r) => r.primary_procedure).length).toBe(operations.length);
    expect(rows.some((r) => r.pod === 'DC' && r.hrg === 'BZ34B' && r.primary_procedure === 'C71.2')).toBe(true);
  });

  it('prices most lines at tariff × MFF, a few a little off and a few blank', () => {
    const tariff = tariffOf(['2024/25', '2025/26']);
    const mff = new Map(locality.providers.map((p) => [p.code, p.mff]));
    let atTariff = 0, off = 0, blank = 0;
    // (a planted repeat grouped to UZ01Z keeps the price of the line it repeats)
    for (const r of rows.filter((x) => x.hrg !== 'UZ01Z')) {
      const price = tariff.price({ year: financialMonthOf(r.activity_date).year, pod: r.pod as Pod, tfc: r.tfc || null, hrg: r.hrg || null }, mff.get(r.provider_code)!)!;
      if (r.price === '') blank++;
      else if (pence(r.price) === price.pricePence) atTariff++;
      else {
        off++;
        expect(Math.abs(pence(r.price) / price.pricePence - 1)).toBeLessThan(0.06);
      }
    }
    expect(atTariff / rows.length).toBeGreaterThan(0.98);
    expect(off).toBeGreaterThanOrEqual(5);
    expect(blank).toBeGreaterThanOrEqual(5);
  });

  it('keeps one NHS number per patient across repeat visits, and patients are shared only by design', () => {
    // every NHS number belongs to one practice
    const practiceOf = new Map<string, string>();
    for (const r of rows) {
      const known = practiceOf.get(r.nhs_number);
      if (known) expect(known, r.nhs_number).toBe(r.practice_code);
      else practiceOf.set(r.nhs_number, r.practice_code);
    }
    // follow-ups, operations, A&E before admission and readmissions share the patient's number
    expect(practiceOf.size / rows.length).toBeLessThan(0.65);
  });

  it('yields lazily: the first 1,000 rows of a huge run come without generating the rest', () => {
    let pulled: DemoReferral | undefined;
    let pulls = 0;
    const instrumented = {
      *[Symbol.iterator]() {
        for (const r of generateReferrals(locality, { from, to, fraction: 5 })) {
          pulled = r;
          pulls++;
          yield r;
        }
      },
    };
    const taken: ActivityCsvRow[] = [];
    for (const r of generateActivity(locality, { from, to, fraction: 5, referrals: instrumented })) {
      taken.push(r);
      if (taken.length === 1000) break;
    }
    expect(taken).toHaveLength(1000);
    expect(taken[999]!.activity_date <= '2024-11-05').toBe(true);
    // referrals are read only up to the day being generated
    expect(pulled!.receivedAt.slice(0, 10) <= '2024-11-06').toBe(true);
    expect(pulls).toBeLessThan(5000);
  });

  it('is valid, ordered, unique and deterministic for any seed, size and short period (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: 20 }), (seed, practices, start, length) => {
        const area = generateLocality({ seed, practices });
        const period = { from: new Date(Date.UTC(2024, 0, 1 + start)).toISOString().slice(0, 10), to: new Date(Date.UTC(2024, 0, 1 + start + length)).toISOString().slice(0, 10) };
        const made = [...generateActivity(area, { ...period, fraction: 0.05 })];
        expect(made.flatMap((r) => problems(r, area, period))).toEqual([]);
        for (let i = 1; i < made.length; i++) expect(made[i]!.activity_date >= made[i - 1]!.activity_date).toBe(true);
        expect(new Set(made.map((r) => `${r.provider_code}/${r.activity_id}`)).size).toBe(made.length);
        expect([...generateActivity(area, { ...period, fraction: 0.05 })]).toEqual(made);
      }),
      { numRuns: 12 },
    );
  });

  it('rejects a bad period or fraction', () => {
    expect(() => generateActivity(locality, { from: '2025-02-01', to: '2025-01-01' }).next()).toThrow(RangeError);
    expect(() => generateActivity(locality, { from: '2025-01-01', to: '2025-13-01' }).next()).toThrow(RangeError);
    expect(() => generateActivity(locality, { from, to, fraction: 0 }).next()).toThrow(RangeError);
  });
});

describe('demoContracts', () => {
  const year = '2025/26';
  const contracts = demoContracts(locality, year, rows);
  const inYear = rows.filter((r) => financialMonthOf(r.activity_date).year === year);
  const months = new Set(inYear.map((r) => financialMonthOf(r.activity_date).month)).size;

  it('has a contract for each provider with activity in the year, planned at 0.9–1.1 × the annualised activity, valued at tariff', () => {
    expect(contracts.map((c) => c.providerCode).sort()).toEqual([...new Set(inYear.map((r) => r.provider_code))].sort());
    const tariff = tariffOf([year]);
    const mff = new Map(locality.providers.map((p) => [p.code, p.mff]));
    const actual = count(inYear, (r) => `${r.provider_code}|${r.pod}|${r.tfc}`);
    let over = 0;
    for (const c of contracts) {
      expect(c.year).toBe(year);
      expect(c.reference).toContain(c.providerCode);
      for (const line of c.lines) {
        const annual = ((actual.get(`${c.providerCode}|${line.pod}|${line.tfc}`) ?? 0) * 12) / months;
        expect(line.plannedVolume).toBeGreaterThanOrEqual(Math.min(Math.floor(annual * 0.9), 1));
        expect(line.plannedVolume).toBeLessThanOrEqual(Math.max(Math.ceil(annual * 1.1), 1));
        if (annual > line.plannedVolume) over++;
        expect(Number.isSafeInteger(line.plannedValuePence)).toBe(true);
        const unit = tariff.price({ year, pod: line.pod as Pod, tfc: line.tfc || null, hrg: null }, mff.get(c.providerCode)!)!.pricePence;
        expect(line.plannedValuePence).toBe(line.plannedVolume * unit);
      }
    }
    expect(over).toBeGreaterThan(0);
  });

  it('phases evenly or by a 12-month profile summing to 1, and allows C2C at some providers only', () => {
    expect(contracts.some((c) => c.phasing === 'even' && c.profile === null)).toBe(true);
    for (const c of contracts.filter((x) => x.phasing === 'profile')) {
      expect(c.profile).toHaveLength(12);
      expect(c.profile!.reduce((a, w) => a + w, 0)).toBeCloseTo(1, 9);
      for (const w of c.profile!) expect(w).toBeGreaterThan(0);
    }
    expect(contracts.some((c) => c.phasing === 'profile')).toBe(true);
    expect(contracts.some((c) => !c.c2cAllowed)).toBe(true);
    expect(contracts.some((c) => c.c2cAllowed)).toBe(true);
  });

  it('sets follow-up caps of 1.5–2.5, with at least one provider and specialty running above its cap', () => {
    const volumes = count(inYear, (r) => `${r.provider_code}|${r.pod}|${r.tfc}`);
    const above: string[] = [];
    for (const c of contracts) {
      for (const cap of c.followUpCaps) {
        expect(cap.maxRatio).toBeGreaterThanOrEqual(1.5);
        expect(cap.maxRatio).toBeLessThanOrEqual(2.5);
        const firsts = volumes.get(`${c.providerCode}|OPFA|${cap.tfc}`) ?? 0;
        const followUps = volumes.get(`${c.providerCode}|OPFU|${cap.tfc}`) ?? 0;
        if (firsts >= 20 && followUps / firsts > cap.maxRatio + 1) above.push(`${c.providerCode} ${cap.tfc}`);
      }
    }
    expect(above).toContain('RWG 320');
  });

  it('is empty for a year without activity', () => {
    expect(demoContracts(locality, '2030/31', rows)).toEqual([]);
  });
});
