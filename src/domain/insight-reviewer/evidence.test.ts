import { describe, expect, it } from 'vitest';
import { summariseReviewerEvidence, type HistoryEvent, type ReferralHistory } from './evidence.js';

const PERIOD = { from: '2025-10-01', to: '2025-12-31' };
const at = (day: string, time = '10:00') => `${day}T${time}:00.000Z`;
const ev = (actor: string, action: string, day: string, details?: Record<string, unknown>): HistoryEvent => ({ actor, action, at: at(day), details });

function history(n: number, tfc: string, received: string, events: HistoryEvent[], feedback: ReferralHistory['feedback'] = null): ReferralHistory {
  return {
    referralId: `ref-${n}`, reference: `R-2025-00000${n}`, tfc, receivedAt: at(received, '09:00'),
    events: [ev('practice', 'received', received), ev('gateway', 'queue_for_triage', received), ...events], feedback,
  };
}

/**
 * 2025-10-03 is a Friday; 25 and 26 December 2025 are bank holidays. Turnaround in working days
 * after the start day up to and including the decision day.
 */
const HISTORIES: ReferralHistory[] = [
  // Friday → Tuesday: 2 working days, within the service level
  history(1, '110', '2025-10-03', [ev('drwho', 'forward', '2025-10-07')]),
  // the same day: 0
  history(2, '110', '2025-10-06', [ev('drwho', 'divert', '2025-10-06')], { helpful: 'yes', comment: 'Good call', givenAt: at('2025-10-10') }),
  // Christmas Eve → Monday 29th over two bank holidays and a weekend: 1
  history(3, '330', '2025-12-24', [ev('drwho', 'return_with_advice', '2025-12-29')], { helpful: 'no', comment: 'We had already tried that', givenAt: at('2025-12-30') }),
  // asked for information after 3 days; the practice answered, then another reviewer forwarded 2 days later: not a change
  history(4, '110', '2025-10-06', [ev('drwho', 'request_info', '2025-10-09'), ev('practice', 'provide_info', '2025-10-13'), ev('drother', 'forward', '2025-10-15')]),
  // discussed with the GP after 1 day; another reviewer then diverted it (no new information): changed.
  // The practice's feedback came after the other reviewer's decision, so it is theirs.
  history(5, '110', '2025-10-06', [ev('drwho', 'discuss_with_gp', '2025-10-07'), ev('drother', 'divert', '2025-10-10')], { helpful: 'partly', comment: 'Slow', givenAt: at('2025-10-14') }),
  // re-categorised to ENT and asked for information after 2 days; after the answer (Monday 20th) forwarded on Thursday: 3 (the clock restarts)
  history(6, '120', '2025-10-06', [
    ev('drwho', 'recategorise', '2025-10-08', { from: { tfc: '110', reason: 'icd10 M17.1' }, to: { tfc: '120', tfcName: 'ENT' } }),
    ev('drwho', 'request_info', '2025-10-08'), ev('practice', 'provide_info', '2025-10-20'), ev('drwho', 'forward', '2025-10-23'),
  ], { helpful: 'yes', comment: '  Clear advice about [name removed]  ', givenAt: at('2025-10-24') }),
  // before the period
  history(7, '110', '2025-09-29', [ev('drwho', 'forward', '2025-09-30')]),
  // two-week wait: forwarded by the gateway, nobody's decision
  { referralId: 'ref-8', reference: 'R-2025-000008', tfc: '110', receivedAt: at('2025-10-06'), events: [ev('practice', 'received', '2025-10-06'), ev('gateway', 'forward', '2025-10-06')], feedback: null },
];

const summary = (username: string) => summariseReviewerEvidence({ username, displayName: `Dr ${username}`, period: PERIOD, serviceLevelDays: 2, histories: HISTORIES });

