/**
 * `hub import practices|providers|population|tariff|activity FILE [--quarantine] [--json]`: the same
 * all-or-nothing import as the upload page (activity may quarantine bad rows instead).
 * `hub import referrals FILE --as <practice username>`: bulk referrals (import-referrals.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Argument, type Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { describeError } from '../../server/org/import/describe.js';
import { importOrgFile } from '../../server/org/import/import-file.js';
import { IMPORT_KINDS, type ImportKind, type ImportProgress, type ImportReport } from '../../server/org/import/types.js';
import { formatPence } from '../../domain/activity/money.js';
import { CliError, output, withDatabase } from '../context.js';
import { importReferralsCli } from './import-referrals.js';

export function registerImport(program: Command) {
  program.command('import')
    .description('load practices.csv, providers.csv, population.csv, tariff.csv, activity.csv or referrals.csv; a file with any bad row stores nothing')
    .addArgument(new Argument('<kind>', 'what the file holds').choices([...IMPORT_KINDS, 'referrals']))
    .argument('<file>', 'the CSV file (UTF-8, header row)')
    .option('--as <username>', 'referrals only: the practice account sending them')
    .option('--quarantine', 'activity only: store the good rows and set the bad ones aside (each still reported)')
    .option('--json', 'print the import report as JSON (activity: rows read, stored, rejected, unpriced, cost in pence)')
    .action(async (kind: ImportKind | 'referrals', file: string, o: { json?: boolean; as?: string; quarantine?: boolean }) => {
      const size = fileSize(file);
      const bar = !o.json && process.stderr.isTTY ? progressBar(size) : undefined;
      // Ctrl-C cancels cleanly: nothing is stored and the run is recorded as cancelled.
      const cancel = new AbortController();
      const onInterrupt = () => cancel.abort();
      process.once('SIGINT', onInterrupt);
      let report: ImportReport;
      try {
        if (kind === 'referrals') return await importReferralsCli(file, { ...o, signal: cancel.signal, onProgress: bar?.show });
        report = await withDatabase(`import ${kind}`, ({ db }) => importOrgFile(db, kind, fs.createReadStream(file), {
          fileName: path.basename(file), actor: 'cli', signal: cancel.signal, onProgress: bar?.show, quarantine: o.quarantine,
        }));
      } finally {
        process.off('SIGINT', onInterrupt);
        bar?.stop();
      }
      if (report.status === 'succeeded') {
        const json = { ...report, stored: report.inserted + report.updated + report.unchanged, rejected: report.quarantined };
        const more = report.quarantined ? [...report.errors.map(describeError), ...(report.errorCount > report.errors.length ? [`… and ${report.errorCount - report.errors.length} more`] : [])] : [];
        output(Boolean(o.json), json, () => [report.message, ...describeSummary(report), ...report.warnings.map((w) => `warning: ${w}`), ...more]);
        return;
      }
      if (o.json) {
        output(true, report, () => []);
        throw new CliError('');
      }
      const more = report.errorCount - report.errors.length;
      throw new CliError([report.message, ...report.errors.map(describeError), ...(more > 0 ? [`… and ${more} more`] : [])].join('\n'));
    });
}

/** Activity's totals in words, cost in pounds (the JSON keeps pence). */
function describeSummary(report: ImportReport): string[] {
  const s = report.summary;
  if (s.lines === undefined) return [];
  return [`cost at tariff ${formatPence(s.costPence ?? 0)}; ${s.unpriced ?? 0} unpriced; ${s.outOfArea ?? 0} out of area; ${s.priceDifferences ?? 0} where the provider's price differs; ${s.challenges ?? 0} challenges in the months covered`];
}

function fileSize(file: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new CliError(`Cannot read ${file}: no such file.`);
  }
  if (!stat.isFile()) throw new CliError(`${file} is not a file.`);
  return stat.size;
}

/** A bar on stderr measured in bytes read, so it moves for files of any length. */
function progressBar(totalBytes: number) {
  const bar = new SingleBar({
    stream: process.stderr,
    format: '{phase} |{bar}| {percentage}% | {rows} rows',
    hideCursor: true,
    clearOnComplete: true,
  }, Presets.shades_classic);
  bar.start(Math.max(totalBytes, 1), 0, { phase: 'checking', rows: 0 });
  return {
    show: (p: ImportProgress) => bar.update(Math.min(p.bytesRead, totalBytes), { phase: p.phase.padEnd(8), rows: p.rowsRead }),
    stop: () => bar.stop(),
  };
}
