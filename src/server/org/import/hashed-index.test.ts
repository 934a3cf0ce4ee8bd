import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash64, hashedKeyIndex } from './hashed-index.js';
import { keyIndex } from './job.js';

describe('hashedKeyIndex', () => {
  it('answers like a Map of keys, through growth (property)', () => {
    fc.assert(fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 400 }), (keys) => {
      const compact = hashedKeyIndex<string>((k) => k, 4);
      const exact = keyIndex<string>((k) => k);
      keys.forEach((k, i) => {
        expect(compact.firstRow(k)).toBe(exact.firstRow(k));
        if (exact.firstRow(k) === undefined) {
          compact.remember(k, i + 2);
          exact.remember(k, i + 2);
        }
      });
    }));
  });

  it('holds a hundred thousand distinct keys with no false duplicate', () => {
    const index = hashedKeyIndex<string>((k) => k);
    for (let i = 0; i < 100_000; i++) {
      const key = `RWG|RWG-2025${String(i % 12).padStart(2, '0')}-${i}`;
      expect(index.firstRow(key)).toBeUndefined();
      index.remember(key, i + 2);
    }
    expect(index.firstRow('RWG|RWG-202507-7')).toBe(9);
  });

  it('hashes differently with each half', () => {
    expect(hash64('a')).not.toEqual(hash64('b'));
    expect(hash64('RWG|A1')[0]).not.toBe(hash64('RWG|A1')[1]);
  });
});