describe('reviewer evidence', () => {
  it('counts the reviewer’s decisions in the period by outcome, with whole percentages adding up to 100', () => {
    const s = summary('drwho');
    expect(s.decisions).toBe(7);
    expect(s.referrals).toBe(5 + 1);
    expect(s.byOutcome.map((o) => [o.outcome, o.count, o.percent])).toEqual([
      ['forwarded', 2, 29], ['diverted', 1, 14], ['returned_with_advice', 1, 14], ['info_requested', 2, 29], ['discussed_with_gp', 1, 14],
    ]);
    expect(s.byOutcome[0]!.share).toBeCloseTo(2 / 7, 12);
    expect(s.byOutcome[0]!.label).toBe('Forwarded to provider');
  });

  it('measures turnaround in working days from receipt, or from the information asked for, against the service level', () => {
    const t = summary('drwho').turnaround;
    // days: 2, 0, 1, 3, 1, 2, 3 → sorted 0 1 1 2 2 3 3
    expect(t.medianWorkingDays).toBe(2);
    expect(t.p90WorkingDays).toBe(3);
    expect(t.withinServiceLevel).toBe(5);
    expect(t.withinPercent).toBe(71);
    expect(t.distribution.map((b) => [b.label, b.count])).toEqual([['0', 1], ['1', 2], ['2', 2], ['3', 2], ['4', 0], ['5 or more', 0]]);
  });

  it('breaks the decisions down by the referral’s specialty now', () => {
    expect(summary('drwho').bySpecialty.map((r) => [r.tfc, r.decisions, r.medianWorkingDays, r.withinServiceLevel])).toEqual([
      ['110', 4, 1.5, 3], ['120', 2, 2.5, 1], ['330', 1, 1, 1],
    ]);
    expect(summary('drwho').bySpecialty[0]!.byOutcome).toEqual({ forwarded: 1, diverted: 1, returned_with_advice: 0, info_requested: 1, discussed_with_gp: 1 });
  });

  it('counts re-categorisations and decisions another reviewer changed before new information arrived', () => {
    const s = summary('drwho');
    expect(s.recategorisations).toEqual({ total: 1, specialtyChanged: 1, codeChanged: 0 });
    expect(s.changedByAnotherReviewer).toMatchObject({ count: 1, percent: 14 });
    expect(summary('drother').changedByAnotherReviewer.count).toBe(0);
  });

  it('gives each piece of feedback to the reviewer whose decision it followed, with comments trimmed and in date order', () => {
    const s = summary('drwho');
    expect(s.feedback).toMatchObject({ total: 3, counts: { yes: 2, partly: 0, no: 1 }, percents: { yes: 67, partly: 0, no: 33 } });
    expect(s.feedback.comments.map((c) => [c.reference, c.givenOn, c.helpfulLabel, c.outcomeLabel, c.comment])).toEqual([
      ['R-2025-000002', '2025-10-10', 'Helpful', 'Diverted to community service', 'Good call'],
      ['R-2025-000006', '2025-10-24', 'Helpful', 'Forwarded to provider', 'Clear advice about [name removed]'],
      ['R-2025-000003', '2025-12-30', 'Not helpful', 'Returned with advice', 'We had already tried that'],
    ]);
    const other = summary('drother');
    expect(other.decisions).toBe(2);
    expect(other.turnaround.medianWorkingDays).toBe(3); // 2 (after the information) and 4 (from receipt)
    expect(other.feedback).toMatchObject({ total: 1, counts: { partly: 1 } });
  });

  it('writes a statement for the appraiser with the figures', () => {
    expect(summary('drwho').statement).toBe(
      'Between 1 October 2025 and 31 December 2025, Dr drwho took 7 triage decisions on 6 referrals through the referral gateway: '
      + '29% forwarded to a provider, 14% diverted to a community service, 14% returned to the referrer with advice, 29% sent back for more information '
      + 'and 14% discussed with the referring GP. The median time from a referral (or the further information asked for) reaching the gateway to the decision '
      + 'was 2 working days; nine in ten decisions took at most 3 working days, and 71% were within the service level of 2 working days. '
      + 'Dr drwho re-categorised 1 referral, correcting the specialty or clinical code. 1 decision was later changed by another reviewer. '
      + 'Practices gave feedback on 3 decisions: 2 found the decision helpful, 0 partly helpful and 1 not helpful.');
  });

  it('handles a reviewer with no decisions without dividing by zero', () => {
    const s = summary('nobody');
    expect(s).toMatchObject({ decisions: 0, referrals: 0, turnaround: { medianWorkingDays: null, p90WorkingDays: null, withinShare: null, withinPercent: null } });
    expect(s.byOutcome.every((o) => o.count === 0 && o.share === null && o.percent === 0)).toBe(true);
    expect(s.statement).toBe('Between 1 October 2025 and 31 December 2025, Dr nobody recorded no triage decisions on referrals through the referral gateway.');
  });
});
