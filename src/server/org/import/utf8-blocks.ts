/**
 * Cuts a byte stream into blocks of whole lines and checks that each is UTF-8, with one fatal
 * TextDecoder in streaming mode. Blocks end at a line break (a byte that is never part of a
 * multi-byte character), so a decoding failure is always inside the current block and can be
 * pinned to its line. The unfinished last line is carried over, but never beyond `maxLineBytes`:
 * 50 MB without a line break fails after the first few kilobytes instead of filling memory.
 */
import { CsvFileError, throwIfAborted } from './errors.js';

export interface Utf8BlockOptions {
  maxLineBytes: number;
  onBytes?: (bytesRead: number) => void;
  signal?: AbortSignal | undefined;
}

const LF = 0x0a, CR = 0x0d;
const NOT_UTF8 = 'the file is not UTF-8; save it as CSV UTF-8';

export async function* utf8Blocks(input: AsyncIterable<Uint8Array | string>, options: Utf8BlockOptions): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lines = new LineCounter();
  let carry = Buffer.alloc(0);
  let bytesRead = 0;
  for await (const chunk of readInput(input)) {
    throwIfAborted(options.signal);
    bytesRead += chunk.length;
    options.onBytes?.(bytesRead);
    if (bytesRead === chunk.length) rejectSpreadsheet(chunk);
    const end = Math.max(chunk.lastIndexOf(LF), chunk.lastIndexOf(CR)) + 1;
    if (end === 0) {
      carry = Buffer.concat([carry, chunk]);
      if (carry.length > options.maxLineBytes) throw lineTooLong(lines.count + 1, options.maxLineBytes);
      continue;
    }
    const block = carry.length ? Buffer.concat([carry, chunk.subarray(0, end)]) : chunk.subarray(0, end);
    carry = Buffer.from(chunk.subarray(end));
    check(decoder, block, lines, true);
    lines.add(block);
    yield block;
  }
  throwIfAborted(options.signal);
  check(decoder, carry, lines, false);
  if (carry.length) yield carry;
}

/** Turns a failure of the input itself (a dropped upload, an unreadable file) into a file error. */
async function* readInput(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of input) yield typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  } catch (error) {
    if (error instanceof CsvFileError) throw error;
    throw new CsvFileError({ message: `could not read the file: ${error instanceof Error ? error.message : String(error)}` });
  }
}

function check(decoder: TextDecoder, block: Buffer, lines: LineCounter, stream: boolean) {
  try {
    decoder.decode(block, { stream });
  } catch {
    throw new CsvFileError({ row: lines.count + firstBadLine(block, lines.endedWithCR), message: NOT_UTF8 });
  }
}

/** 1-based line within the block of the first line that is not UTF-8 (each decoded on its own). */
function firstBadLine(block: Buffer, startsAfterCR: boolean): number {
  let line = 1;
  let start = startsAfterCR && block[0] === LF ? 1 : 0;
  for (let i = start; i <= block.length; i++) {
    const b = block[i];
    if (i < block.length && b !== LF && b !== CR) continue;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(block.subarray(start, i));
    } catch {
      return line;
    }
    if (b === CR && block[i + 1] === LF) i++;
    line++;
    start = i + 1;
  }
  return line;
}

/** Counts line breaks as CSV readers do: CRLF, LF and a lone CR are each one. */
class LineCounter {
  count = 0;
  endedWithCR = false;
  add(block: Buffer) {
    for (let i = 0; i < block.length; i++) {
      const b = block[i];
      if (b === LF) { if (!this.endedWithCR) this.count++; this.endedWithCR = false; }
      else if (b === CR) { this.count++; this.endedWithCR = true; }
      else this.endedWithCR = false;
    }
  }
}

// Excel workbooks (.xlsx is a zip, .xls an OLE file) are often uploaded by mistake.
function rejectSpreadsheet(first: Buffer) {
  const zip = first[0] === 0x50 && first[1] === 0x4b && first[2] === 0x03 && first[3] === 0x04;
  const ole = first[0] === 0xd0 && first[1] === 0xcf && first[2] === 0x11 && first[3] === 0xe0;
  if (zip || ole) throw new CsvFileError({ row: 1, message: 'the file is an Excel workbook, not CSV; save it as CSV UTF-8' });
}

function lineTooLong(row: number, max: number) {
  return new CsvFileError({ row, message: `is longer than ${Math.round(max / 1024)} KB; this does not look like a CSV file` });
}
