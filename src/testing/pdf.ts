/** Reading what a PDF says, for tests of the PDFs the hub draws (letters, plans, packs, evidence). */
import { inflateSync } from 'node:zlib';

/**
 * The text a PDF shows, one drawn string a line: every content stream (inflated when compressed),
 * every string drawn by TJ / Tj. Enough for pdfkit's output, which writes text as hex strings.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/<<((?:(?!>>)[^])*)>>\s*stream\r?\n/g)) {
    const start = m.index + m[0].length;
    let end = raw.indexOf('endstream', start);
    if (raw[end - 1] === '\n') end -= 1;
    let data = pdf.subarray(start, end);
    if (m[1]!.includes('/FlateDecode')) {
      try { data = inflateSync(data); } catch { continue; }
    }
    const content = data.toString('latin1');
    for (const op of content.matchAll(/\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]!) : [op[2]!];
      lines.push(hexes.map((h) => Buffer.from(h, 'hex').toString('latin1')).join(''));
    }
  }
  return lines.join('\n');
}
