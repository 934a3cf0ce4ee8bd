import { describe, expect, it } from 'vitest';
import { hmacSha256, letters, peerLabels } from './peer-labels.js';

const SECRET = 'a-secret-of-at-least-16-chars';
const codes = ['E82001', 'E82002', 'E82003', 'E82004', 'E82005'];

describe('peer labels', () => {
  it('spreadsheet letters', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(letters)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
  it('gives each practice one label, the same for the same secret whatever the input order', () => {
    const labels = peerLabels(codes, SECRET);
    expect(new Set(labels.values()).size).toBe(codes.length);
    expect([...labels.values()].sort()).toEqual(['Practice A', 'Practice B', 'Practice C', 'Practice D', 'Practice E']);
    expect(peerLabels([...codes].reverse(), SECRET)).toEqual(labels);
    expect(peerLabels([...codes, 'E82001'], SECRET)).toEqual(labels);
  });
  it('orders by the keyed hash, not by code (so not by anything the code or size reveals)', () => {
    const labels = peerLabels(codes, SECRET);
    const byHash = [...codes].sort((a, b) => (hmacSha256(SECRET, a) < hmacSha256(SECRET, b) ? -1 : 1));
    expect(byHash.map((c) => labels.get(c))).toEqual(['Practice A', 'Practice B', 'Practice C', 'Practice D', 'Practice E']);
    // Another secret reshuffles (for these five codes, checked: the orders differ).
    const other = peerLabels(codes, 'another-secret-16-chars');
    expect(codes.map((c) => other.get(c))).not.toEqual(codes.map((c) => labels.get(c)));
  });
  it('takes another keyed hash, e.g. for a browser', () => {
    const reverse = (_secret: string, text: string) => [...text].reverse().join('');
    expect(peerLabels(['B1', 'A2'], SECRET, reverse).get('B1')).toBe('Practice A'); // '1B' < '2A'
  });
  it('refuses a short secret, copes with none or many practices', () => {
    expect(() => peerLabels(codes, 'short')).toThrow(RangeError);
    expect(peerLabels([], SECRET).size).toBe(0);
    const many = peerLabels(Array.from({ length: 6500 }, (_, i) => `P${i}`), SECRET);
    expect(new Set(many.values()).size).toBe(6500);
  });
});
