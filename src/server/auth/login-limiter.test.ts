import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limiter.js';

describe('LoginLimiter', () => {
  it('refuses after five failures and allows again when the window has passed', () => {
    let now = 0;
    const limiter = new LoginLimiter(() => now, 5, 60_000);
    for (let i = 0; i < 4; i++) limiter.fail('admin', '1.2.3.4');
    expect(limiter.retryAfter('admin', '1.2.3.4')).toBe(0);
    limiter.fail('admin', '1.2.3.4');
    expect(limiter.retryAfter('ADMIN', '9.9.9.9')).toBe(60);
    now = 30_000;
    expect(limiter.retryAfter('admin', '9.9.9.9')).toBe(30);
    now = 60_001;
    expect(limiter.retryAfter('admin', '1.2.3.4')).toBe(0);
  });

  it('limits one address trying many usernames', () => {
    const limiter = new LoginLimiter(() => 0, 3, 60_000);
    for (const u of ['a', 'b', 'c']) limiter.fail(u, '5.5.5.5');
    expect(limiter.retryAfter('d', '5.5.5.5')).toBeGreaterThan(0);
    expect(limiter.retryAfter('d', '6.6.6.6')).toBe(0);
  });

  it('forgets a username’s failures after a successful sign-in', () => {
    const limiter = new LoginLimiter(() => 0, 2, 60_000);
    limiter.fail('finance', '1.1.1.1');
    limiter.succeed('finance');
    limiter.fail('finance', '2.2.2.2');
    expect(limiter.retryAfter('finance', '3.3.3.3')).toBe(0);
  });
});
