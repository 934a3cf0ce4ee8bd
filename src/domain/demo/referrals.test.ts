import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay } from '../calendar/working-days.js';
import { isTreatmentFunction } from '../codes/treatment-functions.js';
import { isValidNhsNumber } from '../patient/nhs-number.js';
import { COMMUNITY_SERVICES, PATHWAYS, PRIOR_APPROVAL_PROCEDURES } from '../referrals/catalogue.js';
import { evaluatePathway, meetsAll } from '../referrals/pathway.js';
import { checkReferral, type ReferralContext } from '../referrals/referral.js';
import { transition, firstStatus, type Status } from '../referrals/triage.js';
import { generateLocality } from './locality.js';
import { TOWNS } from './places.js';
import { DEFAULT_REFERRAL_PERIOD, DEMO_REASONS, generateReferrals, type DemoReferral } from './referrals.js';

const locality = generateLocality();
const referrals = [...generateReferrals(locality)];
const { from, to } = DEFAULT_REFERRAL_PERIOD;

const context: ReferralContext = {
  today: '2025-11-03',
  practiceExists: (code) => locality.practices.some((p) => p.code === code),
  providerExists: (code) => locality.providers.some((p) => p.code === code),
  pathwayExists: (code) => PATHWAYS.some((p) => p.code === code),
  codeKnown: () => true,
};

const share = (items: readonly DemoReferral[], test: (r: DemoReferral) => boolean) => items.filter(test).length / items.length;
const ageAt = (birth: string, on: string) => Number(on.slice(0, 4)) - Number(birth.slice(0, 4)) - (on.slice(5) < birth.slice(5) ? 1 : 0);

