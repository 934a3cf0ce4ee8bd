import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACTIONS, actionsFrom, firstStatus, STATUSES, transition } from './triage.js';

describe('triage state machine', () => {
  it('sends two-week-wait referrals straight to the provider, others to triage', () => {
    expect(firstStatus('2ww')).toBe('forwarded');
    expect(firstStatus('urgent')).toBe('awaiting_triage');
    expect(firstStatus('routine')).toBe('awaiting_triage');
  });

  it('walks triage → diversion → booking → closed', () => {
    expect(transition('awaiting_triage', 'divert')).toEqual({ ok: true, from: 'awaiting_triage', to: 'diverted' });
    expect(transition('diverted', 'book')).toMatchObject({ ok: true, to: 'booked' });
    expect(transition('booked', 'close')).toMatchObject({ ok: true, to: 'closed' });
  });

  it('round-trips a request for information', () => {
    expect(transition('awaiting_triage', 'request_info')).toMatchObject({ to: 'info_requested' });
    expect(transition('info_requested', 'provide_info')).toMatchObject({ to: 'awaiting_triage' });
  });

  it('refuses illegal moves and says what is possible', () => {
    expect(transition('closed', 'forward')).toEqual({ ok: false, message: 'A referral that is "closed" cannot be forwarded; it is finished.' });
    const r = transition('returned_with_advice', 'divert');
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('it can be closed') });
  });

  it('agrees with actionsFrom for every status and action', () => {
    fc.assert(fc.property(fc.constantFrom(...STATUSES), fc.constantFrom(...ACTIONS), (status, action) => {
      expect(transition(status, action).ok).toBe(actionsFrom(status).includes(action));
    }));
  });
});
