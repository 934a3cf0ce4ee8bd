/** `hub import referrals FILE --as <practice username> [--json]`: the same all-or-nothing upload as POST /api/referrals/imports. */
import fs from 'node:fs';
import path from 'node:path';
import type { AuthenticatedUser } from '../../server/auth/credentials.js';
import { describeError } from '../../server/org/import/describe.js';
import type { ImportProgress } from '../../server/org/import/types.js';
import { importReferralsFile, type ReferralImportReport } from '../../server/referrals/bulk-import.js';
import { CliError, output, withDatabase } from '../context.js';

export interface ReferralImportCliOptions {
  as?: string;
  json?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

export async function importReferralsCli(file: string, o: ReferralImportCliOptions): Promise<void> {
  if (!o.as) throw new CliError('Say which practice account sends the referrals: --as practice-e82001 (referrals are sent as a practice user).');
  const report: ReferralImportReport = await withDatabase('import referrals', async ({ db }) => {
    const row = await db.selectFrom('app_user')
      .select(['id', 'username', 'display_name', 'role', 'practice_code', 'is_demo'])
      .where('username', '=', o.as!.toLowerCase()).executeTakeFirst();
    if (!row) throw new CliError(`There is no user ${o.as}.`);
    if (row.role !== 'practice') throw new CliError(`${row.username} is not a practice account: only practices send referrals.`);
    const user: AuthenticatedUser = {
      id: row.id, username: row.username, displayName: row.display_name, role: row.role, practiceCode: row.practice_code, isDemo: row.is_demo,
    };
    return importReferralsFile(db, user, fs.createReadStream(file), { fileName: path.basename(file), signal: o.signal, onProgress: o.onProgress });
  });
  if (report.status === 'succeeded') {
    output(Boolean(o.json), report, () => [report.message, ...report.warnings.map((w) => `warning: ${w}`)]);
    return;
  }
  if (o.json) {
    output(true, report, () => []);
    throw new CliError('');
  }
  const more = report.errorCount - report.errors.length;
  throw new CliError([report.message, ...report.errors.map(describeError), ...(more > 0 ? [`… and ${more} more`] : [])].join('\n'));
}