describe('generateReferrals', () => {
  it('gives ~3,000–5,000 referrals for the 20-practice demo, in the order received, within the period', () => {
    expect(referrals.length).toBeGreaterThan(3000);
    expect(referrals.length).toBeLessThan(5000);
    for (let i = 1; i < referrals.length; i++) expect(referrals[i]!.receivedAt >= referrals[i - 1]!.receivedAt).toBe(true);
    for (const r of referrals) {
      const day = r.receivedAt.slice(0, 10);
      expect(day >= from && day <= to).toBe(true);
      expect(isWorkingDay(day)).toBe(true);
      expect(r.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
      expect(r.input.referralDate <= day).toBe(true);
    }
  });

  it('is deterministic for a seed and differs for another', () => {
    const again = [...generateReferrals(generateLocality())];
    expect(again).toEqual(referrals);
    const other = [...generateReferrals(locality, { seed: 7, from: '2025-01-01', to: '2025-01-31' })];
    const same = referrals.filter((r) => r.receivedAt.startsWith('2025-01'));
    expect(other.map((r) => r.input.reason.code)).not.toEqual(same.map((r) => r.input.reason.code));
  });

  it('passes the gateway’s own checks: valid NHS numbers, known practices, providers and pathways', () => {
    for (const r of referrals) {
      expect(isValidNhsNumber(r.input.patient.nhsNumber), r.input.patient.nhsNumber).toBe(true);
      expect(r.input.patient.nhsNumber.startsWith('999')).toBe(true);
      const { problems } = checkReferral(r.input, context);
      expect(problems, JSON.stringify(r.input)).toEqual([]);
    }
    // another seed and size, another month: the same holds
    const other = generateLocality({ seed: 4242, practices: 45 });
    const otherContext = { ...context, practiceExists: (code: string) => other.practices.some((p) => p.code === code) };
    for (const r of generateReferrals(other, { from: '2025-06-01', to: '2025-06-30' })) expect(checkReferral(r.input, otherContext).problems).toEqual([]);
    // mostly one referral per patient, a few patients referred twice
    const numbers = new Set(referrals.map((r) => r.input.patient.nhsNumber));
    expect(numbers.size / referrals.length).toBeGreaterThan(0.85);
    expect(numbers.size).toBeLessThan(referrals.length);
  });

  it('has unique external ids per practice, and every practice refers', () => {
    const ids = referrals.map((r) => `${r.input.practiceCode}/${r.input.externalId}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(referrals.map((r) => r.input.practiceCode))).toEqual(new Set(locality.practices.map((p) => p.code)));
  });

  it('refers at rates per 1,000 that vary by practice', () => {
    const fraction = 0.08;
    const rates = locality.practices.map((p) => {
      const n = referrals.filter((r) => r.input.practiceCode === p.code).length;
      return (1000 * n) / p.listSizes[p.listSizes.length - 1]! / fraction;
    });
    for (const rate of rates) {
      expect(rate).toBeGreaterThan(150);
      expect(rate).toBeLessThan(550);
    }
    expect(Math.max(...rates) / Math.min(...rates)).toBeGreaterThan(1.4);
  });

  it('has a realistic priority and specialty mix, the pathway specialties most common', () => {
    expect(share(referrals, (r) => r.input.priority === 'routine')).toBeGreaterThan(0.68);
    expect(share(referrals, (r) => r.input.priority === 'routine')).toBeLessThan(0.82);
    expect(share(referrals, (r) => r.input.priority === 'urgent')).toBeGreaterThan(0.1);
    expect(share(referrals, (r) => r.input.priority === 'urgent')).toBeLessThan(0.2);
    expect(share(referrals, (r) => r.input.priority === '2ww')).toBeGreaterThan(0.06);
    expect(share(referrals, (r) => r.input.priority === '2ww')).toBeLessThan(0.14);

    const byTfc = new Map<string, number>();
    for (const r of referrals) byTfc.set(r.input.tfc, (byTfc.get(r.input.tfc) ?? 0) + 1);
    const ranked = [...byTfc].sort((a, b) => b[1] - a[1]).map(([tfc]) => tfc);
    expect(ranked[0]).toBe('110');
    expect(new Set(ranked.slice(0, 5))).toEqual(new Set(['110', '330', '120', '130', '502']));
    expect(byTfc.size).toBeGreaterThanOrEqual(12);
    for (const tfc of byTfc.keys()) expect(isTreatmentFunction(tfc)).toBe(true);
    expect(share(referrals, (r) => ['110', '330', '120', '302', '130', '502'].includes(r.input.tfc))).toBeGreaterThan(0.45);
  });

  it('gives patients ages and sexes that suit their conditions, living near the practice', () => {
    for (const r of referrals) {
      const { patient, reason, referralDate } = r.input;
      const spec = DEMO_REASONS.find((s) => s.code === reason.code)!;
      const age = ageAt(patient.birthDate, referralDate);
      expect(age).toBeGreaterThanOrEqual(0);
      expect(age).toBeLessThanOrEqual(104);
      if (spec.sex) expect(patient.sex).toBe(spec.sex === 'F' ? 'female' : 'male');
      if (spec.ages === 'child') expect(age).toBeLessThan(16);
      if (reason.code === 'H25.9') expect(age).toBeGreaterThanOrEqual(40);
      const practice = locality.practices.find((p) => p.code === r.input.practiceCode)!;
      const town = TOWNS.find((t) => t.districts.includes(practice.postcode.split(' ')[0]!))!;
      expect(town.districts).toContain(patient.postcode.split(' ')[0]);
    }
    const cataracts = referrals.filter((r) => r.input.reason.code.startsWith('H25'));
    const older = cataracts.filter((r) => ageAt(r.input.patient.birthDate, r.input.referralDate) >= 65);
    expect(older.length / cataracts.length).toBeGreaterThan(0.75);
  });

  it('fills pathway answers that meet the criteria most of the time, not always', () => {
    const withPathway = referrals.filter((r) => r.input.pathwayCode);
    expect(withPathway.length).toBeGreaterThan(referrals.length * 0.25);
    const met = withPathway.filter((r) => meetsAll(evaluatePathway(PATHWAYS.find((p) => p.code === r.input.pathwayCode)!.criteria, r.input)));
    expect(met.length / withPathway.length).toBeGreaterThan(0.65);
    expect(met.length / withPathway.length).toBeLessThan(0.92);
    for (const p of PATHWAYS) expect(withPathway.some((r) => r.input.pathwayCode === p.code), p.code).toBe(true);
    // a suspected melanoma sent routine on the dermatology pathway is caught by its exclusion
    const misrouted = withPathway.filter((r) => r.input.reason.code.startsWith('C43'));
    for (const r of misrouted) expect(r.input.priority).toBe('routine');
  });

  it('triages about 60/15/12/8/5, within sensible bounds', () => {
    const triaged = referrals.filter((r) => r.input.priority !== '2ww' && r.outcome);
    const of = (action: string) => share(triaged, (r) => r.outcome!.action === action);
    expect(of('forward')).toBeGreaterThan(0.5);
    expect(of('forward')).toBeLessThan(0.7);
    expect(of('divert')).toBeGreaterThan(0.09);
    expect(of('divert')).toBeLessThan(0.21);
    expect(of('return_with_advice')).toBeGreaterThan(0.07);
    expect(of('return_with_advice')).toBeLessThan(0.17);
    expect(of('request_info')).toBeGreaterThan(0.04);
    expect(of('request_info')).toBeLessThan(0.12);
    expect(of('discuss_with_gp')).toBeGreaterThan(0.02);
    expect(of('discuss_with_gp')).toBeLessThan(0.09);
  });

  it('gives outcomes the state machine accepts, in time order, none after asOf', () => {
    const services = new Map(COMMUNITY_SERVICES.map((s) => [s.code, s]));
    const approvalList = new Set(PRIOR_APPROVAL_PROCEDURES.map((p) => p.code));
    for (const { input, receivedAt, outcome } of referrals) {
      if (!outcome) continue;
      expect(outcome.at > receivedAt).toBe(true);
      expect(outcome.at.slice(0, 10) <= to).toBe(true);
      expect(outcome.reason.trim()).not.toBe('');
      let status: Status = firstStatus(input.priority);
      if (outcome.action !== 'book') {
        const step = transition(status, outcome.action);
        expect(step.ok, `${status} → ${outcome.action}`).toBe(true);
        if (step.ok) status = step.to;
      }
      if (outcome.action === 'forward') {
        expect(outcome.forwardTo).toBe(input.chosenProviders[0]);
        expect(Boolean(outcome.priorApproval)).toBe(Boolean(input.procedureCode && approvalList.has(input.procedureCode)));
      }
      if (outcome.action === 'divert') expect(services.has(outcome.divertTo!)).toBe(true);
      if (outcome.action === 'return_with_advice') expect(outcome.advice?.trim()).toBeTruthy();
      if (outcome.action === 'book') expect(input.priority).toBe('2ww');
      if (outcome.bookedDate) {
        expect(transition(status, 'book').ok).toBe(true);
        expect(outcome.bookedAt! >= outcome.at).toBe(true);
        expect(outcome.bookedAt!.slice(0, 10) <= to).toBe(true);
        expect(outcome.bookedDate > outcome.bookedAt!.slice(0, 10)).toBe(true);
        expect(isWorkingDay(outcome.bookedDate)).toBe(true);
        expect(context.providerExists(outcome.bookedProvider!)).toBe(true);
        if (outcome.action === 'divert') expect(outcome.bookedProvider).toBe(services.get(outcome.divertTo!)!.providerCode);
      }
    }
    const forwardedOrDiverted = referrals.filter((r) => r.outcome?.action === 'forward' || r.outcome?.action === 'divert');
    expect(share(forwardedOrDiverted, (r) => Boolean(r.outcome!.bookedDate))).toBeGreaterThan(0.7);
    expect(referrals.some((r) => r.outcome?.priorApproval)).toBe(true);
  });

  it('leaves recent referrals awaiting triage, some of them overdue, and triages older ones', () => {
    const awaiting = referrals.filter((r) => !r.outcome && r.input.priority !== '2ww');
    expect(awaiting.length).toBeGreaterThan(20);
    const twoWeeksBack = addWorkingDays(to, -10);
    for (const r of awaiting) expect(r.receivedAt.slice(0, 10) > twoWeeksBack).toBe(true);
    const overdue = awaiting.filter((r) => addWorkingDays(r.receivedAt.slice(0, 10), 2) < to);
    expect(overdue.length).toBeGreaterThan(5);
    expect(overdue.length).toBeLessThan(awaiting.length);
  });

  it('scales with the fraction and refuses nonsense options', () => {
    const month = { from: '2025-03-01', to: '2025-03-31' };
    const small = [...generateReferrals(locality, { ...month, fraction: 0.04 })].length;
    const large = [...generateReferrals(locality, { ...month, fraction: 0.4 })].length;
    expect(large / small).toBeGreaterThan(7);
    expect(large / small).toBeLessThan(13);
    expect(() => generateReferrals(locality, { from: '2025-02-30' }).next()).toThrow(RangeError);
    expect(() => generateReferrals(locality, { from: '2025-03-01', to: '2025-02-01' }).next()).toThrow(RangeError);
    expect(() => generateReferrals(locality, { fraction: 0 }).next()).toThrow(RangeError);
    expect(() => generateReferrals(locality, { asOf: '2025-01-01' }).next()).toThrow(RangeError);
  });

  it('uses only ICD-10 codes that are shaped right, each with its title', () => {
    const codes = new Set<string>();
    for (const s of DEMO_REASONS) {
      expect(s.code).toMatch(/^[A-Z]\d{2}(\.[0-9A-Z]{1,2})?$/);
      expect(s.display.trim()).not.toBe('');
      expect(isTreatmentFunction(s.tfc)).toBe(true);
      if (s.pathway) expect(PATHWAYS.some((p) => p.code === s.pathway)).toBe(true);
      for (const d of s.divert ?? []) expect(COMMUNITY_SERVICES.some((c) => c.code === d), d).toBe(true);
      if (s.procedure) expect(PRIOR_APPROVAL_PROCEDURES.some((p) => p.code === s.procedure!.code)).toBe(true);
      codes.add(`${s.tfc} ${s.code}`);
    }
    expect(codes.size).toBe(DEMO_REASONS.length);
  });
});
