/**
 * Finds duplicate keys in a file of ten million rows within a fixed memory budget: each key is
 * kept as a 64-bit hash (two independent 32-bit hashes) in an open-addressing table of typed
 * arrays — 12 bytes a slot instead of the ~100 a Map entry with its string costs, so 10 million
 * keys take ~200 MB rather than ~1 GB. Two different keys share a 64-bit hash with probability
 * about n²/2⁶⁵ (3 in a million for 10 million rows); such a pair would be reported as a duplicate,
 * which the error message makes easy to check. Used where files are large (activity.csv).
 */
import type { RowIndex } from './job.js';

const EMPTY = 0;

export function hashedKeyIndex<T>(key: (row: T) => string, initialCapacity = 1 << 16): RowIndex<T> {
  let capacity = initialCapacity;
  let high = new Uint32Array(capacity);
  let low = new Uint32Array(capacity);
  /** row numbers; 0 marks an empty slot (row numbers start at 2, after the header) */
  let rows = new Int32Array(capacity);
  let size = 0;

  const slotOf = (h: number, l: number) => {
    let slot = l & (capacity - 1);
    while (rows[slot] !== EMPTY && (high[slot] !== h || low[slot] !== l)) slot = (slot + 1) & (capacity - 1);
    return slot;
  };

  const grow = () => {
    const [oldHigh, oldLow, oldRows] = [high, low, rows];
    capacity *= 2;
    high = new Uint32Array(capacity);
    low = new Uint32Array(capacity);
    rows = new Int32Array(capacity);
    for (let i = 0; i < oldRows.length; i++) {
      if (oldRows[i] === EMPTY) continue;
      const slot = slotOf(oldHigh[i]!, oldLow[i]!);
      high[slot] = oldHigh[i]!;
      low[slot] = oldLow[i]!;
      rows[slot] = oldRows[i]!;
    }
  };

  return {
    firstRow(row) {
      const [h, l] = hash64(key(row));
      const found = rows[slotOf(h, l)];
      return found === EMPTY ? undefined : found;
    },
    remember(row, rowNumber) {
      if ((size + 1) * 4 > capacity * 3) grow(); // keep the table at most three-quarters full
      const [h, l] = hash64(key(row));
      const slot = slotOf(h, l);
      if (rows[slot] === EMPTY) size += 1;
      high[slot] = h;
      low[slot] = l;
      rows[slot] = rowNumber;
    },
  };
}

/** Two 32-bit hashes of a string's UTF-16 code units: FNV-1a, and a multiply-xorshift mix with another seed. */
export function hash64(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b ^= b >>> 16;
  return [a >>> 0, b >>> 0];
}
