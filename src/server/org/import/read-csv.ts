/**
 * Reads an uploaded CSV file as a stream of records (RFC 4180: quoted fields may hold commas,
 * quotes and line breaks; a BOM is tolerated). Rows are numbered as a spreadsheet shows them:
 * the header is row 1 and blank lines count, so a row number points at the same row in Excel.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { CsvFileError } from './errors.js';
import { utf8Blocks } from './utf8-blocks.js';

/** Longest row accepted; real rows are a few hundred bytes. Bounds memory on junk input. */
export const MAX_ROW_BYTES = 64 * 1024;

export interface CsvRecord { row: number; fields: string[] }

export interface ReadCsvOptions {
  onBytes?: (bytesRead: number) => void;
  signal?: AbortSignal | undefined;
  maxRowBytes?: number;
}

export async function* readCsv(input: AsyncIterable<Uint8Array | string>, options: ReadCsvOptions = {}): AsyncGenerator<CsvRecord> {
  const maxRowBytes = options.maxRowBytes ?? MAX_ROW_BYTES;
  // relax_column_count: a row with the wrong number of values is reported on its own, not fatal.
  const parser = parse({ bom: true, relax_column_count: true, max_record_size: maxRowBytes });
  // A failure of the input (bad encoding, cancelled) ends the stream quietly and is raised after
  // the rows before it, so their errors are reported too; destroying the stream would drop them.
  const stopped: { error?: unknown } = {};
  const source = Readable.from(untilError(utf8Blocks(input, { maxLineBytes: maxRowBytes, onBytes: options.onBytes, signal: options.signal }), stopped));
  const piping = pipeline(source, parser).catch(() => undefined); // errors reach the loop below
  let row = 0;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { row, fields };
    }
  } catch (error) {
    // A quote left open at the end may only mean the input stopped early: report why it stopped.
    if (stopped.error && !(error instanceof CsvError && error.code !== 'CSV_QUOTE_NOT_CLOSED')) throw stopped.error;
    // The parser may fail before the records it had already parsed reach this loop: it knows best.
    if (error instanceof CsvError) throw syntaxError(error, (typeof error.records === 'number' ? error.records : row) + 1, maxRowBytes);
    throw error;
  } finally {
    source.destroy();
    parser.destroy();
    await piping;
  }
  if (stopped.error) throw stopped.error;
}

async function* untilError<T>(items: AsyncIterable<T>, stopped: { error?: unknown }): AsyncGenerator<T> {
  try {
    yield* items;
  } catch (error) {
    stopped.error = error;
  }
}

function syntaxError(error: CsvError, row: number, maxRowBytes: number): CsvFileError {
  switch (error.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return new CsvFileError({ row, message: `is longer than ${Math.round(maxRowBytes / 1024)} KB; this does not look like a CSV file (or a double quote is never closed)` });
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvFileError({ row, message: 'opens a double quote that is never closed' });
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new CsvFileError({ row, message: 'has a double quote inside a value; a value with quotes must itself be in double quotes, with each quote written twice ("")' });
    default:
      return new CsvFileError({ row, message: `is not valid CSV: ${error.message}` });
  }
}
