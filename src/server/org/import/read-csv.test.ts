import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvFileError } from './errors.js';
import { readCsv, type CsvRecord } from './read-csv.js';

async function* chunks(data: Buffer, sizes: number[] = [data.length]): AsyncGenerator<Buffer> {
  let at = 0;
  for (let i = 0; at < data.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length]!);
    yield data.subarray(at, at + size);
    at += size;
  }
}

async function read(input: AsyncIterable<Buffer>): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of readCsv(input)) records.push(record);
  return records;
}

async function failure(input: AsyncIterable<Buffer>): Promise<CsvFileError> {
  try {
    await read(input);
  } catch (error) {
    if (error instanceof CsvFileError) return error;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

const RFC4180 = (rows: string[][]) => rows.map((r) => r.map((f) => `"${f.replaceAll('"', '""')}"`).join(',')).join('\r\n');

describe('readCsv', () => {
  it('reads RFC 4180: BOM, CRLF, quoted commas, quotes and line breaks', async () => {
    const text = '\uFEFFcode,name\r\nE82001,"Smith, Jones ""and"" Co"\r\nE82002,"Two\r\nlines"\r\nE82003,Plain\r\n';
    expect(await read(chunks(Buffer.from(text)))).toEqual([
      { row: 1, fields: ['code', 'name'] },
      { row: 2, fields: ['E82001', 'Smith, Jones "and" Co'] },
      { row: 3, fields: ['E82002', 'Two\r\nlines'] },
      { row: 4, fields: ['E82003', 'Plain'] },
    ]);
  });

  it('numbers rows as a spreadsheet does: blank lines count, LF and lone CR end rows too', async () => {
    const rows = (text: string) => read(chunks(Buffer.from(text))).then((r) => r.map((x) => [x.row, x.fields.join('|')]));
    expect(await rows('a,b\n\n1,2\n,\n3,4')).toEqual([[1, 'a|b'], [2, ''], [3, '1|2'], [4, '|'], [5, '3|4']]);
    expect(await rows('a,b\r1,2\r3,4\r')).toEqual([[1, 'a|b'], [2, '1|2'], [3, '3|4']]);
  });

  it('reads any table back whatever the chunking (multi-byte characters and CRLF split across chunks)', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ' ', 'é', '€', '😀', ',', '"', '\n', '\r\n'), maxLength: 12 });
    const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    const cuts = fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 });
    await fc.assert(fc.asyncProperty(table, cuts, fc.boolean(), async (rows, sizes, bom) => {
      const data = Buffer.from(`${bom ? '\uFEFF' : ''}${RFC4180(rows)}\r\n`);
      const records = await read(chunks(data, sizes));
      expect(records.map((r) => r.fields)).toEqual(rows);
      expect(records.map((r) => r.row)).toEqual(rows.map((_, i) => i + 1));
    }), { numRuns: 150 });
  });

  it('says the file is not UTF-8 and names the row of the first bad byte, even far into the file', async () => {
    const lines = ['code,name', ...Array.from({ length: 5000 }, (_, i) => `E${String(80000 + i)},Practice ${i}`)];
    const windows1252 = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\nE90000,Caf`), Buffer.from([0xe9]), Buffer.from('\r\nE90001,Other\r\n')]);
    for (const size of [windows1252.length, 4096, 1000, 7]) {
      const error = await failure(chunks(windows1252, [size]));
      expect(error.detail).toEqual({ row: 5002, message: 'the file is not UTF-8; save it as CSV UTF-8' });
    }
  });

  it('catches a bad byte on the last line without a line break, and a truncated character', async () => {
    expect((await failure(chunks(Buffer.concat([Buffer.from('a\nb\n'), Buffer.from([0x63, 0xe9])])))).detail.row).toBe(3);
    expect((await failure(chunks(Buffer.concat([Buffer.from('a\r\nb'), Buffer.from([0xe2, 0x82]), Buffer.from('\r\n')])))).detail.row).toBe(2);
  });

  it('stops early on a line longer than 64 KB instead of reading it all', async () => {
    let bytesRead = 0;
    async function* endless() {
      for (let i = 0; i < 800; i++) { bytesRead += 65536; yield Buffer.alloc(65536, 0x61); } // 50 MB of "a"
    }
    const error = await failure(endless());
    expect(error.detail).toEqual({ row: 1, message: 'is longer than 64 KB; this does not look like a CSV file' });
    expect(bytesRead).toBeLessThan(1024 * 1024);
  });

  it('stops early on a quote that is never closed', async () => {
    const text = `a,b\n1,"open${'\nmore text'.repeat(20_000)}`;
    const error = await failure(chunks(Buffer.from(text), [4096]));
    expect(error.detail.row).toBe(2);
    expect(error.detail.message).toContain('longer than 64 KB');
    expect((await failure(chunks(Buffer.from('a,b\n1,"open\n')))).detail).toEqual({ row: 2, message: 'opens a double quote that is never closed' });
  });

  it('explains a stray quote inside a value', async () => {
    const error = await failure(chunks(Buffer.from('a,b\n1,2\n3,say "hi"\n')));
    expect(error.detail.row).toBe(3);
    expect(error.detail.message).toContain('double quote');
  });

  it('recognises an Excel workbook uploaded instead of CSV', async () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 0x41)]);
    expect((await failure(chunks(xlsx))).detail).toEqual({ row: 1, message: 'the file is an Excel workbook, not CSV; save it as CSV UTF-8' });
  });

  it('turns a failing input stream into a file error', async () => {
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.from('a,b\n1,2\n');
      throw new Error('connection reset');
    }
    expect((await failure(broken())).detail).toEqual({ message: 'could not read the file: connection reset' });
  });
});
