/**
 * Renders the demo locality as the interchange files of FORMATS.md (providers.csv,
 * practices.csv, population.csv), so the demo goes through the same import as real files.
 * Population comes as a stream of chunks, never one string: 6,500 practices make ~1 million rows.
 */
import { Readable } from 'node:stream';
import type { DemoLocality } from '../../domain/demo/locality.js';
import { populationRows } from '../../domain/demo/population.js';

/** RFC 4180: quote a field only when it holds a comma, quote or line break. */
export const csvField = (value: string | number) => {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const line = (fields: (string | number)[]) => `${fields.map(csvField).join(',')}\r\n`;

export function providersCsv(locality: DemoLocality): string {
  return line(['provider_code', 'name', 'kind', 'mff'])
    + locality.providers.map((p) => line([p.code, p.name, p.kind, p.mff.toFixed(4)])).join('');
}

export function practicesCsv(locality: DemoLocality): string {
  return line(['practice_code', 'name', 'postcode', 'group_code', 'commissioner_code'])
    + locality.practices.map((p) => line([p.code, p.name, p.postcode, p.groupCode, p.commissionerCode])).join('');
}

/** population.csv in chunks of about `chunkBytes`, produced only as the reader asks for them. */
export function* populationCsvChunks(locality: DemoLocality, chunkBytes = 64 * 1024): Generator<string> {
  let chunk = line(['practice_code', 'period', 'sex', 'age_band', 'patients']);
  for (const r of populationRows(locality)) {
    // codes, dates, sexes and bands never need quoting
    chunk += `${r.practiceCode},${r.period},${r.sex},${r.ageBand},${r.patients}\r\n`;
    if (chunk.length >= chunkBytes) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** A byte stream of population.csv; back-pressure pauses the generator. */
export const populationCsvStream = (locality: DemoLocality) =>
  Readable.from(populationCsvChunks(locality), { objectMode: false });
