import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auditHash, canonicalJson, GENESIS_HASH, verifyChain, type StoredAuditEntry } from './chain.js';

function chain(n: number): StoredAuditEntry[] {
  const out: StoredAuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields = { at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), actor: 'admin', action: 'practice.view', entityType: 'practice', entityId: `E8204${i}`, outcome: 'ok' as const, details: { i } };
    const hash = auditHash(prev, fields);
    out.push({ ...fields, id: i, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('audit chain', () => {
  it('verifies an untouched chain', () => {
    const c = chain(5);
    expect(verifyChain(c)).toEqual({ ok: true, entries: 5, lastHash: c[4]!.hash });
    expect(verifyChain(c.slice(2), c[1]!.hash)).toMatchObject({ ok: true, entries: 3 });
  });

  it('finds the changed entry', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, actor: 'mallory' };
    expect(verifyChain(c)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('finds a removed entry', () => {
    const c = chain(5);
    c.splice(1, 1);
    expect(verifyChain(c)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('hashes key order independently', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.integer()), (d) => {
      const reversed = Object.fromEntries(Object.entries(d).reverse());
      expect(canonicalJson(reversed)).toBe(canonicalJson(d));
    }));
  });
});
